"""Facts about the Markdown pages, and the checks the docs tests run on them.

Each check returns a list of messages (empty when all is well) that name the file and
say what to fix, so the same functions serve the real pages and the fault tests. Fences,
headings, includes, tabs and admonitions are read by sitebuild.markdown, as the build reads them.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild import markdown
from sitebuild.formulas import INLINE_MATH
from sitebuild.languages import DEFAULT, LANGUAGES, NAMES
from sitebuild.snippets import SNIPPETS

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
DECIMAL = re.compile(r"(?<![\w.])-?\d+\.\d{3,}(?![\d])")
PYTHON_INFOS = {"python", "py", "python3", "pycon"}


@dataclass
class Page:
    """What a page contains, as far as the checks are concerned."""

    path: Path
    headings: list[tuple[int, str, str | None]] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    display_formulas: int = 0
    inline_formulas: int = 0
    diagrams: int = 0
    tabs: list[str] = field(default_factory=list)
    admonitions: int = 0
    pasted_python: list[int] = field(default_factory=list)  # line numbers of pasted fences
    decimals: list[str] = field(default_factory=list)
    scan: markdown.Scan | None = field(default=None, repr=False, compare=False)

    @property
    def heading_ids(self) -> list[str | None]:
        return [hid for _, _, hid in self.headings]


def parse(path: Path) -> Page:
    scan = markdown.read(path, _rel(path))
    page = Page(path, scan=scan)
    page.headings = [(h.level, h.title, h.id) for h in scan.headings]
    page.includes = [include.path for include in scan.includes]
    page.display_formulas = len(scan.formulas)
    page.tabs = [tab.title for tab in scan.tabs]
    page.admonitions = len(scan.admonitions)
    for fence in scan.fences:
        if fence.language == "mermaid":
            page.diagrams += 1
        code = fence.code.splitlines()
        if fence.language in PYTHON_INFOS and any(
            c.strip() and not markdown.INCLUDE.match(c) for c in code
        ):
            page.pasted_python.append(fence.line)
    for line in scan.prose():
        if line.math:
            page.decimals += DECIMAL.findall(line.text)
            continue
        prose = markdown.blank_code_spans(line.text)
        page.inline_formulas += len(INLINE_MATH.findall(prose))
        # Link targets (arXiv ids, DOIs in URLs) are addresses, not computed numbers.
        page.decimals += DECIMAL.findall(LINK_TARGET.sub("]()", prose))
    return page


def pages(lang: str, docs: Path = DOCS) -> dict[str, Page]:
    root = docs / lang
    return {p.relative_to(root).as_posix(): parse(p) for p in sorted(root.rglob("*.md"))}


def check_pasted_python(page: Page) -> list[str]:
    return [
        f"{_rel(page.path)}:{line}: Python code pasted into the page. Move it to a file under "
        f'snippets/ and include it with --8<-- "<chapter>/<name>.py".'
        for line in page.pasted_python
    ]


def check_heading_ids(page: Page) -> list[str]:
    return [
        f"{_rel(page.path)}: heading '{text}' has no explicit id; write it as "
        f"'{'#' * level} {text} {{ #some-id }}' with the same id in both languages."
        for level, text, hid in page.headings
        if hid is None
    ]


def check_includes_exist(page: Page, snippets: Path = SNIPPETS) -> list[str]:
    return [
        f"{_rel(page.path)}: includes snippets/{inc}, which does not exist."
        for inc in page.includes
        if not (snippets / inc).is_file()
    ]


def check_outputs_shown(page: Page, snippets: Path = SNIPPETS) -> list[str]:
    """A page that shows a snippet also shows what it prints."""
    messages = []
    for inc in page.includes:
        if inc.endswith(".py"):
            out = inc[:-3] + ".out"
            if (snippets / out).exists() and out not in page.includes:
                messages.append(
                    f"{_rel(page.path)}: shows snippets/{inc} but not its output; "
                    f'add a text block with --8<-- "{out}".'
                )
    return messages


def check_numbers_verified(page: Page, snippets: Path = SNIPPETS) -> list[str]:
    """Every number written with 3 or more decimals must be printed by a snippet the page shows."""
    printed = "\n".join(
        (snippets / inc).read_text(encoding="utf-8")
        for inc in page.includes
        if inc.endswith(".out") and (snippets / inc).is_file()
    )
    printed_numbers = set(DECIMAL.findall(printed))
    return [
        f"{_rel(page.path)}: the number {number} is not printed by any snippet output on this "
        "page; compute it in a snippet and show that output, or correct it."
        for number in dict.fromkeys(page.decimals)
        if number not in printed_numbers
    ]


def check_parity(docs: Path = DOCS) -> list[str]:
    """Every language has the default language's pages, each with the same structure."""
    first = pages(DEFAULT, docs)
    messages = []
    for lang in LANGUAGES[1:]:
        other = pages(lang, docs)
        for name in sorted(set(first) - set(other)):
            messages.append(
                f"docs/{DEFAULT}/{name} has no {NAMES[lang]} translation: "
                f"create docs/{lang}/{name}."
            )
        for name in sorted(set(other) - set(first)):
            messages.append(
                f"docs/{lang}/{name} has no {NAMES[DEFAULT]} translation: "
                f"create docs/{DEFAULT}/{name}."
            )
        for name in sorted(set(first) & set(other)):
            a, b = first[name], other[name]
            for label, left, right in [
                ("heading ids", a.heading_ids, b.heading_ids),
                ("snippet includes", a.includes, b.includes),
                ("display formulas", a.display_formulas, b.display_formulas),
                ("inline formulas", a.inline_formulas, b.inline_formulas),
                ("Mermaid diagrams", a.diagrams, b.diagrams),
                ("content tabs", a.tabs, b.tabs),
                ("admonitions", a.admonitions, b.admonitions),
            ]:
                if left != right:
                    messages.append(
                        f"docs/{DEFAULT}/{name} and docs/{lang}/{name} differ in {label}: "
                        f"{DEFAULT} has {_show(left)}, {lang} has {_show(right)}."
                    )
    return messages


def _show(value: object) -> str:
    return str(value) if not isinstance(value, list) else f"{len(value)} {value}"


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Lines that start a block of their own; a footnote definition ([^id]: ...) is one.
STRUCTURAL = re.compile(
    r"^(#|[-*+] |\d+\. |\||!!!|\?\?\?|===|\$\$|```|~~~|<|--8<--|:::|\[\^[^\]]+\]:)"
)


def cjk_line_breaks(scan: markdown.Scan) -> list[int]:
    """Line numbers (1-based) where a paragraph continues on the next line across a CJK character.

    Browsers render that line break as a space between two Chinese characters ("本章把这 四步"),
    so Chinese paragraphs are written on one line.
    """
    found = []
    for line, nxt in zip(scan.lines, scan.lines[1:], strict=False):
        text, following = line.text.strip(), nxt.text.strip()
        if not line.prose or line.math or not text or not following:
            continue
        if STRUCTURAL.match(following) or text.startswith(("#", "|", "!!!", "???", "===")):
            continue
        if CJK.match(text[-1]) or CJK.match(following[0]):
            found.append(line.number)
    return found


def check_cjk_line_breaks(page: Page) -> list[str]:
    return [
        f"{_rel(page.path)}:{n}: a Chinese paragraph is broken across lines here; browsers show "
        "the line break as a space. Join the two lines."
        for n in cjk_line_breaks(page.scan or markdown.read(page.path))
    ]
