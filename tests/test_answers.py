"""Reading what a student types: one number (parse_number, read_answer), whether it is right to
a number of significant digits (agrees), and whole matrices pasted from elsewhere
(matrix_text), both orientations of W'."""
import numpy as np
import pytest

from w2v_core.readouts.answers import (agrees, count_right, parse_number, read_answer,
                                       round_sig, rule, tolerance)
from w2v_core.readouts.matrix_text import (format_matrix, format_output_matrix,
                                           parse_input_matrix, parse_matrix, parse_output_matrix)


# ---- one number ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text,value", [
    ("0.5", 0.5), (".5", 0.5), ("5.", 5.0), ("-0.25", -0.25), ("\u22120.25", -0.25),
    ("+1e-3", 0.001), ("2.5E4", 25000.0), ("1e+2", 100.0), ("  0.125\t", 0.125),
    ("\u00a00.5\u00a0", 0.5), ("1,5", 1.5), ("-0,25", -0.25), ("\u22120,25", -0.25),
    (",5", 0.5), ("0,125", 0.125), ("1,5e-3", 0.0015), ("12,5", 12.5), ("1,0000", 1.0),
    ("1/3", 1 / 3), ("-2 / 7", -2 / 7), ("\u22121/4", -0.25), ("1/-4", -0.25),
    ("0.5/2", 0.25), ("1,5/3", 0.5), ("7", 7.0), ("-0", 0.0), ("1e-400", 0.0),
])
def test_every_accepted_form_reads_as_its_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", [
    "x", "abc", "1.2.3", "1,2,3", "1,000.5", "1.000,5", "inf", "-inf", "nan", "Infinity",
    "1_000", "1 000", "2*3", "1+1", "--1", "+-1", "0x10", "1e", "e5", ".", "-", ",",
    "1/2/3", "1/", "/2", "1/x", "½", "٣", "１", "1e999", "1e308/1e-308", "(1)", "1;2",
    "__import__('os')",
])
def test_everything_else_is_refused_as_not_a_number(text):
    with pytest.raises(ValueError, match="^not a number: "):
        parse_number(text)


@pytest.mark.parametrize("text,readings", [
    ("1,000", ("1000", "1.000")), ("-12,500", ("12500", "12.500")), ("999,999", ("999999",
                                                                                "999.999")),
])
def test_a_comma_that_could_separate_thousands_is_refused_with_both_readings(text, readings):
    with pytest.raises(ValueError, match="^not a number: ") as err:
        parse_number(text)
    assert all(r in str(err.value) for r in readings)


def test_a_fraction_with_denominator_zero_is_refused():
    with pytest.raises(ValueError, match="^not a number: '1/0' divides by zero"):
        parse_number("1/0")


def test_nothing_typed_is_lost():
    for text in ("0,5", "x", "  ", "", "1/0", "1,000"):
        answer = read_answer(text)
        assert answer.text == text
        assert (answer.value is None) == (answer.error != "" or answer.empty)
    assert read_answer("x").error == "not a number: 'x'"
    assert read_answer("  ").empty and read_answer("  ").error == ""
    assert read_answer("\u22121/4").value == -0.25


# ---- right to a number of significant digits -------------------------------------------------
def test_right_means_within_half_a_unit_of_the_last_significant_digit():
    assert tolerance(0.123456, 3) == pytest.approx(0.0005)
    assert tolerance(-42.0, 2) == pytest.approx(0.5)
    assert tolerance(0.0987, 3) == pytest.approx(0.00005)
    for value, ok in ((0.123, True), (0.1235, True), (0.12296, True), (0.122, False),
                      (0.124, False), (-0.123, False)):
        assert agrees(value, 0.123456, 3) is ok, value
    assert agrees(0.12349, 0.1235, 3) and agrees(0.12351, 0.1235, 3)   # no rounding cliff
    assert agrees(0.0004999, 0.0005, 3) and not agrees(0.0004, 0.0005, 3)
    assert agrees(0.1, 0.09996, 3) and not agrees(0.0999, 0.09996, 3)   # 0.09996 is 0.100


def test_an_exact_zero_accepts_half_a_unit_of_the_digits_th_decimal():
    assert tolerance(0.0, 3) == pytest.approx(0.0005)
    assert agrees(0.0, 0.0, 2) and agrees(-0.0004, 0.0, 3) and not agrees(0.0006, 0.0, 3)
    assert not agrees(0.0, 1e-18, 3)           # a tiny exact value is a value like any other


@pytest.mark.parametrize("digits", [2, 3, 4, 5, 6])
def test_the_exact_value_rounded_to_the_digits_asked_is_always_right(digits):
    rng = np.random.default_rng(digits)
    values = np.concatenate([rng.normal(size=300) * 10.0 ** rng.integers(-8, 4, 300),
                             [0.1235, 0.09996, 9.9996, 0.5, -0.05, 1e-20, 123.5]])
    for x in values:
        assert agrees(round_sig(x, digits), x, digits), (x, digits)
        assert agrees(x, x, digits)
        assert not agrees(x + 3 * tolerance(x, digits), x, digits)


def test_digits_outside_2_to_6_are_refused_and_the_rule_is_stated():
    for digits in (1, 7, 2.5):
        with pytest.raises(ValueError, match="digits"):
            agrees(1.0, 1.0, digits)
    assert "3rd significant digit" in rule(3) and "0.122956" in rule(3)
    assert "2nd" in rule(2) and "6th" in rule(6)


def test_non_finite_values_are_never_right():
    assert not agrees(float("nan"), 1.0) and not agrees(1.0, float("nan"))
    assert not agrees(float("nan"), float("nan")) and not agrees(float("inf"), 1.0)


def test_the_running_count_counts_right_answers_of_those_checked():
    class R:
        def __init__(self, right):
            self.right = right
    assert count_right([R(True), R(False), R(True)]) == (2, 3)
    assert count_right([]) == (0, 0)


# ---- whole matrices --------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "0.1 -0.2 0.3\n0.4 0.5 0.6",
    "0.1\t-0.2\t0.3\n0.4\t0.5\t0.6\n",
    "0.1, -0.2, 0.3\n0.4, 0.5, 0.6",
    "0.1;-0.2;0.3\r\n0.4;0.5;0.6",
    "\n  0.1 , \u22120.2;\t3e-1\n\n\n4e-1 .5 0.6  \n",
    "[[0.1, -0.2, 0.3],\n [0.4, 0.5, 0.6]]",
    "| 0.1 | -0.2 | 0.3 |\n|---|---|---|\n| 0.4 | 0.5 | 0.6 |",
    "1/10 -1/5 0.3\n0.4 1/2 0.6",
])
def test_a_pasted_matrix_reads_with_any_separator(text):
    assert parse_matrix(text, 2, 3).tolist() == [[0.1, -0.2, 0.3], [0.4, 0.5, 0.6]]


@pytest.mark.parametrize("text,message", [
    ("0.1 0.2 0.3\n0.4 0.5 0.6\n0.7 0.8", "row 3 of W has 2 numbers; N = 3"),
    ("0.1 0.2 0.3\n0.4 0.5 0.6", "W has 2 rows; V = 3"),
    ("0.1 0.2 0.3\n0.4 0.5 0.6\n0.7 0.8 0.9\n1 1 1", "W has 4 rows; V = 3"),
    ("0.1 0.2 0.3\nx 0.5 0.6\n0.7 0.8 0.9", "row 2, column 1 of W is not a number: 'x'"),
    ("0.1 0.2 inf\n0.4 0.5 0.6\n0.7 0.8 0.9", "row 1, column 3 of W is not a number: 'inf'"),
    ("0.1 0.2 nan\n0.4 0.5 0.6\n0.7 0.8 0.9", "row 1, column 3 of W is not a number: 'nan'"),
    ("0.1 0.2 1e999\n0.4 0.5 0.6\n0.7 0.8 0.9", "row 1, column 3 of W is not a number"),
    ("0.1 0.2 0.3\n0.4 250 0.6\n0.7 0.8 0.9", "row 2, column 2 of W is 250; a weight must be "
                                              "between -100 and 100"),
    ("", "W is empty: type or paste V = 3 rows of N = 3 numbers"),
    ("\n \n", "W is empty"),
])
def test_a_bad_matrix_is_refused_naming_the_row_and_column_from_1(text, message):
    with pytest.raises(ValueError) as err:
        parse_input_matrix(text, 3, 3)
    assert message in str(err.value)


def test_decimal_commas_in_a_matrix_are_refused_and_the_message_says_why():
    with pytest.raises(ValueError) as err:
        parse_input_matrix("0,1 0,2 0,3\n0.4 0.5 0.6", 2, 3)
    assert "row 1 of W has 6 numbers; N = 3" in str(err.value)
    assert "0.5 and not 0,5" in str(err.value)
    with pytest.raises(ValueError) as err:                      # no comma, no hint
        parse_input_matrix("0.1 0.2 0.3 0.4 0.5 0.6\n0.4 0.5 0.6", 2, 3)
    assert "not 0,5" not in str(err.value)


def test_a_matrix_written_out_reads_back_to_every_digit():
    rng = np.random.default_rng(0)
    M = np.concatenate([rng.normal(size=(6, 3)) * 10.0 ** rng.integers(-12, 2, (6, 3)),
                        [[1 / 3, -0.0, 99.99999999999999], [1e-300, -5e-324, 0.1]]])
    assert parse_matrix(format_matrix(M), 8, 3).tobytes() == M.tobytes()
    assert parse_matrix(format_matrix(M, transpose=True), 3, 8, transpose=True).tobytes() \
        == M.tobytes()


def test_W_out_is_typed_as_the_slides_write_it_and_stored_as_the_engine_does():
    W_out = np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])      # engine: (V, N), row j = v'_j
    text = format_output_matrix(W_out)
    assert text.splitlines() == ["0.1\t0.3\t0.5", "0.2\t0.4\t0.6"]   # slides: N x V
    assert parse_output_matrix(text, 3, 2).tobytes() == W_out.tobytes()
    assert parse_output_matrix("0.1 0.3 0.5\n0.2 0.4 0.6", 3, 2)[1].tolist() == [0.3, 0.4]
    with pytest.raises(ValueError, match="^row 2 of W\u2032 has 2 numbers; V = 3$"):
        parse_output_matrix("0.1 0.3 0.5\n0.2 0.4", 3, 2)
    with pytest.raises(ValueError, match="^row 2, column 3 of W\u2032 is not a number: 'y'$"):
        parse_output_matrix("0.1 0.3 0.5\n0.2 0.4 y", 3, 2)
    with pytest.raises(ValueError, match="V − 1 = 2"):
        parse_output_matrix("0.1 0.3 0.5\n0.2 0.4 0.6", 2, 2, hs=True)
    with pytest.raises(ValueError, match="W\u2032 has 3 rows; N = 2"):
        parse_output_matrix("1 2 3\n4 5 6\n7 8 9", 3, 2)
