"""Facts about the Markdown pages, and the checks the docs tests run on them.

Each check returns a list of messages (empty when all is well) that name the file and
say what to fix, so the same functions serve the real pages and the fault tests.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild.formulas import DISPLAY_MATH, INLINE_MATH
from sitebuild.languages import LANGUAGES  # noqa: F401 (the page checks read it here)
from sitebuild.notebooks import is_notebook_snippet  # noqa: F401 (re-exported for the tests)

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"

FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^\s`]*)")
INCLUDE = re.compile(r"^\s*--8<--\s+\"(?P<path>[^\"]+)\"\s*$")
HEADING = re.compile(
    r"^(?P<level>#{1,6})\s+(?P<text>.*?)\s*(?:\{[^}]*?#(?P<id>[\w-]+)[^}]*\})?\s*$"
)
TAB = re.compile(r"^\s*===\+?\s+\"(?P<title>[^\"]+)\"")
ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+\w+")
CODE_SPAN = re.compile(r"`[^`\n]*`")
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

    @property
    def heading_ids(self) -> list[str | None]:
        return [hid for _, _, hid in self.headings]


def parse(path: Path) -> Page:
    page = Page(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    in_math = False
    i = 0
    while i < len(lines):
        line = lines[i]
        match = FENCE.match(line)
        if match:
            fence, info, start = match["fence"], match["info"].lower(), i + 1
            body = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                body.append(lines[i])
                i += 1
            page.includes += [m["path"] for m in map(INCLUDE.match, body) if m]
            if info == "mermaid":
                page.diagrams += 1
            if info in PYTHON_INFOS and any(b.strip() and not INCLUDE.match(b) for b in body):
                page.pasted_python.append(start)
            i += 1
            continue
        if DISPLAY_MATH.match(line):
            if not in_math:
                page.display_formulas += 1
            in_math = not in_math
        elif not in_math:
            heading = HEADING.match(line)
            if heading:
                page.headings.append((len(heading["level"]), heading["text"], heading["id"]))
            if TAB.match(line):
                page.tabs.append(TAB.match(line)["title"])
            if ADMONITION.match(line):
                page.admonitions += 1
            prose = CODE_SPAN.sub("", line)
            page.inline_formulas += len(INLINE_MATH.findall(prose))
            # Link targets (arXiv ids, DOIs in URLs) are addresses, not computed numbers.
            page.decimals += DECIMAL.findall(LINK_TARGET.sub("]()", prose))
        else:
            page.decimals += DECIMAL.findall(line)
        i += 1
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
    """Both languages have the same pages, and each pair has the same structure."""
    zh, en = pages("zh", docs), pages("en", docs)
    messages = []
    for name in sorted(set(zh) - set(en)):
        messages.append(f"docs/zh/{name} has no English translation: create docs/en/{name}.")
    for name in sorted(set(en) - set(zh)):
        messages.append(f"docs/en/{name} has no Chinese translation: create docs/zh/{name}.")
    for name in sorted(set(zh) & set(en)):
        a, b = zh[name], en[name]
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
                    f"docs/zh/{name} and docs/en/{name} differ in {label}: "
                    f"zh has {_show(left)}, en has {_show(right)}."
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


def cjk_line_breaks(lines: list[str]) -> list[int]:
    """Line numbers (1-based) where a paragraph continues on the next line across a CJK character.

    Browsers render that line break as a space between two Chinese characters ("本章把这 四步"),
    so Chinese paragraphs are written on one line.
    """
    found = []
    in_fence = in_math = False
    for i, (line, nxt) in enumerate(zip(lines, lines[1:] + [""], strict=True)):
        text, following = line.strip(), nxt.strip()
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if text == "$$":
            in_math = not in_math
            continue
        if in_math or not text or not following:
            continue
        if STRUCTURAL.match(following) or text.startswith(("#", "|", "!!!", "???", "===")):
            continue
        if CJK.match(text[-1]) or CJK.match(following[0]):
            found.append(i + 1)
    return found


def check_cjk_line_breaks(page: Page) -> list[str]:
    lines = page.path.read_text(encoding="utf-8").splitlines()
    return [
        f"{_rel(page.path)}:{n}: a Chinese paragraph is broken across lines here; browsers show "
        "the line break as a space. Join the two lines."
        for n in cjk_line_breaks(lines)
    ]


def site_paths() -> list[str]:
    """URL paths of every page, relative to a language's root ('' is the home page)."""
    paths = []
    for name in pages("zh"):
        stem = name[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
        else:
            stem += "/"
        paths.append(stem)
    for snippet in sorted(SNIPPETS.rglob("*.py")):
        if is_notebook_snippet(snippet):
            paths.append(snippet.relative_to(SNIPPETS).with_suffix("").as_posix() + "/")
    return sorted(paths)
