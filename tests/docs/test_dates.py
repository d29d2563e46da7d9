"""Time-sensitive claims carry the month of their evidence and cite it, alike in both languages."""

import datetime
import json
import subprocess
import sys
import textwrap

import pytest

from tests.support import dates as T
from tests.support import pages as P

NAMES = sorted(set(P.pages("zh")) & set(P.pages("en")))
TODAY = datetime.date.today()
# Dated claims that do not cite evidence yet, by page and a phrase of the claim in each language,
# with the reason. Once such a claim cites its evidence, the test fails until its entry is removed.
PENDING: dict[str, tuple[str, str]] = {}


def claims(lang: str, name: str) -> list[T.DatedClaim]:
    return T.dated_claims(P.DOCS / lang / name, lang, f"docs/{lang}/{name}")


def notes(lang: str, name: str) -> T.Notes:
    return T.notes(P.DOCS / lang / name, lang, f"docs/{lang}/{name}")


def write(path, text):
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def evidence_problems(path, lang="en", today=(2026, 12)):
    return T.check_evidence(T.dated_claims(path, lang, path.name), T.notes(path, lang), lang, today)


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


@pytest.mark.parametrize("name", NAMES)
def test_dated_claims_cite_their_newest_evidence(name):
    problems = []
    for lang in P.LANGUAGES:
        found, phrase = claims(lang, name), PENDING.get(name, (None, ""))[0]
        pending = [c for c in found if phrase and phrase in c.sentence]
        page_notes = notes(lang, name)
        today = (TODAY.year, TODAY.month)
        problems += T.check_evidence(
            [c for c in found if c not in pending], page_notes, lang, today
        )
        problems += [
            f"{c.page}:{c.line}: cites its evidence now; remove '{name}' from PENDING in "
            "tests/docs/test_dates.py."
            for c in pending
            if not T.check_evidence([c], T.Notes(page_notes.evidence, page=c.page), lang, today)
        ]
    assert problems == [], PENDING.get(name, ("", ""))[1]


@pytest.mark.parametrize("name", NAMES)
def test_both_languages_cite_the_same_evidence(name):
    zh, en = claims("zh", name), claims("en", name)
    assert T.check_evidence_match(zh, en, notes("zh", name), notes("en", name), name) == []


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


def test_claim_without_a_source_is_named_with_its_line(tmp_path):
    page = write(
        tmp_path / "en.md",
        """
        # Prices

        The API costs USD 2 per million tokens
        as of December 2026.
        """,
    )
    assert evidence_problems(page) == [
        "en.md:4: the claim dated 2026-12 cites no source: put a footnote right after the date "
        "whose note names each source with its own date and the month it was checked, as in "
        "'[^id]: [Title](https://...), 2026-06-12. Checked June 2026.' "
        "(see docs/en/about/contributing.md#dated-claims)."
    ]


def test_footnote_that_is_not_an_evidence_note_is_named(tmp_path):
    page = write(
        tmp_path / "zh.md",
        """
        价格截至 2026 年 12 月[^price]，另一条截至 2026 年 12 月[^gone]。

        [^price]: 见厂商的价格页。
        """,
    )
    example = "'[^id]: [标题](https://...)，2026-06-12。2026 年 6 月核对。'"
    guide = "(see docs/en/about/contributing.md#dated-claims)."
    assert evidence_problems(page, "zh") == [
        "zh.md:1: the claim dated 2026-12 cites [^price], which does not follow the evidence "
        f"form {example} {guide}",
        "zh.md:1: the claim dated 2026-12 cites [^gone], which is not defined; write it the "
        f"evidence form {example} {guide}",
    ]


def test_claim_later_than_its_check_is_named(tmp_path):
    page = write(
        tmp_path / "en.md",
        """
        Prices as of December 2026.[^p]

        [^p]: [Pricing](https://example.org/pricing), undated. Checked November 2026.
        """,
    )
    assert evidence_problems(page) == [
        "en.md:1: dated 2026-12, later than the month its evidence was checked (2026-11); "
        "a claim cannot be newer than its check."
    ]


def test_source_dated_after_its_check_and_check_in_the_future_are_named(tmp_path):
    page = write(
        tmp_path / "en.md",
        """
        The rule holds as of March 2027.[^rule]

        [^rule]: [Notice](https://example.org/n), 2027-03-02. Checked January 2027.
        """,
    )
    assert evidence_problems(page) == [
        "en.md:1: [^rule] was checked 2027-01, which is after today (2026-12).",
        "en.md:1: [^rule] cites a source dated 2027-03-02, after the month it was checked "
        "(2027-01); a source cannot be newer than its check.",
    ]


def test_claim_newer_than_its_newest_evidence_must_carry_the_evidence_month(tmp_path):
    # Checked in December, but the newest source that shows the claim is from October 2025:
    # the claim says October 2025, the month of its newest evidence.
    note = (
        "[^iso]: [Transition ends](https://example.org/iso), 2025-10-31; "
        "[Standard](https://example.org/s), 2022-10. Checked December 2026."
    )
    page = write(
        tmp_path / "en.md", f"The standard is current as of December 2026.[^iso]\n\n{note}\n"
    )
    assert evidence_problems(page) == [
        "en.md:1: dated 2026-12, but its newest evidence ([^iso]) is from 2025-10: date the "
        "claim 'as of October 2025', or cite a source from 2026-12 that shows it still holds."
    ]
    fixed = write(
        tmp_path / "fixed.md", page.read_text().replace("December 2026.[", "October 2025.[")
    )
    assert evidence_problems(fixed) == []


def test_claim_older_than_its_evidence_is_named(tmp_path):
    # An undated page counts as evidence of the month it was opened.
    page = write(
        tmp_path / "zh.md",
        """
        截至 2026 年 10 月[^p]，价格如下。

        [^p]: [价格](https://example.org/p)，未注明日期。2026 年 12 月核对。
        """,
    )
    assert evidence_problems(page, "zh") == [
        "zh.md:1: dated 2026-10, but its evidence ([^p]) is from 2026-12: date the claim "
        "'截至 2026 年 12 月'."
    ]


def test_evidence_note_without_a_claim_is_named(tmp_path):
    page = write(
        tmp_path / "en.md",
        """
        Prices as of December 2026.[^p]

        [^p]: [Pricing](https://example.org/p), undated. Checked December 2026.
        [^old]: [Old pricing](https://example.org/old), 2025-01. Checked December 2026.
        """,
    )
    assert evidence_problems(page) == [
        "en.md:4: the evidence note [^old] follows no dated claim; put its reference right "
        "after the date it supports, or remove it."
    ]


def test_languages_citing_different_evidence_are_named(tmp_path):
    zh = write(
        tmp_path / "zh.md",
        """
        规定截至 2026 年 8 月[^rule]仍有效。

        [^rule]: [时间表](https://example.org/t)，2026-08-05。2026 年 12 月核对。
        """,
    )
    en = write(
        tmp_path / "en.md",
        """
        The rule holds as of August 2026.[^rule]

        [^rule]: [Timeline](https://example.org/timeline), 2026-08-05. Checked December 2026.
        """,
    )
    zh_claims, en_claims = T.dated_claims(zh, "zh"), T.dated_claims(en, "en")
    problems = T.check_evidence_match(
        zh_claims, en_claims, T.notes(zh, "zh"), T.notes(en, "en"), "x.md"
    )
    assert problems == [
        "docs/zh/x.md:1 and docs/en/x.md:1 cite different evidence for the same claim: zh has "
        "('rule', [('https://example.org/t', '2026-08-05')], '2026-12'), en has "
        "('rule', [('https://example.org/timeline', '2026-08-05')], '2026-12'). Cite the same "
        "note id, sources, source dates and month checked in both."
    ]


def test_notes_are_not_dated_claims_and_may_say_checked(tmp_path):
    page = write(
        tmp_path / "en.md",
        """
        | Model | Licence |
        | --- | --- |
        | A | MIT (as of April 2026)[^a] |

        [^a]: [Release notes](https://example.org/a), 2026-04-16. Checked December 2026.
        """,
    )
    assert [(c.line, c.month_key, c.note) for c in T.dated_claims(page, "en")] == [
        (3, "2026-04", "a")
    ]
    assert T.check_date_format(page, "en", "en.md") == []
    assert evidence_problems(page) == []


def test_listing_shows_oldest_evidence_first(tmp_path):
    docs = tmp_path / "docs" / "en"
    docs.mkdir(parents=True)
    write(
        docs / "a.md",
        """
        Prices as of December 2026.[^p] The standard holds as of October 2025.[^iso]

        [^p]: [Pricing](https://example.org/p), undated. Checked December 2026.
        [^iso]: [Transition](https://example.org/iso), 2025-10-31. Checked December 2026.
        """,
    )
    write(docs / "b.md", "The rule holds as of August 2026.\n")
    script = P.ROOT / "scripts" / "dated_claims.py"
    run = [sys.executable, str(script), "--root", str(tmp_path)]
    done = subprocess.run(run, capture_output=True, text=True, check=True)
    assert [line.split()[:3] for line in done.stdout.splitlines()] == [
        ["evidence", "checked", "page"],
        ["2025-10-31", "2026-12", "a.md:1"],
        ["NO", "SOURCE", "-"],
        ["undated", "2026-12", "a.md:1"],
    ]
    assert "3 dated claims in docs/en/, 1 without a source" in done.stderr
    records = json.loads(
        subprocess.run(
            [*run, "--json", "--before", "2026-01"], capture_output=True, text=True
        ).stdout
    )
    assert records == [
        {
            "page": "a.md",
            "line": 1,
            "id": "iso",
            "dated": "2025-10",
            "evidence_month": "2025-10",
            "evidence": "2025-10-31",
            "checked": "2026-12",
            "sources": [
                {"title": "Transition", "url": "https://example.org/iso", "date": "2025-10-31"}
            ],
            "claim": "The standard holds as of October 2025.",
        }
    ]
