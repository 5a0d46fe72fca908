"""Hangul arithmetic: the ROK initial-sound rule and DPRK-style romanization per syllable."""

from __future__ import annotations

import pytest

from nkwatch.resolve.hangul import final_is_stop, romanize_dprk, to_rok


@pytest.mark.parametrize("dprk, rok", [
    ("룡강군", "용강군"), ("락원", "낙원"), ("녕변", "영변"), ("리원", "이원"), ("량강도", "양강도"),
    ("라선", "나선"), ("력포", "역포"), ("로동자구", "노동자구"), ("성천", "성천"), ("", ""),
])
def test_rok_spelling_drops_initial_r_and_n(dprk: str, rok: str) -> None:
    assert to_rok(dprk) == rok


@pytest.mark.parametrize("hangul, kcna", [
    ("성천", "Songchon"), ("중평", "Jungphyong"), ("남포", "Nampho"), ("평안", "Phyongan"),
    ("함흥", "Hamhung"), ("청진", "Chongjin"), ("김책", "Kimchaek"), ("신의주", "Sinuiju"),
    ("룡강", "Ryonggang"), ("은파", "Unpha"), ("강동", "Kangdong"), ("자강", "Jagang"),
    ("통천", "Thongchon"), ("은률", "Unryul"), ("송림", "Songrim"), ("법동", "Popdong"),
    ("락원", "Rakwon"), ("전천", "Jonchon"), ("만경대", "Mangyongdae"), ("길주", "Kilju"),
])
def test_kcna_style_from_hangul(hangul: str, kcna: str) -> None:
    assert romanize_dprk(hangul) == kcna


def test_letter_style_does_not_voice() -> None:
    assert romanize_dprk("신계", "letter") == "Sinkye"
    assert romanize_dprk("신계") == "Singye"


def test_final_stop_decides_mr_suffix_voicing() -> None:
    assert final_is_stop("양덕") and not final_is_stop("성천")
