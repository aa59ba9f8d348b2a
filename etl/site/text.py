"""Text as a reader sees it: Chinese marked as Chinese, numbers as printed, inline code."""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from markupsafe import Markup

# Chinese characters (the console's script gets them too); a run of Chinese: CJK characters,
# with the digits, punctuation and spaces between two of them.
HAN = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
CJK_RUN = re.compile(f"[{HAN}](?:[{HAN}0-9.%·“”‘’—…×⁰¹²³⁴⁵⁶⁷⁸⁹⁻ ]*[{HAN}])?")
HAS_CJK = re.compile(f"[{HAN}]")
HAS_LATIN = re.compile("[A-Za-z]")


def t(text: str) -> str:
    """Escape text for HTML, marking each run of Chinese as lang="zh-Hans"."""
    out, at = [], 0
    for match in CJK_RUN.finditer(text):
        out.append(escape(text[at:match.start()]))
        out.append(f'<span lang="zh-Hans">{escape(match.group())}</span>')
        at = match.end()
    out.append(escape(text[at:]))
    return "".join(out)


def lang_attr(text: str) -> str:
    """` lang="zh-Hans"` for text that is Chinese through and through, else nothing."""
    return ' lang="zh-Hans"' if HAS_CJK.search(text) and not HAS_LATIN.search(text) else ""


def cell(text: str) -> str:
    """Text for an element: wholly Chinese text gets the lang on the element (see lang_attr)."""
    return escape(text) if lang_attr(text) else t(text)


_TAG = re.compile(r"(<script.*?</script>|<style.*?</style>|<textarea.*?</textarea>|<!--.*?-->"
                  r"|<[^>]+>)", re.S)
_VOID = {"br", "input", "meta", "link", "img", "hr", "wbr", "area", "base", "col", "source"}


def mark(html: str) -> str:
    """Mark each run of Chinese in the text of HTML that is not already inside Chinese."""
    parts = _TAG.split(html)
    stack: list[tuple[str, bool]] = []
    for i, part in enumerate(parts):
        if i % 2:
            name = re.match(r"</?([A-Za-z][\w-]*)", part)
            if not name or part.startswith(("<script", "<style", "<textarea", "<!")):
                continue
            tag = name.group(1).lower()
            if part.startswith("</"):
                while stack and stack.pop()[0] != tag:
                    pass
            elif tag not in _VOID and not part.endswith("/>"):
                # inside Chinese already, or inside SVG (where a span is no element)
                stack.append((tag, 'lang="zh' in part or tag == "svg"
                              or (bool(stack) and stack[-1][1])))
        elif part and not (stack and stack[-1][1]):
            parts[i] = CJK_RUN.sub(lambda m: f'<span lang="zh-Hans">{m.group()}</span>', part)
    return "".join(parts)


_INLINE_CODE = re.compile(r"`([^`]+)`")


def inline(text: str) -> str:
    """Escape text, rendering `code` spans and marking Chinese."""
    out, at = [], 0
    for match in _INLINE_CODE.finditer(text):
        out.append(t(text[at:match.start()]))
        out.append(f"<code>{escape(match.group(1))}</code>")
        at = match.end()
    out.append(t(text[at:]))
    return "".join(out)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number(text: str) -> str:
    """A stored number as printed-ish: 200, 100,000,000, 7.82, 1.5×10⁻⁶ (never 200.0)."""
    if text in ("", None):
        return ""
    value = float(text)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value.is_integer() and value < 1e15:
        return f"{sign}{int(value):,}"
    shortest = repr(value)
    if "e" in shortest:
        mantissa, exponent = shortest.split("e")
        mantissa = mantissa.removesuffix(".0")
        return f"{sign}{mantissa}×10{str(int(exponent)).translate(_SUPERSCRIPT)}"
    whole, fraction = shortest.split(".")
    return f"{sign}{int(whole):,}.{fraction}"


QUALIFIER_WORDS = {  # (English, Chinese) before the number
    "exact": ("", ""), "about": ("about", "约"), "more_than": ("more than", "多于"),
    "at_least": ("at least", "不少于"), "less_than": ("less than", "少于"),
    "at_most": ("at most", "不超过"), "range": ("from", "从"),
}

PLURALS = {"tonne": "tonnes", "metre": "metres", "percentage point": "percentage points",
           "dalton": "daltons", "kilometre per hour": "kilometres per hour",
           "kilogram per mu": "kilograms per mu", "hundred million yuan": "hundred million yuan"}


def reading(f: dict[str, str], unit: dict[str, str]) -> tuple[str, str]:
    """The stored value in words, English and Chinese: ("more than 50", "多于50")."""
    en_q, zh_q = QUALIFIER_WORDS.get(f["qualifier"], (f["qualifier"], f["qualifier"]))
    name_en, name_zh = unit.get("name_en", f["unit"]), unit.get("name_zh", f["unit"])
    if f["qualifier"] == "range":
        low, high = number(f["value_low"]), number(f["value_high"])
        amount_en, amount_zh, many = f"{low} to {high}", f"{low}至{high}", True
    else:
        amount_en = amount_zh = number(f["value"])
        many = amount_en != "1"
    if f["unit"] == "percent":
        amount_en = amount_en.replace(" to ", "% to ") + "%"
        amount_zh = amount_zh.replace("至", "%至") + "%"
        name_en = name_zh = ""
    elif f["unit"] == "rank":
        amount_en, amount_zh, name_en, name_zh = f"No. {amount_en}", f"第{amount_zh}", "", ""
    elif f["unit"] == "count":
        name_en = name_zh = ""
    elif many:
        name_en = PLURALS.get(name_en, name_en)
    en = " ".join(p for p in (en_q, amount_en, name_en) if p)
    zh = f"{zh_q}{amount_zh}{name_zh}" if f["qualifier"] != "range" else \
        f"{amount_zh}{name_zh}"
    return en, zh


def text_lang(text: str, page: str) -> str | None:
    """The lang attribute of `text` on a page in `page` ("en", "zh"): "zh-Hans" for text
    that is Chinese through and through, "en" for Latin text without Chinese on a Chinese page
    (a screen reader then reads it in English), else None (the page's own language)."""
    chinese, latin = HAS_CJK.search(text), HAS_LATIN.search(text)
    if chinese and not latin:
        return None if page == "zh" else "zh-Hans"
    if latin and not chinese and page == "zh":
        return "en"
    return None


def json_script(value: Any, indent: int | None = None) -> Markup:
    """JSON safe inside a <script> element (which HTML entities do not reach): `<`, `>` and
    `&` as JSON escapes, so that no `</script>`, and no `<!--<script>` of the data (which
    would keep the element open past its end tag), ends or stretches the element."""
    data = json.dumps(value, ensure_ascii=False, indent=indent,
                      separators=None if indent else (",", ":"))
    return Markup(data.translate(_SCRIPT_SAFE))


_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
