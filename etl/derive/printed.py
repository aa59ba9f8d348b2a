"""Parse a value as the article prints it (50多所, 25%—30%, 小于1.5×10⁻⁶, 六成) into numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
CHINESE_DIGITS = {"首": 1, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                  "八": 8, "九": 9}
NUMBER = re.compile(
    r"(?P<arabic>\d+(?:\.\d+)?)(?:\s*[×x]\s*10(?P<exp>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))?"
    r"|(?P<chinese>[首一二两三四五六七八九十]+)"
)
RANGE_SEPARATORS = ("—", "－", "-", "～", "~", "至")
# Longest first, so that 以上 is not read as anything shorter.
MARKERS = (
    ("以上", "at_least"), ("以下", "at_most"), ("小于", "less_than"), ("低于", "less_than"),
    ("左右", "about"), ("超过", "more_than"), ("大于", "more_than"), ("约", "about"),
    ("多", "more_than"), ("余", "more_than"),
)


class UnparsableValue(ValueError):
    """The printed value does not hold one number or one range with at most one qualifier."""


@dataclass(frozen=True)
class PrintedValue:
    numbers: tuple[Decimal, ...]
    qualifier: str


def chinese_number(text: str) -> int:
    """一 … 九十九, the only Chinese numerals the article uses for figures; 首 (first) is 1."""
    if "十" not in text:
        if len(text) != 1:
            raise UnparsableValue(f"cannot read Chinese numeral {text!r}")
        return CHINESE_DIGITS[text]
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        raise UnparsableValue(f"cannot read Chinese numeral {text!r}")
    return CHINESE_DIGITS.get(tens, 1) * 10 + (CHINESE_DIGITS[units] if units else 0)


@lru_cache(maxsize=1 << 18)
def parse_printed(text: str) -> PrintedValue:
    """Numbers and qualifier of one printed value (cached: derivation and rules both ask)."""
    matches = list(NUMBER.finditer(text))
    if not matches:
        raise UnparsableValue("no number in the printed value")
    numbers = tuple(_number(m) for m in matches)
    rest = NUMBER.sub(" ", text)
    qualifiers = []
    for marker, qualifier in MARKERS:
        if marker in rest:
            qualifiers.append(qualifier)
            rest = rest.replace(marker, " ")
    if len(numbers) == 2:
        between = text[matches[0].end():matches[1].start()]
        if not any(sep in between for sep in RANGE_SEPARATORS):
            raise UnparsableValue("two numbers but no range separator (—, -, ～, 至) between")
        if qualifiers:
            raise UnparsableValue("a range cannot also carry a qualifier marker")
        if numbers[0] >= numbers[1]:
            raise UnparsableValue("a range must run from low to high")
        return PrintedValue(numbers, "range")
    if len(numbers) > 2:
        raise UnparsableValue(f"{len(numbers)} numbers; a figure holds one number or a range")
    if len(qualifiers) > 1:
        raise UnparsableValue("more than one qualifier marker")
    return PrintedValue(numbers, qualifiers[0] if qualifiers else "exact")


def _number(match: re.Match[str]) -> Decimal:
    if match["chinese"]:
        return Decimal(chinese_number(match["chinese"]))
    value = Decimal(match["arabic"])
    if match["exp"]:
        value = value.scaleb(int(match["exp"].translate(SUPERSCRIPTS)))
    return value
