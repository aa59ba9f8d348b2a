"""Parse a value as the article prints it (50多所, 25%—30%, 小于1.5×10⁻⁶, 六成) into numbers.

A value is right or refused, never wrong. The grammar (the text around the numbers is unit
and context, left as printed):

    value     = [before] number [after]  |  [before] number between number [after]
    number    = [- + 负] (arabic | chinese | 首) [多 or 余 before a magnitude] [magnitude]
    arabic    = 1200 or 1,200 (groups of three), [.5], [×10⁻⁶ or 10⁻⁶, |exponent| ≤ 30]
    chinese   = a standard Chinese numeral, [点 digits]                (see etl.derive.numerals)
    magnitude = [十 百 千] [万] [亿], part of the number: 3.6万 is 36000
    between   = [the unit printed after the second number] — － - – ～ ~ or 至
    before, after: at most one qualifier marker each side (约50, 50多, 50%以上); none in a range.

Everything else that touches a number is refused with UnparsableValue, saying what was not
understood: signs or dashes out of place, 由/从 … 至 and verbs of change (升至, 增至) between
two numbers, 几 十来 数百 半 近, digits of other scripts, more than 15 significant digits
(a float64 keeps 15) or a magnitude beyond 10^±30.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal

from etl.derive.numerals import (
    NUMERAL_CHARACTERS,
    UnreadableNumeral,
    magnitude,
    read_decimal,
    read_integer,
    unit_magnitude,
)

__all__ = ["PrintedValue", "UnparsableValue", "chinese_number", "number_factor",
           "parse_printed", "scaled", "unit_magnitude"]

MAX_EXPONENT = 30  # no figure of the article is beyond 10^±30; a factor is held to it too
MAX_DIGITS = 15  # a float64 gives back any decimal of 15 significant digits unchanged
# Full-width forms and the minus signs print uses, read as their ASCII counterparts. The
# full-width comma ，is clause punctuation in Chinese, so it stays: 200，300 is refused.
NORMAL = str.maketrans("０１２３４５６７８９．％＋－−﹣　", "0123456789.%+--- ")
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
SUPER = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺"
NUMBER = re.compile(
    rf"(?P<power>10)(?P<pexp>[⁺⁻]?[{SUPER[:10]}]+)"
    rf"|(?P<arabic>[0-9][0-9,.]*)(?:\s*[×xX]\s*10(?:(?P<exp>[⁺⁻]?[{SUPER[:10]}]+)"
    r"|\^(?P<aexp>[+-]?[0-9]+)))?"
    rf"|(?P<chinese>(?:(?!百分)[{NUMERAL_CHARACTERS}])+(?:点[〇零一二三四五六七八九]+)?)"
    r"|(?P<first>首)"
)
# 多 or 余 between a number and its magnitude (1000多万, 三千余万), then the magnitude.
AFTER_NUMBER = re.compile(
    r"(?P<more>[多余](?=[十百千万亿]))?(?P<magnitude>(?:(?!百分)[十百千万亿])*)")
ARABIC = re.compile(r"(?:0|[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*)(?:\.[0-9]+)?")
SIGNS = "-+负"
RANGE_SEPARATORS = ("—", "-", "–", "～", "~", "至")
DASHES = "—-–～~"
BEFORE = {"大约": "about", "约": "about", "超过": "more_than", "大于": "more_than",
          "高于": "more_than", "多于": "more_than", "逾": "more_than", "至少": "at_least",
          "不少于": "at_least", "不低于": "at_least", "最多": "at_most", "不超过": "at_most",
          "不高于": "at_most", "不多于": "at_most", "小于": "less_than", "低于": "less_than",
          "少于": "less_than", "不到": "less_than", "不足": "less_than"}
AFTER = {"以上": "at_least", "以下": "at_most", "以内": "at_most", "左右": "about",
         "多": "more_than", "余": "more_than"}
MARKERS = sorted({**BEFORE, **AFTER}, key=len, reverse=True)  # 不超过 before 超过, 最多 before 多
# Words that make the number next to them approximate in a way no qualifier says.
VAGUE_BEFORE = ("几", "数", "近")  # 几十, 数百, 近50 (nearly, or recent?)
VAGUE_AFTER = ("几", "来")  # 十几, 十来个


class UnparsableValue(ValueError):
    """The printed value is not one number or one range with at most one qualifier."""


@dataclass(frozen=True)
class PrintedValue:
    numbers: tuple[Decimal, ...]
    qualifier: str


@dataclass(frozen=True)
class _Number:
    value: Decimal
    start: int  # the sign included
    end: int
    more: bool  # 多 or 余 inside the number (1000多万)
    top: str  # its highest magnitude (百千万亿, ×10ⁿ): a range's ends must agree on it …
    bare: bool  # … unless the first is bare digits (3, 三) that take the second's: 3—5万
    lends: int | None  # power of ten of the magnitude after the digits (5万: 4), if only that


def chinese_number(text: str) -> int:
    """A standard Chinese integer numeral (十二, 一百零五, 两千); 首 (first) is 1."""
    if text == "首":
        return 1
    try:
        return read_integer(text)
    except UnreadableNumeral as err:
        raise UnparsableValue(str(err)) from None


def scaled(factor: float, power: int) -> Decimal:
    """`factor` × 10^power, exactly in decimal: the one place the 万/亿 arithmetic is done."""
    return Decimal(repr(factor)).scaleb(power)


def number_factor(factor: float, marker: str | None) -> Decimal:
    """What a parsed number is multiplied by to reach the canonical unit: the unit's factor
    without the magnitude that opens its printed marker, since the number holds it already
    (3.6万吨 parses to 36000, which converts with the factor of 吨, not of 万吨)."""
    return scaled(factor, -unit_magnitude(marker or "")[0])


def parse_printed(text: str) -> PrintedValue:
    """Numbers and qualifier of one printed value; UnparsableValue says why not."""
    text = text.translate(NORMAL)
    numbers = _numbers(text)
    if not numbers:
        _refuse_stray(text, numbers, text)
        raise UnparsableValue("no number in the printed value")
    if len(numbers) > 2:
        raise UnparsableValue(f"{len(numbers)} numbers; a figure holds one number or a range")
    before, after = text[:numbers[0].start], text[numbers[-1].end:]
    between = text[numbers[0].end:numbers[-1].start] if len(numbers) == 2 else ""
    _refuse_stray(text, numbers, before + between + after)
    qualifiers = _qualifiers(before, after, between)
    if any(n.more for n in numbers):
        qualifiers.append("more_than")
    if len(numbers) == 2:
        return _range(numbers, before, between, after, qualifiers)
    if len(qualifiers) > 1:
        raise UnparsableValue(f"more than one qualifier marker ({', '.join(qualifiers)})")
    return PrintedValue((numbers[0].value,), qualifiers[0] if qualifiers else "exact")


def _numbers(text: str) -> list[_Number]:
    numbers: list[_Number] = []
    position = 0
    while match := NUMBER.search(text, position):
        rest = AFTER_NUMBER.match(text, match.end())
        assert rest is not None  # it matches the empty string
        position = rest.end()
        try:
            number = _number(match, rest["magnitude"], bool(rest["more"]))
        except UnreadableNumeral as err:
            raise UnparsableValue(str(err)) from None
        value, start = number.value, match.start()
        if start > 0 and text[start - 1] in SIGNS and not _is_separator(text, numbers, start):
            start -= 1
            value = -value if text[start] in "-负" and value else value
        numbers.append(replace(number, value=value, start=start, end=rest.end()))
    return numbers


def _is_separator(text: str, numbers: list[_Number], start: int) -> bool:
    """A - right after a first number is the range marker (25%-30%), unless one precedes it."""
    if not numbers or text[start - 1] != "-":
        return False
    return not text[numbers[-1].end:start - 1].strip().endswith(RANGE_SEPARATORS)


def _number(match: re.Match[str], magnitude_text: str, more: bool) -> _Number:
    """One number, its magnitude applied (3.6万 is 36000), bounded to what a float keeps."""
    scale = magnitude(magnitude_text) if magnitude_text else 0
    if match["chinese"] is not None:
        chinese = match["chinese"]
        if magnitude_text and "点" not in chinese:
            read_integer(chinese + magnitude_text)  # 三千多万 must be a numeral without 多
        value = read_decimal(chinese)
        tops = [c for c in "亿万千百" if c in chinese + magnitude_text]
        top = tops[0] if tops else ""
        single = re.fullmatch(r"[零一二两三四五六七八九](?P<m>[十百千]?[万亿]*)", chinese)
        single_magnitude = single["m"] if single else ""
        bare = bool(single) and not single_magnitude and not magnitude_text
        lends = scale if "点" in chinese and scale else \
            (magnitude(single_magnitude) if single_magnitude and not magnitude_text else None)
    elif match["first"] is not None:
        value, top, bare, lends = Decimal(1), "", not magnitude_text, None
    else:
        value, exponent = _arabic(match)
        tops = [c for c in "亿万千百十" if c in magnitude_text]
        top = f"×10^{exponent}" if exponent else (tops[0] if tops else "")
        bare = not magnitude_text and not exponent
        lends = scale if magnitude_text and not exponent else None
    value = value.scaleb(scale)
    if value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
        raise UnparsableValue(f"{match.group()}{magnitude_text} is beyond 10^±{MAX_EXPONENT}")
    if len(value.normalize().as_tuple().digits) > MAX_DIGITS:
        raise UnparsableValue(f"{match.group()} has more than {MAX_DIGITS} significant digits, "
                              "more than a published float64 keeps")
    return _Number(value, match.start(), match.end(), more, top, bare, lends)


def _arabic(match: re.Match[str]) -> tuple[Decimal, int]:
    """(value, exponent of its ×10ⁿ or 0) of an Arabic number."""
    if match["power"] is not None:
        digits, exponent = "1", match["pexp"]
    else:
        digits, exponent = match["arabic"], match["exp"] or match["aexp"] or "0"
        if not ARABIC.fullmatch(digits):
            raise UnparsableValue(f"{digits!r} is not a number: commas group three digits "
                                  "(1,200), one point marks the fraction, no leading zero")
    exponent = exponent.translate(SUPERSCRIPTS)
    if len(exponent.lstrip("+-")) > 2 or abs(int(exponent)) > MAX_EXPONENT:
        raise UnparsableValue(f"exponent 10^{exponent} is beyond ±{MAX_EXPONENT}")
    return Decimal(digits.replace(",", "")).scaleb(int(exponent)), int(exponent)


def _refuse_stray(text: str, numbers: list[_Number], outside: str) -> None:
    """Refuse what touches a number without being read: 5., 十几, 数百, 半, 5², ١٢."""
    for number in numbers:
        left, right = text[:number.start], text[number.end:]
        if left.endswith((".", ",")) or right.startswith((".", ",")):
            raise UnparsableValue("a point or comma next to a number that is not part of it")
        if left.endswith(VAGUE_BEFORE) or right.startswith(VAGUE_AFTER) or \
                (left.endswith("点") and text[number.start] in NUMERAL_CHARACTERS):
            raise UnparsableValue("几, 数, 近, 来 or 点 next to the number make it "
                                  "approximate, or part of a number not read")
        if right.startswith("百分"):
            raise UnparsableValue("a number before 百分 (a fraction or percent) is not read")
    if "半" in outside:
        raise UnparsableValue("半 (half) is not read")
    for i, char in enumerate(outside):
        is_unit_power = char in "²³" and i > 0 and outside[i - 1].isalpha()
        if unicodedata.numeric(char, None) is not None and not is_unit_power \
                and not outside.startswith("百分", i):
            raise UnparsableValue(f"{char!r} is a number the parser does not read")


def _qualifiers(before: str, after: str, between: str) -> list[str]:
    """The qualifier markers: 约, 超过 … before the number; 多, 以上, 左右 … after it."""
    found = []
    for side, allowed in ((before, BEFORE), (after, AFTER), (between, None)):
        for marker in MARKERS:
            if marker in side:
                if allowed is not None and marker not in allowed:
                    raise UnparsableValue(f"{marker} is not a qualifier on that side of the "
                                          "number")
                found += [{**BEFORE, **AFTER}[marker]] * side.count(marker)
                side = side.replace(marker, "\0")
        if allowed is not None and any(d in side for d in DASHES):
            raise UnparsableValue("a dash or range marker without a number on each side")
    return found


def _range(numbers: list[_Number], before: str, between: str, after: str,
           qualifiers: list[str]) -> PrintedValue:
    first, second = numbers
    core = between.strip()
    separator = next((s for s in RANGE_SEPARATORS if core.endswith(s)), None)
    if separator is None:
        raise UnparsableValue(f"two numbers but no range marker (—, -, ～, 至) between them, "
                              f"only {between!r}")
    unit = core[:-len(separator)].strip()
    if (unit and not after.strip().startswith(unit)) or any(w in before for w in "由从"):
        raise UnparsableValue(f"{between!r} does not join two quantities of one measure: "
                              "a range marker stands alone between them (25%—30%); "
                              "由/从 … 至, 升至, 增至 and the like state a change, not a range")
    if qualifiers:
        raise UnparsableValue("a range cannot also carry a qualifier marker")
    low, high = first.value, second.value
    if first.top != second.top:
        if not (first.bare and second.lends is not None):
            raise UnparsableValue(f"the ends of the range are written to different magnitudes "
                                  f"({first.top or 'none'}, {second.top or 'none'}): print both "
                                  "in full")
        low = low.scaleb(second.lends)  # 3—5万 is 3万—5万, 三至五百 is 三百至五百
    if low >= high:
        raise UnparsableValue("a range must run from low to high")
    return PrintedValue((low, high), "range")
