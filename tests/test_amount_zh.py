"""Amounts in Chinese units: converted, not relabelled."""

from __future__ import annotations

import math

import pytest

from helpers.book.present import amount_zh, parse_unit


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (11_660.3, "billion CNY", "11.66万亿元"),
    (2_345, "million USD", "23.45亿美元"),
    (3.71, "trillion JPY", "3.71万亿日元"),
    (562.4, "100 million CNY", "562.4亿元"),
    (56_240, "100 million CNY", "5.62万亿元"),
    (144.0, "billion USD", "1,440.0亿美元"),
    (85.0, "10 thousand CNY", "85.00万元"),
    (1_234_567, "10 thousand CNY", "123.5亿元"),
    (0.5, "million EUR", "50.00万欧元"),
    (-11_660.3, "billion CNY", "-11.66万亿元"),
    (9_999, "CNY", "9,999.0元"),
    (12, "billion KRW", "120.0亿韩元"),
    (12, "billion INR", "120.0亿INR"),
])
def test_amounts_take_the_chinese_scale_that_fits(value, unit, expected):
    assert amount_zh(value, unit) == expected


def test_the_converted_amount_is_the_same_amount():
    text = amount_zh(11_660.3, "billion CNY")
    assert math.isclose(float(text.removesuffix("万亿元")) * 1e12, 11_660.3e9, rel_tol=1e-3)


def test_a_missing_amount_says_so():
    assert amount_zh(float("nan"), "billion CNY") == "无数据"


@pytest.mark.parametrize("unit", ["gazillion CNY", "billion yuan", "billion", "%"])
def test_an_unknown_unit_is_an_error_naming_the_scales(unit):
    with pytest.raises(ValueError, match="unknown amount unit .* expected a scale"):
        parse_unit(unit)
