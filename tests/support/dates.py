"""Dated claims: time-sensitive statements carry the month they were checked.

The convention is plain text that reads the same in the Markdown source and on the page:
"as of June 2026" in English and "截至 2026 年 6 月" in Chinese. Both languages of a page must
carry the same dates in the same order, so that a claim checked in one language is dated the
same in the other. Each check returns messages that name the page and say what to fix.
"""

import re
from dataclasses import dataclass
from pathlib import Path

MONTHS = (
    "January February March April May June July August September October November December"
).split()
EN_DATE = re.compile(r"\b[Aa]s\s+of\s+(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>20\d\d)\b")
ZH_DATE = re.compile(r"截至 (?P<year>20\d\d) 年 (?P<month>1[0-2]|[1-9]) 月")
# Near misses of the convention: an abbreviated or missing month, a missing space, 截止 for 截至.
EN_NEAR = re.compile(
    r"\b[Aa]s of (?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? 20\d\d|20\d\d)\b"
    r"|\b(?:[Cc]hecked|[Vv]erified) (?:in )?(?:" + "|".join(MONTHS) + r") 20\d\d\b"
)
ZH_NEAR = re.compile(r"截[至止]\s*20\d\d\s*年\s*\d{1,2}\s*月|截止\s*20\d\d")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"`[^`\n]+`")


@dataclass(frozen=True)
class DatedClaim:
    """One dated statement: where it is, the month, and the sentence around it."""

    page: str
    line: int
    year: int
    month: int
    text: str

    @property
    def month_key(self) -> str:
        return f"{self.year}-{self.month:02d}"


def _prose_lines(path: Path):
    """(line number, text) of every line outside fenced code blocks."""
    fence = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = FENCE.match(line)
        if match:
            marker = match.group(1)[0]
            fence = None if fence == marker else (fence or marker)
            continue
        if fence is None:
            yield number, line


def _sentence(line: str, start: int, end: int) -> str:
    """The sentence of `line` around [start, end), trimmed for a listing."""
    left = max(line.rfind(mark, 0, start) for mark in (". ", "。", "；", "! ", "? "))
    right_marks = [i for i in (line.find(m, end) for m in (". ", "。", "；")) if i != -1]
    right = min(right_marks) + 1 if right_marks else len(line)
    text = " ".join(line[left + 1 if left >= 0 else 0 : right].split())
    return text if len(text) <= 240 else text[:237] + "..."


def _paragraphs(path: Path):
    """(first line number, lines) of every paragraph outside fenced code blocks."""
    block: list[str] = []
    start = 0
    last = 0
    in_table = False
    for number, line in _prose_lines(path):
        # A table row is its own claim; other lines continue the paragraph they follow.
        table_row = line.lstrip().startswith("|")
        if line.strip() and number == last + 1 and block and not table_row and not in_table:
            block.append(line)
        else:
            if block:
                yield start, block
            block, start = ([line], number) if line.strip() else ([], 0)
        in_table = line.lstrip().startswith("|")
        last = number
    if block:
        yield start, block


def dated_claims(path: Path, lang: str, name: str | None = None) -> list[DatedClaim]:
    """Every dated claim on a page, in the order it appears, with its sentence."""
    pattern = EN_DATE if lang == "en" else ZH_DATE
    page = name or path.name
    claims = []
    for start, lines in _paragraphs(path):
        # Code spans are examples of the convention, not claims: blank them, keeping offsets.
        text = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), "\n".join(lines))
        for match in pattern.finditer(text):
            month = match["month"]
            month_number = MONTHS.index(month) + 1 if lang == "en" else int(month)
            flat = text.replace("\n", " ")
            claims.append(
                DatedClaim(
                    page,
                    start + text.count("\n", 0, match.start()),
                    int(match["year"]),
                    month_number,
                    _sentence(flat, match.start(), match.end()),
                )
            )
    return claims


def check_date_format(path: Path, lang: str, rel: str) -> list[str]:
    """Dates written almost, but not exactly, in the convention."""
    pattern = EN_NEAR if lang == "en" else ZH_NEAR
    good = EN_DATE if lang == "en" else ZH_DATE
    example = "as of June 2026" if lang == "en" else "截至 2026 年 6 月"
    messages = []
    for number, line in _prose_lines(path):
        for match in pattern.finditer(CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)):
            if good.fullmatch(match.group(0)):
                continue
            messages.append(
                f"{rel}:{number}: '{match.group(0)}' dates a claim outside the convention; "
                f"write it as '{example}'."
            )
    return messages


def check_dates_match(zh: list[DatedClaim], en: list[DatedClaim], name: str) -> list[str]:
    """Both languages of a page carry the same dates, in the same order."""
    zh_months = [c.month_key for c in zh]
    en_months = [c.month_key for c in en]
    if zh_months == en_months:
        return []
    return [
        f"docs/zh/{name} and docs/en/{name} date their claims differently: zh has "
        f"{zh_months}, en has {en_months}. Date the same claims with the same month in both."
    ]


def check_not_in_future(claims: list[DatedClaim], today: tuple[int, int]) -> list[str]:
    """A claim cannot have been checked after today."""
    return [
        f"{c.page}:{c.line}: dated {c.month_key}, which is after today ({today[0]}-{today[1]:02d})."
        for c in claims
        if (c.year, c.month) > today
    ]
