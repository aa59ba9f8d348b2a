"""Read Chinese numerals (一百零五, 两千, 廿三, 三点五) exactly, or refuse them: never a guess.

One rule decides what is a numeral: a string of numeral characters is read only if it is the
standard form of its value, the form `standard` writes (and cn2an writes), allowing the
variants news print: 两 for 二 before 百千万亿 or alone, 〇 for 零, a leading 一十 for 十, and
廿卅卌 for 二十三十四十. Any other string (一百五, 五〇, 一两, 三四十, 百, 十两) could be read
more than one way and is refused.
"""

from __future__ import annotations

import re
from decimal import Decimal

DIGITS = "零一二三四五六七八九"
SMALL_UNITS = {"十": 1, "百": 2, "千": 3}  # as powers of ten
BIG_UNITS = {"万": 4, "亿": 8}
LARGEST = 10**16  # 一亿亿: where usage (亿亿, 京) and cn2an part ways
NUMERAL_CHARACTERS = "〇零一二两三四五六七八九十百千万亿廿卅卌"
SHORTHANDS = str.maketrans({"廿": "二十", "卅": "三十", "卌": "四十", "〇": "零"})
# 两 stands for 二 alone or before a unit of 百 and above (两千, 两万), never before 十 or last.
TWO = re.compile(r"两(?=[百千万亿])|^两$")
# A magnitude printed after a number (3.6万, 5千, 1000多万): at most one of 十百千, then 万, 亿.
MAGNITUDE = re.compile(r"[十百千]?万?亿?")


class UnreadableNumeral(ValueError):
    """Numeral characters that are not one standard Chinese numeral."""


def standard(n: int) -> str:
    """The standard Chinese numeral of n ≥ 0: 10 十, 1005 一千零五, 100010 十万零一十."""
    if n < 0:
        raise ValueError("standard() writes numbers ≥ 0")
    if n == 0:
        return "零"
    text = _positive(n)
    return text[1:] if text.startswith("一十") else text


def _positive(n: int) -> str:
    for unit, power in (("亿", 8), ("万", 4)):
        if n >= 10**power:
            high, low = divmod(n, 10**power)
            if low == 0:
                return _positive(high) + unit
            zero = "零" if low < 10 ** (power - 1) else ""
            return _positive(high) + unit + zero + _positive(low)
    out, gap = "", False  # gap: a zero digit was passed since the last one written
    for unit, power in (("千", 3), ("百", 2), ("十", 1), ("", 0)):
        digit, n = divmod(n, 10**power)
        if digit:
            out += ("零" if gap else "") + DIGITS[digit] + unit
            gap = False
        elif out:
            gap = True
    return out


def read_integer(text: str) -> int:
    """The value of a standard Chinese integer numeral (with the variants the module allows)."""
    if len(text) > 1 and all(c in "〇零" + DIGITS[1:] for c in text):
        raise UnreadableNumeral(f"{text!r} is written digit by digit (as a year is, 二〇一二), "
                                "not as a quantity")
    normal = TWO.sub("二", text.translate(SHORTHANDS))
    if normal.startswith("一十"):
        normal = normal[1:]
    value = _value(normal, text)
    if value >= LARGEST:
        raise UnreadableNumeral(f"{text!r}: numerals of 亿亿 (10^16) and above are not read; "
                                "write the number in digits")
    if standard(value) != normal:
        raise UnreadableNumeral(f"{text!r} is not a standard Chinese numeral "
                                f"(the numeral of {value} is {standard(value)})")
    return value


def _value(normal: str, text: str) -> int:
    """Sum the numeral's parts; `read_integer` checks that the form was the standard one."""
    total = section = digit = 0
    for char in normal:
        if char in DIGITS:
            digit = DIGITS.index(char)
        elif char in SMALL_UNITS:
            section += (digit or 1) * 10 ** SMALL_UNITS[char]
            digit = 0
        elif char == "万":
            total += (section + digit) * 10**4
            section = digit = 0
        elif char == "亿":
            total = (total + section + digit) * 10**8
            section = digit = 0
        else:
            raise UnreadableNumeral(f"{text!r}: 两 stands for 二 only alone or before 百千万亿")
    return total + section + digit


def read_decimal(text: str) -> Decimal:
    """A Chinese numeral with an optional fraction after 点 (十二点五 = 12.5)."""
    whole, point, fraction = text.partition("点")
    if not point:
        return Decimal(read_integer(text))
    if not whole or not fraction or any(c not in "〇" + DIGITS for c in fraction):
        raise UnreadableNumeral(f"{text!r}: 点 needs a numeral before it and digits after it")
    digits = "".join(str(DIGITS.index(c.replace("〇", "零"))) for c in fraction)
    return Decimal(f"{read_integer(whole)}.{digits}")


def magnitude(text: str) -> int:
    """The power of ten of a magnitude printed after a number (万 4, 千万 7, 亿 8)."""
    if not text or not MAGNITUDE.fullmatch(text):
        raise UnreadableNumeral(f"{text!r} is not a magnitude (十, 百, 千, 万, 亿, 千万 …)")
    return sum({**SMALL_UNITS, **BIG_UNITS}[c] for c in text)


def unit_magnitude(marker: str) -> tuple[int, str]:
    """(power of ten, rest) of a unit marker that opens with a magnitude: 万吨 → (4, 吨).

    The 百 of 百分 (百分点, 百分比) is the percent word, not a magnitude.
    """
    found = MAGNITUDE.match(marker or "")
    prefix = found.group() if found else ""
    if prefix.endswith("百") and marker[len(prefix):].startswith("分"):
        prefix = prefix[:-1]
    return (magnitude(prefix) if prefix else 0), (marker or "")[len(prefix):]
