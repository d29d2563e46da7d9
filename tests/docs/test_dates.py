"""Time-sensitive claims carry the month they were checked, the same in both languages."""

import datetime

import pytest

from tests.support import dates as T
from tests.support import pages as P

NAMES = sorted(set(P.pages("zh")) & set(P.pages("en")))
TODAY = datetime.date.today()


def claims(lang: str, name: str) -> list[T.DatedClaim]:
    return T.dated_claims(P.DOCS / lang / name, lang, f"docs/{lang}/{name}")


@pytest.mark.parametrize("name", NAMES)
def test_both_languages_date_the_same_claims(name):
    assert T.check_dates_match(claims("zh", name), claims("en", name), name) == []


@pytest.mark.parametrize("name", NAMES)
def test_dates_follow_the_convention(name):
    problems = []
    for lang in P.LANGUAGES:
        path = P.DOCS / lang / name
        problems += T.check_date_format(path, lang, f"docs/{lang}/{name}")
        problems += T.check_not_in_future(claims(lang, name), (TODAY.year, TODAY.month))
    assert problems == []


def test_the_guide_dates_its_claims():
    total = sum(len(claims("en", name)) for name in NAMES)
    assert total >= 20, f"only {total} dated claims in the English pages"


def test_mismatched_dates_are_reported(tmp_path):
    zh = tmp_path / "zh.md"
    en = tmp_path / "en.md"
    zh.write_text("规定截至 2026 年 6 月仍有效；价格截至 2026 年 12 月。\n", encoding="utf-8")
    en.write_text("The rule holds as of June 2026; prices as of November 2026.\n", encoding="utf-8")
    problems = T.check_dates_match(T.dated_claims(zh, "zh"), T.dated_claims(en, "en"), "x.md")
    assert problems == [
        "docs/zh/x.md and docs/en/x.md date their claims differently: zh has "
        "['2026-06', '2026-12'], en has ['2026-06', '2026-11']. Date the same claims with the "
        "same month in both."
    ]


def test_near_misses_and_future_dates_are_reported(tmp_path):
    en = tmp_path / "en.md"
    en.write_text(
        "Prices as of Dec 2026. Checked December 2026.\n```\nas of 2026 in code is fine\n```\n",
        encoding="utf-8",
    )
    zh = tmp_path / "zh.md"
    zh.write_text("价格截止2026年12月。\n", encoding="utf-8")
    assert T.check_date_format(en, "en", "en.md") == [
        "en.md:1: 'as of Dec 2026' dates a claim outside the convention; write it as "
        "'as of June 2026'.",
        "en.md:1: 'Checked December 2026' dates a claim outside the convention; write it as "
        "'as of June 2026'.",
    ]
    assert T.check_date_format(zh, "zh", "zh.md") == [
        "zh.md:1: '截止2026年12月' dates a claim outside the convention; write it as "
        "'截至 2026 年 6 月'."
    ]
    future = tmp_path / "future.md"
    future.write_text("Checked as of March 2099.\n", encoding="utf-8")
    assert T.check_not_in_future(T.dated_claims(future, "en", "future.md"), (2026, 12)) == [
        "future.md:1: dated 2099-03, which is after today (2026-12)."
    ]
