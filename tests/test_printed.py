"""The printed-value parser: right or refused, never wrong (issue "Trust", section 1).

Every expected value here is written by hand from Chinese usage, or taken from cn2an (an
independent library) or from the committed release; none is computed by the parser.
"""

import csv
import re
from decimal import Decimal
from pathlib import Path

import cn2an
import pytest
from conftest import ROOT, run, snapshot
from counts import ROW_COUNTS
from hypothesis import given
from hypothesis import strategies as st

from etl.derive.numerals import standard
from etl.derive.printed import (
    UnparsableValue,
    chinese_number,
    number_factor,
    parse_printed,
    scaled,
)
from etl.metadata.tables import QUALIFIERS

# Printed forms of Chinese news usage: (printed, numbers, qualifier). The number keeps the
# magnitude printed with it (3.6万吨 is 36000); the unit 万吨 converts it with the factor of 吨.
NEWS_FORMS = [
    ("50多所", ["50"], "more_than"),
    ("3.6万吨", ["36000"], "exact"),
    ("600万吨", ["6000000"], "exact"),
    ("12.5万吨", ["125000"], "exact"),
    ("1亿元", ["100000000"], "exact"),
    ("10万元/吨以下", ["100000"], "at_most"),
    ("一百多所", ["100"], "more_than"),
    ("两千", ["2000"], "exact"),
    ("两万两千人", ["22000"], "exact"),
    ("十二", ["12"], "exact"),
    ("一十二", ["12"], "exact"),
    ("廿", ["20"], "exact"),
    ("廿三日", ["23"], "exact"),
    ("一千零五", ["1005"], "exact"),
    ("一万零五百", ["10500"], "exact"),
    ("一亿三千万", ["130000000"], "exact"),
    ("一百〇五", ["105"], "exact"),
    ("三千多万元", ["30000000"], "more_than"),
    ("1000多万吨", ["10000000"], "more_than"),
    ("200余家", ["200"], "more_than"),
    ("1,200", ["1200"], "exact"),
    ("12,000.5吨", ["12000.5"], "exact"),
    ("１２００吨", ["1200"], "exact"),
    ("１２．５％", ["12.5"], "exact"),
    ("-5吨", ["-5"], "exact"),
    ("负五", ["-5"], "exact"),
    ("−3.5", ["-3.5"], "exact"),
    ("约3万", ["30000"], "about"),
    ("3万多", ["30000"], "more_than"),
    ("1.2万", ["12000"], "exact"),
    ("三点六万", ["36000"], "exact"),
    ("零点五", ["0.5"], "exact"),
    ("25%—30%", ["25", "30"], "range"),
    ("25%-30%", ["25", "30"], "range"),
    ("25%～30%", ["25", "30"], "range"),
    ("25%~30%", ["25", "30"], "range"),
    ("25—30%", ["25", "30"], "range"),
    ("14%至24%", ["14", "24"], "range"),
    ("3—5万吨", ["30000", "50000"], "range"),
    ("三至五百人", ["300", "500"], "range"),
    ("-5至-3", ["-5", "-3"], "range"),
    ("-5--3", ["-5", "-3"], "range"),
    ("小于1.5×10⁻⁶", ["0.0000015"], "less_than"),
    ("小于1.5×10⁻⁶atoms/cm³", ["0.0000015"], "less_than"),
    ("1.5x10⁻⁶", ["0.0000015"], "exact"),
    ("10⁻⁶", ["0.000001"], "exact"),
    ("六成", ["6"], "exact"),
    ("世界第一", ["1"], "exact"),
    ("第一", ["1"], "exact"),
    ("国内首家", ["1"], "exact"),
    ("世界首套", ["1"], "exact"),
    ("20个百分点", ["20"], "exact"),
    ("每小时250公里", ["250"], "exact"),
    ("时速486.1公里", ["486.1"], "exact"),
    ("670多人(次)", ["670"], "more_than"),
    ("20家以上", ["20"], "at_least"),
    ("80%以上", ["80"], "at_least"),
    ("50%左右", ["50"], "about"),
    ("6.5N左右", ["6.5"], "about"),
    ("约50%", ["50"], "about"),
    ("至少50家", ["50"], "at_least"),
    ("超过50%", ["50"], "more_than"),
    ("不到10%", ["10"], "less_than"),
    ("不超过5项", ["5"], "at_most"),
    ("零", ["0"], "exact"),
]

# Forms the parser must refuse, with a word of the reason it gives.
REFUSED = [
    ("五〇吨", "digit by digit"),
    ("二〇一二", "digit by digit"),
    ("1,20", "commas group three digits"),
    ("1,2000", "commas group three digits"),
    ("007", "leading zero"),
    ("5.吨", "not a number"),
    (".5", "point"),
    ("由14%至24%", "change"),
    ("由14%升至24%", "change"),
    ("14%升至24%", "change"),
    ("14%增至24%", "change"),
    ("14%提高到24%", "no range marker"),
    ("5吨至10公斤", "one measure"),
    ("1×10⁹⁹⁹⁹⁹⁹⁹吨", "beyond ±30"),
    ("1×10⁻³¹", "beyond ±30"),
    ("1" + "0" * 31, "beyond 10^±30"),
    ("1234567890123456", "significant digits"),
    ("一万二", "not a standard Chinese numeral"),
    ("一百五", "not a standard Chinese numeral"),
    ("一亿亿吨", "亿亿 (10^16) and above are not read"),
    ("三四十", "not a standard Chinese numeral"),
    ("一两个", "两"),
    ("十两", "两"),
    ("十几个", "approximate"),
    ("几十家", "approximate"),
    ("近50所", "approximate"),
    ("十来个", "approximate"),
    ("一半", "半"),
    ("两倍半", "半"),
    ("百分之三百分", "百分"),
    ("约25%—30%", "qualifier"),
    ("30%—25%", "low to high"),
    ("50多所以上", "more than one qualifier"),
    ("超过50%以上", "more than one qualifier"),
    ("50%约", "not a qualifier on that side"),
    ("—5", "dash"),
    ("25%—", "dash"),
    ("200，300", "no range marker"),
    ("5²", "number the parser does not read"),
    ("٥吨", "number the parser does not read"),
    ("二十至三十万", "different magnitudes"),
    ("5千—2万", "different magnitudes"),
    ("3万5千", "no range marker"),
    ("零下5度", "no range marker"),
    ("万吨", "not a standard Chinese numeral"),
    ("吨", "no number"),
    ("", "no number"),
    ("1、2、3", "3 numbers"),
]


@pytest.mark.parametrize(("printed", "numbers", "qualifier"), NEWS_FORMS)
def test_parses_what_chinese_news_print(printed, numbers, qualifier):
    parsed = parse_printed(printed)
    assert parsed.numbers == tuple(Decimal(n) for n in numbers)
    assert parsed.qualifier == qualifier


def test_the_table_of_news_forms_is_large_and_distinct():
    assert len(NEWS_FORMS) >= 40
    assert len({form for form, _, _ in NEWS_FORMS}) == len(NEWS_FORMS)


@pytest.mark.parametrize(("printed", "reason"), REFUSED)
def test_refuses_what_it_does_not_understand_and_says_what(printed, reason):
    with pytest.raises(UnparsableValue, match=re.escape(reason)):
        parse_printed(printed)


# The five values the parser used to publish wrong, or crash on: each must now be right or
# refused. None means that only a refusal is right.
RIGHT_OR_REFUSED = [
    ("-5吨", (Decimal(-5),), "exact"),
    ("一百多所", (Decimal(100),), "more_than"),
    ("五〇吨", (Decimal(50),), "exact"),
    ("14%升至24%", None, None),
    ("1×10⁹⁹⁹⁹⁹⁹⁹吨", None, None),
]


@pytest.mark.parametrize(("printed", "numbers", "qualifier"), RIGHT_OR_REFUSED)
def test_the_values_once_published_wrong_are_right_or_refused(printed, numbers, qualifier):
    try:
        parsed = parse_printed(printed)
    except UnparsableValue as err:
        assert str(err)
        return
    assert numbers is not None, f"{printed} must be refused, not read as {parsed}"
    assert (parsed.numbers, parsed.qualifier) == (numbers, qualifier)


@pytest.mark.parametrize(("text", "value"), [("七", 7), ("十", 10), ("十二", 12), ("二十", 20),
                                             ("九十九", 99), ("两", 2), ("两千", 2000),
                                             ("一百零五", 105), ("十万零一十", 100010),
                                             ("一万亿", 10**12), ("卅", 30), ("首", 1)])
def test_chinese_numerals(text, value):
    assert chinese_number(text) == value


@pytest.mark.parametrize("text", ["一百五", "五〇", "百", "两十", "一千零", "一万五百", "二廿"])
def test_chinese_numerals_outside_the_standard_forms_are_refused(text):
    with pytest.raises(UnparsableValue):
        chinese_number(text)


def _published() -> dict[tuple[str, str], tuple]:
    with open(ROOT / "data" / "processed" / "figures.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    columns = ("value", "value_low", "value_high")
    return {(r["value_as_printed"], r["printed_unit_id"]):
            (*(float(r[c]) if r[c] else None for c in columns), r["qualifier"]) for r in rows}


def test_every_printed_value_of_the_article_parses_to_its_published_value():
    """The parser and the units table together give exactly the published figures."""
    with open(ROOT / "data" / "raw" / "units.csv", encoding="utf-8") as handle:
        units = {u["unit_id"]: u for u in csv.DictReader(handle)}
    with open(ROOT / "data" / "raw" / "figures.csv", encoding="utf-8") as handle:
        figures = list(csv.DictReader(handle))
    published = _published()
    assert len(figures) == ROW_COUNTS["figures"]
    for row in figures:
        printed, unit = row["value_as_printed"], units[row["printed_unit_id"]]
        parsed = parse_printed(printed)
        factor = number_factor(float(unit["factor"]), unit["printed_as"])
        values = [float(n * factor) for n in parsed.numbers]
        expected = published[(printed, row["printed_unit_id"])]
        got = ((None, *values) if parsed.qualifier == "range" else (values[0], None, None))
        assert (*got, parsed.qualifier) == expected, printed


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_standard_chinese_numerals_are_cn2an_s(n):
    assert standard(n) == cn2an.an2cn(str(n))


@given(st.integers(min_value=0, max_value=10**15 - 1), st.booleans())
def test_any_chinese_integer_numeral_reads_back(n, negative):
    text = cn2an.an2cn(str(-n if negative else n))
    assert parse_printed(text + "吨").numbers == (Decimal(-n if negative else n),)


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False))
def test_any_chinese_decimal_numeral_reads_back(number):
    text = cn2an.an2cn(f"{number:f}")
    assert parse_printed(text).numbers == (number,)


@given(st.text(st.sampled_from("〇零一二两三四五六七八九十百千万亿"), min_size=1, max_size=9))
def test_a_numeral_the_parser_accepts_has_cn2an_s_value(text):
    """Cross-check of acceptance: what is read, cn2an's strict mode reads the same."""
    try:
        value = chinese_number(text)
    except UnparsableValue:
        return
    assert cn2an.cn2an(text.replace("两", "二").replace("〇", "零"), "strict") == value


FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False),
       st.sampled_from(["plain", "commas", "full width"]))
def test_any_arabic_number_reads_back_with_separators_or_full_width(number, style):
    text = {"plain": f"{number:f}", "commas": f"{number:,f}",
            "full width": f"{number:f}".translate(FULL_WIDTH)}[style]
    assert parse_printed(text + "元").numbers == (number,)


@given(st.decimals(min_value=0, max_value=10**5, places=2, allow_nan=False),
       st.sampled_from([("万", 4), ("亿", 8), ("千万", 7)]))
def test_a_magnitude_printed_after_a_number_multiplies_it(number, magnitude):
    text, power = magnitude
    assert parse_printed(f"{number:f}{text}吨").numbers == (number.scaleb(power),)


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False),
       st.sampled_from(["", "多", "以上", "以下", "左右"]), st.sampled_from(["吨", "元", "%"]))
def test_any_arabic_number_round_trips(number, marker, unit):
    text = f"{number:f}{unit}{marker}" if marker in ("以上", "以下", "左右") else \
        f"{number:f}{marker}{unit}"
    parsed = parse_printed(text)
    assert parsed.numbers == (number,)


@given(st.decimals(min_value=Decimal("0.001"), max_value=10**9, places=3, allow_nan=False),
       st.sampled_from(["-", "负", "−", "－"]))
def test_a_sign_is_never_lost(number, sign):
    assert parse_printed(f"{sign}{number:f}吨").numbers == (-number,)


NEAR_MISSES = st.text(st.sampled_from(list("0123456789.,-—～至约多以上下首第万亿千百十两〇一五负"
                                           "%吨×⁻⁶²升由半几 ")), max_size=12)


@given(st.one_of(st.text(max_size=20), NEAR_MISSES))
def test_any_text_parses_to_a_well_formed_value_or_is_refused_cleanly(text):
    try:
        parsed = parse_printed(text)
    except UnparsableValue as err:
        assert str(err)
        return
    assert parsed.qualifier in QUALIFIERS.codes
    assert len(parsed.numbers) == (2 if parsed.qualifier == "range" else 1)
    assert all(n.is_finite() and (not n or -30 <= n.adjusted() <= 30) for n in parsed.numbers)
    if parsed.qualifier == "range":
        assert parsed.numbers[0] < parsed.numbers[1]


def _units_mutated(mini, old: str, new: str) -> str:
    path = Path(mini.raw_csv("units"))
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = snapshot(mini)
    result = run(mini.root, "build")
    assert result.exit_code == 1, result.output
    assert "nothing was published" in result.output
    assert snapshot(mini) == before
    return result.output


def test_a_unit_whose_magnitude_disagrees_with_its_factor_is_refused(mini):
    """万吨 with factor 1000 would publish every figure in 万吨 ten times too small."""
    output = _units_mutated(mini, "万吨,mass,t,10000,", "万吨,mass,t,1000,")
    assert any(line.startswith("data/raw/units.csv:3:") and "rule canonical_unit:" in line
               and "10000" in line for line in output.splitlines()), output


def test_a_factor_that_would_overflow_is_refused_naming_the_unit(mini):
    output = _units_mutated(mini, "万吨,mass,t,10000,", "万吨,mass,t,1e308,")
    assert any(line.startswith("data/raw/units.csv:3:") and "rule canonical_unit:" in line
               and "wan_t" in line for line in output.splitlines()), output
    assert "inf" not in output.replace("info", "")


@pytest.mark.parametrize(("factor", "marker", "expected"), [
    (10000, "万吨", "1"), (1e8, "亿元", "1"), (10000, "万元/吨", "1"), (1, "吨", "1"),
    (10, "成", "10"), (1, "百分比", "1"), (1, "", "1"), (1, None, "1"), (10000, "万吨", "1"),
    (0.001, "千克", "0.000001"),
])
def test_a_unit_marker_s_magnitude_is_taken_out_of_the_factor_once(factor, marker, expected):
    assert number_factor(factor, marker) == Decimal(expected)


@given(st.decimals(min_value=-10**6, max_value=10**6, allow_nan=False, places=6),
       st.integers(-20, 20))
def test_scaling_by_a_power_of_ten_is_exact(number, power):
    factor = float(number)
    assert scaled(factor, power) == Decimal(repr(factor)) * Decimal(10) ** power
