"""The printed-value parser: numbers, ranges, qualifiers as the curation guide defines them."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.derive.printed import UnparsableValue, chinese_number, parse_printed
from etl.metadata.tables import QUALIFIERS


@pytest.mark.parametrize(
    ("printed", "numbers", "qualifier"),
    [
        ("50多所", ["50"], "more_than"),
        ("3.6万吨", ["3.6"], "exact"),
        ("25%—30%", ["25", "30"], "range"),
        ("六成", ["6"], "exact"),
        ("小于0.2ppmw", ["0.2"], "less_than"),
        ("20家以上", ["20"], "at_least"),
        ("10万元/吨以下", ["10"], "at_most"),
        ("6.5N左右", ["6.5"], "about"),
        ("约50%", ["50"], "about"),
        ("小于1.5×10⁻⁶atoms/cm³", ["0.0000015"], "less_than"),
        ("670多人(次)", ["670"], "more_than"),
        ("第一", ["1"], "exact"),
    ],
)
def test_parses_what_the_article_prints(printed, numbers, qualifier):
    parsed = parse_printed(printed)
    assert parsed.numbers == tuple(Decimal(n) for n in numbers)
    assert parsed.qualifier == qualifier


@pytest.mark.parametrize("printed", ["吨", "", "1、2、3", "30%—25%", "约25%—30%", "50多所以上"])
def test_refuses_what_is_not_one_number_or_range(printed):
    with pytest.raises(UnparsableValue):
        parse_printed(printed)


@pytest.mark.parametrize(("text", "value"), [("七", 7), ("十", 10), ("十二", 12), ("二十", 20),
                                             ("九十九", 99), ("两", 2)])
def test_chinese_numerals(text, value):
    assert chinese_number(text) == value


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False),
       st.sampled_from(["", "多", "以上", "以下", "左右"]), st.sampled_from(["吨", "万元", "%"]))
def test_any_arabic_number_round_trips(number, marker, unit):
    text = f"{number:f}{unit}{marker}" if marker in ("以上", "以下", "左右") else \
        f"{number:f}{marker}{unit}"
    parsed = parse_printed(text)
    assert parsed.numbers == (number,)


@given(st.text(max_size=20))
def test_any_text_parses_to_a_well_formed_value_or_is_refused_cleanly(text):
    try:
        parsed = parse_printed(text)
    except UnparsableValue as err:
        assert str(err)
        return
    assert parsed.qualifier in QUALIFIERS
    assert len(parsed.numbers) == (2 if parsed.qualifier == "range" else 1)
