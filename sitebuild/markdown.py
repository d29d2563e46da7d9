"""One reading of a Markdown page: what is code, what is prose, and the structures the checks use.

The site build (notebook headers), the page checks, the dated-claim checks, the glossary check
and the run-command tests all read docs/<lang>/**.md through `scan`, so they agree on where a
fenced code block starts and ends and on what counts as a heading. Standard library only: the
page checks import this without MkDocs.

The rules, as Python-Markdown with pymdownx.superfences reads the pages:

- A fence is a line of 3 or more backticks or tildes, indented by any amount (fences sit inside
  content tabs and admonitions), followed by an info string (`python`, `bash`, ...; no backtick
  in it after backticks). The block ends at the first line holding only the same character, at
  least as many times; a fence line of the other character, a shorter one or one with an info
  string is code. A fence still open at the end of the page is an error (MarkdownError naming
  the file and the line), not the rest of the page silently read as code.
- A display formula is the lines from a line holding only `$$` to the next such line, outside
  fences.
- Headings (`## Title { #id }`, at the start of a line), content tabs (`=== "PyTorch"`),
  admonitions (`!!! note`, `??? tip`) and footnote definitions (`[^id]: text`, at the start of a
  line) count only outside fences; headings, tabs and admonitions also only outside formulas.
- A snippet include (`--8<-- "chapter/name.py"`, alone on its line) counts inside a fence, which
  is where the pages put every snippet (its code shows as a code block).
- Code spans (`` `x` ``, a run of backticks up to the next run of the same length on the same
  line) are examples, not prose: `blank_code_spans` replaces them by spaces, keeping offsets.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild.formulas import DISPLAY_MATH

ROOT = Path(__file__).resolve().parent.parent

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})(?P<info>.*)$")
INCLUDE = re.compile(r'^\s*--8<--\s+"(?P<path>[^"]+)"\s*$')
HEADING = re.compile(
    r"^(?P<level>#{1,6})\s+(?P<title>.*?)\s*(?:\{[^}]*?#(?P<id>[\w-]+)[^}]*\})?\s*$"
)
TAB = re.compile(r'^\s*===\+?\s+"(?P<title>[^"]+)"')
ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+(?P<type>\w+)")
FOOTNOTE = re.compile(r"^\[\^(?P<id>[^\]\s]+)\]:[ \t]*(?P<body>.*)$")
CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`)")


class MarkdownError(ValueError):
    """A page that cannot be read as intended, with the file and line in its message."""


@dataclass(frozen=True)
class Fence:
    """A fenced code block: `line` is its opening fence, `end` its closing one (1-based)."""

    line: int
    end: int
    indent: str  # the whitespace before the opening fence
    marker: str  # the opening fence itself, such as ``` or ~~~~
    info: str  # the rest of the opening line, stripped: "python", "bash", ""
    code: str  # the lines between the fences, less the fence's indent, each ending in "\n"

    @property
    def language(self) -> str:
        """The info string's first word, lowercased ("python"); "" when there is none."""
        return self.info.split()[0].lower() if self.info else ""


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    title: str  # without the attribute list
    id: str | None  # the explicit id of `{ #id }`, None when the heading has none


@dataclass(frozen=True)
class Include:
    line: int
    path: str  # relative to snippets/, as written
    fence: Fence  # the code block it shows in


@dataclass(frozen=True)
class Tab:
    line: int
    title: str


@dataclass(frozen=True)
class Admonition:
    line: int
    type: str  # note, tip, warning, ...


@dataclass(frozen=True)
class Footnote:
    line: int
    id: str
    body: str


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    text: str
    fence: Fence | None  # the code block this line belongs to (its fences included), if any
    math: bool  # a `$$` line or a line between two, outside fences

    @property
    def prose(self) -> bool:
        """Outside fenced code (display formulas are prose here; check `math` to leave them out)."""
        return self.fence is None


@dataclass
class Scan:
    """A page as the checks see it; every list is in the page's order."""

    name: str
    lines: list[Line] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    tabs: list[Tab] = field(default_factory=list)
    admonitions: list[Admonition] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    formulas: list[int] = field(default_factory=list)  # first lines of display formulas

    def prose(self) -> list[Line]:
        """The lines outside fenced code blocks."""
        return [line for line in self.lines if line.prose]


def _closes(line: str, marker: str) -> bool:
    text = line.strip()
    return len(text) >= len(marker) and text == marker[0] * len(text)


def _dedent(line: str, indent: str) -> str:
    """`line` less at most len(indent) leading whitespace characters."""
    stripped = line.lstrip()
    return line[min(len(indent), len(line) - len(stripped)) :]


def scan(text: str, name: str = "<page>") -> Scan:
    """Read a page's text once; `name` is how error messages name the file."""
    page = Scan(name)
    raw = text.splitlines()
    number = 0
    in_math = False
    while number < len(raw):
        text_line = raw[number]
        number += 1
        opening = FENCE.match(text_line)
        if opening and not (opening["marker"][0] == "`" and "`" in opening["info"]):
            marker = opening["marker"]
            end = next((n for n in range(number, len(raw)) if _closes(raw[n], marker)), None)
            if end is None:
                raise MarkdownError(
                    f"{name}:{number}: the code block opened here with {marker} is never "
                    f"closed; end it with a line holding only {marker}."
                )
            body = raw[number:end]
            fence = Fence(
                line=number,
                end=end + 1,
                indent=opening["indent"],
                marker=marker,
                info=opening["info"].strip(),
                code="".join(_dedent(b, opening["indent"]) + "\n" for b in body),
            )
            page.fences.append(fence)
            page.lines.append(Line(number, text_line, fence, False))
            for offset, line in enumerate(body, number + 1):
                page.lines.append(Line(offset, line, fence, False))
                if include := INCLUDE.match(line):
                    page.includes.append(Include(offset, include["path"], fence))
            page.lines.append(Line(end + 1, raw[end], fence, False))
            number = end + 1
            continue
        if DISPLAY_MATH.match(text_line):
            if not in_math:
                page.formulas.append(number)
            page.lines.append(Line(number, text_line, None, True))
            in_math = not in_math
            continue
        page.lines.append(Line(number, text_line, None, in_math))
        if footnote := FOOTNOTE.match(text_line):
            page.footnotes.append(Footnote(number, footnote["id"], footnote["body"]))
        if in_math:
            continue
        if heading := HEADING.match(text_line):
            level, title, hid = len(heading["level"]), heading["title"], heading["id"]
            page.headings.append(Heading(number, level, title, hid))
        if tab := TAB.match(text_line):
            page.tabs.append(Tab(number, tab["title"]))
        if admonition := ADMONITION.match(text_line):
            page.admonitions.append(Admonition(number, admonition["type"]))
    return page


def read(path: Path, name: str | None = None) -> Scan:
    """Scan a page file; errors name it relative to the repository root when it is inside."""
    path = Path(path)
    if name is None:
        inside = path.resolve().is_relative_to(ROOT)
        name = path.resolve().relative_to(ROOT).as_posix() if inside else str(path)
    return scan(path.read_text(encoding="utf-8"), name)


def blank_code_spans(text: str) -> str:
    """`text` with each code span replaced by as many spaces, so offsets and columns stay."""
    return CODE_SPAN.sub(lambda match: " " * len(match[0]), text)
