"""Dated claims: time-sensitive statements carry a month and the evidence for it.

The convention reads the same in the Markdown source and on the page. The claim says the month
of its evidence, "as of June 2026" in English and "截至 2026 年 6 月" in Chinese, and a footnote
right after the date names the sources, each with its own date, and the month they were
checked (each note on one line of the page):

    ... as of June 2026[^eu-ai-act] ...
    [^eu-ai-act]: [Title](https://example.org/a), 2026-06-12; [Other](https://example.org/b), undated. Checked June 2026.
    [^eu-ai-act]: [标题](https://example.org/a)，2026-06-12；[其他](https://example.org/b)，未注明日期。2026 年 6 月核对。

A source's date is the one it shows (YYYY-MM-DD or YYYY-MM); a page that shows none is
"undated" ("未注明日期") and counts as evidence of the month it was checked. A claim carries the
month of its newest evidence: the month it was checked when a source opened that month shows the
claim, otherwise the month of the newest source that does, and never a month after its check.
Both languages of a page carry the same dates in the same order, with the same notes. Each check
returns messages that name the page and line and say what to fix.
"""  # noqa: E501

import re
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild import markdown
from sitebuild.words import words

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

# Footnotes: a reference in the text, and a note (its definition, markdown.Footnote) on a line of
# its own. Notes themselves are left out of paragraphs.
NOTE_REF = re.compile(r"\[\^(?P<id>[^\]\s]+)\]")
SOURCE_DATE = r"(?P<date>20\d\d-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|{undated})"
SOURCE = r"\[(?P<title>[^\]\n]+)\]\((?P<url>https?://[^)\s]+)\){sep}" + SOURCE_DATE
NOTE = {
    "en": {
        "source": re.compile(SOURCE.format(sep=", ", undated="undated")),
        "between": "; ",
        "checked": re.compile(words("en").pattern("checked_footnote") + "$"),
        "example": "[^id]: [Title](https://...), 2026-06-12. Checked June 2026.",
    },
    "zh": {
        "source": re.compile(SOURCE.format(sep="，", undated="未注明日期")),
        "between": "；",
        "checked": re.compile(words("zh").pattern("checked_footnote") + "$"),
        "example": "[^id]: [标题](https://...)，2026-06-12。2026 年 6 月核对。",
    },
}
GUIDE = "see docs/en/about/contributing.md#dated-claims"


def _month_key(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def _month_name(key: str, lang: str = "en") -> str:
    year, month = key.split("-")
    if lang == "zh":
        return f"截至 {year} 年 {int(month)} 月"
    return f"as of {MONTHS[int(month) - 1]} {year}"


@dataclass(frozen=True)
class Source:
    """One source of a note: its title, address and own date (None when it shows none)."""

    title: str
    url: str
    date: str | None

    @property
    def month(self) -> str | None:
        return self.date[:7] if self.date else None


@dataclass(frozen=True)
class Note:
    """An evidence note: the sources for a claim and the month they were checked."""

    id: str
    line: int
    sources: tuple[Source, ...]
    checked: str  # YYYY-MM

    @property
    def evidence(self) -> str:
        """The month of the newest evidence; an undated page counts for the month it was checked."""
        return max(s.month or self.checked for s in self.sources)

    @property
    def newest_date(self) -> str:
        """The newest source's own date as written, or 'undated'."""
        dated = [s.date for s in self.sources if s.date]
        if any(s.date is None for s in self.sources) or not dated:
            return "undated"
        return max(dated)


@dataclass(frozen=True)
class DatedClaim:
    """One dated statement: where it is, the month, the sentence around it, its footnote."""

    page: str
    line: int
    year: int
    month: int
    sentence: str
    note: str | None = None  # the id of the first footnote after the date, before the next date

    @property
    def month_key(self) -> str:
        return _month_key(self.year, self.month)

    @property
    def text(self) -> str:
        """The sentence, trimmed for a listing."""
        return self.sentence if len(self.sentence) <= 240 else self.sentence[:237] + "..."


@dataclass
class Notes:
    """The footnotes of a page: evidence notes by id, and the lines of notes that do not parse."""

    evidence: dict[str, Note] = field(default_factory=dict)
    malformed: dict[str, int] = field(default_factory=dict)  # id -> line
    page: str = ""


def _prose_lines(path: Path):
    """(line number, text, is a footnote definition) of every line outside fenced code blocks."""
    scan = markdown.read(path)
    notes_at = {note.line for note in scan.footnotes}
    return [(line.number, line.text, line.number in notes_at) for line in scan.prose()]


def _sentence(line: str, start: int, end: int) -> str:
    """The sentence of `line` around [start, end)."""
    left = max(line.rfind(mark, 0, start) for mark in (". ", "。", "；", "! ", "? "))
    right_marks = [i for i in (line.find(m, end) for m in (". ", "。", "；")) if i != -1]
    right = min(right_marks) + 1 if right_marks else len(line)
    words = " ".join(line[left + 1 if left >= 0 else 0 : right].split())
    return re.sub(r" (?=[.,;:)，。；：）])", "", words)  # where a footnote reference was


def _paragraphs(path: Path):
    """(first line number, lines) of every paragraph outside code blocks and footnotes."""
    block: list[str] = []
    start = 0
    last = 0
    in_table = False
    for number, line, note in _prose_lines(path):
        if note:
            line = ""  # a footnote is evidence for a claim, not a claim
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
    """Every dated claim on a page, in the order it appears, with its sentence and footnote."""
    pattern = EN_DATE if lang == "en" else ZH_DATE
    page = name or path.name
    claims = []
    for start, lines in _paragraphs(path):
        # Code spans are examples of the convention, not claims: blank them, keeping offsets.
        text = markdown.blank_code_spans("\n".join(lines))
        matches = list(pattern.finditer(text))
        # The sentence around a date, with its code spans but without footnote references
        # (blanked, keeping offsets).
        flat = NOTE_REF.sub(lambda m: " " * len(m.group(0)), "\n".join(lines).replace("\n", " "))
        for i, match in enumerate(matches):
            month = match["month"]
            month_number = MONTHS.index(month) + 1 if lang == "en" else int(month)
            stop = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            ref = NOTE_REF.search(text, match.end(), stop)
            claims.append(
                DatedClaim(
                    page,
                    start + text.count("\n", 0, match.start()),
                    int(match["year"]),
                    month_number,
                    _sentence(flat, match.start(), match.end()),
                    ref["id"] if ref else None,
                )
            )
    return claims


def parse_note(body: str, lang: str) -> tuple[tuple[Source, ...], str] | None:
    """The sources and the month checked of a note's text, or None when it does not parse."""
    form = NOTE[lang]
    checked = form["checked"].search(body)
    if not checked:
        return None
    year, month_number = words(lang).month_of(checked)
    sources, rest = [], body[: checked.start()]
    while rest:
        match = form["source"].match(rest)
        if not match:
            return None
        date = match["date"] if match["date"][0].isdigit() else None
        sources.append(Source(match["title"], match["url"], date))
        rest = rest[match.end() :]
        if rest and not rest.startswith(form["between"]):
            return None
        rest = rest[len(form["between"]) :]
    if not sources:
        return None
    return tuple(sources), _month_key(year, month_number)


def notes(path: Path, lang: str, name: str | None = None) -> Notes:
    """The page's footnotes: those in the evidence convention, and the others by line."""
    found = Notes(page=name or path.name)
    for note in markdown.read(path).footnotes:
        parsed = parse_note(note.body.strip(), lang)
        if parsed is None:
            found.malformed[note.id] = note.line
        else:
            found.evidence[note.id] = Note(note.id, note.line, *parsed)
    return found


def check_date_format(path: Path, lang: str, rel: str) -> list[str]:
    """Dates written almost, but not exactly, in the convention."""
    pattern = EN_NEAR if lang == "en" else ZH_NEAR
    good = EN_DATE if lang == "en" else ZH_DATE
    example = "as of June 2026" if lang == "en" else "截至 2026 年 6 月"
    messages = []
    for number, line, note in _prose_lines(path):
        if note:
            continue  # notes have their own form, checked by check_evidence
        for match in pattern.finditer(markdown.blank_code_spans(line)):
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


def check_evidence(
    claims: list[DatedClaim], found: Notes, lang: str, today: tuple[int, int]
) -> list[str]:
    """Each dated claim cites its evidence, and carries the month of its newest evidence."""
    messages = []
    now = _month_key(*today)
    used = set()
    for c in claims:
        where = f"{c.page}:{c.line}"
        if c.note is None:
            messages.append(
                f"{where}: the claim dated {c.month_key} cites no source: put a footnote "
                f"right after the date whose note names each source with its own date and the "
                f"month it was checked, as in '{NOTE[lang]['example']}' ({GUIDE})."
            )
            continue
        used.add(c.note)
        note = found.evidence.get(c.note)
        if note is None:
            state = "does not follow" if c.note in found.malformed else "is not defined; write it"
            messages.append(
                f"{where}: the claim dated {c.month_key} cites [^{c.note}], which {state} "
                f"the evidence form '{NOTE[lang]['example']}' ({GUIDE})."
            )
            continue
        if note.checked > now:
            messages.append(
                f"{where}: [^{c.note}] was checked {note.checked}, which is after today ({now})."
            )
        late = [s.date for s in note.sources if s.month and s.month > note.checked]
        if late:
            messages.append(
                f"{where}: [^{c.note}] cites a source dated {late[0]}, after the month it was "
                f"checked ({note.checked}); a source cannot be newer than its check."
            )
            continue
        if c.month_key > note.checked:
            messages.append(
                f"{where}: dated {c.month_key}, later than the month its evidence was checked "
                f"({note.checked}); a claim cannot be newer than its check."
            )
        elif c.month_key != note.evidence:
            newest = _month_name(note.evidence, lang)
            if c.month_key > note.evidence:
                messages.append(
                    f"{where}: dated {c.month_key}, but its newest evidence ([^{c.note}]) is from "
                    f"{note.evidence}: date the claim '{newest}', or cite a source from "
                    f"{c.month_key} that shows it still holds."
                )
            else:
                messages.append(
                    f"{where}: dated {c.month_key}, but its evidence ([^{c.note}]) is from "
                    f"{note.evidence}: date the claim '{newest}'."
                )
    for note in found.evidence.values():
        if note.id not in used:
            messages.append(
                f"{found.page}:{note.line}: the evidence note [^{note.id}] follows no dated claim; "
                "put its reference right after the date it supports, or remove it."
            )
    return messages


def check_evidence_match(
    zh: list[DatedClaim], en: list[DatedClaim], zh_notes: Notes, en_notes: Notes, name: str
) -> list[str]:
    """Both languages cite the same notes, with the same sources, dates and month checked."""

    def key(claim: DatedClaim, found: Notes):
        note = found.evidence.get(claim.note or "")
        if note is None:
            return (claim.note, None, None)
        return (claim.note, [(s.url, s.date or "undated") for s in note.sources], note.checked)

    messages = []
    for a, b in zip(zh, en, strict=False):
        left, right = key(a, zh_notes), key(b, en_notes)
        if left != right:
            messages.append(
                f"docs/zh/{name}:{a.line} and docs/en/{name}:{b.line} cite different evidence "
                f"for the same claim: zh has {left}, en has {right}. Cite the same note id, "
                "sources, source dates and month checked in both."
            )
    return messages
