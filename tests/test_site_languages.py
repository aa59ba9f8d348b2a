"""Two whole sites: every page in English and in Chinese, each linking to its twin, every word
of the Chinese interface in Chinese, the strings complete in both languages."""

from __future__ import annotations

import csv
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from etl.metadata.tables import RELATION_TYPES
from etl.site.strings import EN, RELATION_SENTENCES, ZH
from etl.site.text import text_lang

pytest_plugins = ["site_browser"]  # the site (built once for the file)

TEMPLATES = Path(__file__).resolve().parents[1] / "etl" / "site" / "templates"
CJK = re.compile("[\u3400-\u9fff]")
# Interface words that are names in any language: formats, the engine, a key combination.
NAMES = {"CSV", "Parquet", "SQL", "DuckDB", "(Ctrl+Enter)", "English", "views.sql"}


def test_every_string_exists_in_both_languages():
    assert set(EN) == set(ZH)
    used = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text("utf-8")
        used |= set(re.findall(r"\bs\.(\w+)", text)) | set(re.findall(r"s\[\"(\w+)\"\]", text))
    assert used and used <= set(EN), used - set(EN)
    for lang in ("en", "zh"):
        assert set(RELATION_SENTENCES[lang]) == set(RELATION_TYPES)
        assert all("{s}" in v and "{o}" in v for v in RELATION_SENTENCES[lang].values())
    for key, text in ZH.items():  # placeholders alike in both
        assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", EN[key])), key


class _Interface(HTMLParser):
    """The text of a page's interface elements (not its data): headings, navigation,
    buttons, labels, captions, table headers (not a data table's field names)."""

    KINDS = frozenset({"h1", "h2", "button", "label", "caption", "summary", "th", "dt", "nav",
                       "title"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "br", "meta", "link", "img"):
            return
        attributes = dict(attrs)
        data = "data-field" in attributes or ("lang" in attributes and tag == "span") \
            or (tag in ("code", "a") and self.stack and self.stack[-1][0] == "nav" \
            and "lang-switch" in (attributes.get("class") or "")) \
            or (tag == "span" and "h1-sub" in (attributes.get("class") or ""))
        self.stack.append((tag, data))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        text = data.strip()
        if not text or any(d for _, d in self.stack) or any(t == "code" for t, _ in self.stack):
            return
        inside = [t for t, _ in self.stack if t in self.KINDS]
        if inside and inside[-1] != "h1":
            self.texts.append((inside[-1], text))


def test_the_chinese_interface_is_chinese(site):
    pages = sorted((site / "zh").rglob("*.html"))
    assert len(pages) == len(list(site.glob("*.html")) + list(site.glob("*/*.html"))) - len(
        list(site.glob("zh/*.html")))  # every English page has its twin, and no more
    for page in pages:
        html = page.read_text("utf-8")
        assert '<html lang="zh-Hans">' in html, page
        parser = _Interface()
        parser.feed(html)
        english = [(kind, text) for kind, text in parser.texts
                   if not CJK.search(text) and text not in NAMES
                   and re.search("[A-Za-z]{3}", text)]
        assert english == [], (page.relative_to(site), english[:5])


def test_each_page_links_to_its_twin(site):
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        chinese = relative.parts[0] == "zh"
        twin = Path(*relative.parts[1:]) if chinese else Path("zh", *relative.parts)
        html = page.read_text("utf-8")
        match = re.search(r'<a class="lang-switch" href="([^"]+)"', html)
        assert match, relative
        assert (page.parent / match.group(1)).resolve() == (site / twin).resolve(), relative
        assert f'<html lang="{"zh-Hans" if chinese else "en"}">' in html


@given(chinese=st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1),
       latin=st.text(st.sampled_from("abcXYZ"), min_size=1),
       neutral=st.text(st.sampled_from(" 0123456789.,-()"), max_size=5))
def test_text_in_the_other_language_says_its_language(chinese, latin, neutral):
    """A screen reader reads Chinese text on an English page as Chinese and English text on a
    Chinese page as English; text in the page's language or mixed takes the page's."""
    assert text_lang(neutral + chinese + neutral, "en") == "zh-Hans"
    assert text_lang(neutral + chinese, "zh") is None
    assert text_lang(latin + neutral, "zh") == "en"
    assert text_lang(latin + neutral, "en") is None
    assert text_lang(latin + neutral + chinese, "en") is None
    assert text_lang(chinese + neutral + latin, "zh") is None


def test_english_cells_of_chinese_pages_are_marked_english(site, release):
    html = (site / "zh" / "tables" / "figures.html").read_text("utf-8")
    english = {unescape(t) for t in re.findall(r'<td class="text" lang="en">([^<]*)</td>', html)}
    with open(release.processed / "figures.csv", encoding="utf-8", newline="") as handle:
        labels = {r["label_en"] for r in csv.DictReader(handle) if not CJK.search(r["label_en"])}
    assert labels and labels <= english  # labels with a Chinese gloss are mixed: the page's
