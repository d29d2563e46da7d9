"""The "What changed" page: content changes by month, from the repository's own records.

The page's Markdown holds a `<!-- changes -->` line; at build time this hook puts there, for
each month, newest first:

- the pages added that month (the commit that first added each page's file, from git);
- the dated claims checked that month, counted per page (each claim's footnote ends with
  "Checked <Month YYYY>." / "YYYY 年 M 月核对。", see about/contributing.md).

So the page cannot drift from what happened: a new page or a re-checked claim appears on
its own. Without the whole git history (a shallow clone) it lists the claims only and says
why; PAGE_DATES=required (the Pages deploy) stops the build instead, as for page dates.
"""

import datetime as dt
import os
import re
from collections import defaultdict
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sitebuild.page_dates import check_history, commits

ROOT = Path(__file__).resolve().parent.parent

MARKER = "<!-- changes -->"
MONTHS = (
    "January February March April May June July August September October November December"
).split()
CHECKED = {
    "en": re.compile(
        r"^\[\^[^\]]+\]:.*\. Checked (?P<month>" + "|".join(MONTHS) + r") (?P<year>20\d\d)\.$"
    ),
    "zh": re.compile(r"^\[\^[^\]]+\]:.*。(?P<year>20\d\d) 年 (?P<month>1[0-2]|[1-9]) 月核对。$"),
}
WORDS = {
    "en": {
        "month": lambda year, month: f"{MONTHS[month - 1]} {year}",
        "new": "New pages",
        "checked": "Dated claims checked",
        "claims": lambda n: f" ({n} claim" + ("" if n == 1 else "s") + ")",
        "colon": ": ",
        "and": ", ",
        "end": ".",
        "no_history": "This build has no git history, so new pages are not listed ({reason}).",
    },
    "zh": {
        "month": lambda year, month: f"{year} 年 {month} 月",
        "new": "新增页面",
        "checked": "核对过的注明日期的说法",
        "claims": lambda n: f"（{n} 条）",
        "colon": "：",
        "and": "、",
        "end": "。",
        "no_history": "本次构建没有 git 历史，因此未列出新增页面（{reason}）。",
    },
}
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
HEADING = re.compile(r"^# (.+?)(?:\s*\{[^}]*\})?\s*$", re.MULTILINE)


def _month_of(lang: str, match: re.Match) -> tuple[int, int]:
    month = match["month"]
    number = MONTHS.index(month) + 1 if lang == "en" else int(month)
    return int(match["year"]), number


def title(path: Path) -> str:
    """A page's title: its first level-1 heading, without an attribute list."""
    found = HEADING.search(path.read_text(encoding="utf-8"))
    return found[1].strip() if found else path.stem


def added_pages(repo: Path, lang: str) -> dict[tuple[int, int], list[str]]:
    """{(year, month): [docs-relative paths]} of the pages first committed that month."""
    check_history(repo)
    folder = f"docs/{lang}/"
    first: dict[str, dt.date] = {}
    for day, paths in commits(repo, "--diff-filter=A", "--", folder):
        for path in paths:
            if path.endswith(".md"):
                first[path[len(folder) :]] = day  # oldest commit last: it wins
    months: dict[tuple[int, int], list[str]] = defaultdict(list)
    for path, day in first.items():
        if (repo / folder / path).is_file():  # still there
            months[(day.year, day.month)].append(path)
    return {month: sorted(paths) for month, paths in months.items()}


def checked_claims(docs: Path, lang: str) -> dict[tuple[int, int], dict[str, int]]:
    """{(year, month): {page path: claims checked that month}} from the pages' footnotes."""
    months: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for path in sorted(docs.rglob("*.md")):
        fence = None
        for line in path.read_text(encoding="utf-8").splitlines():
            opened = FENCE.match(line)
            if opened:  # examples in code blocks are not claims
                mark = opened[1][0]
                fence = None if fence == mark else (fence or mark)
                continue
            found = None if fence else CHECKED[lang].match(line)
            if found:
                months[_month_of(lang, found)][path.relative_to(docs).as_posix()] += 1
    return {month: dict(pages) for month, pages in months.items()}


def render(lang: str, docs: Path, here: str, repo: Path = ROOT) -> str:
    """The Markdown that replaces the marker on the page at docs-relative path ``here``."""
    words = WORDS[lang]
    try:
        added = added_pages(repo, lang)
        missing = None
    except LookupError as reason:
        if os.environ.get("PAGE_DATES") == "required":
            raise PluginError(f"changes: PAGE_DATES=required, but {reason}") from None
        added, missing = {}, str(reason)
    claims = checked_claims(docs, lang)
    depth = here.count("/")

    def link(path: str) -> str:
        return f"[{title(docs / path)}]({'../' * depth}{path})"

    out = [] if missing is None else [words["no_history"].format(reason=missing), ""]
    for year, month in sorted(set(added) | set(claims), reverse=True):
        out.append(f"## {words['month'](year, month)} {{ #{year}-{month:02d} }}")
        out.append("")
        pages = [p for p in added.get((year, month), []) if p != here]
        counted = sorted(claims.get((year, month), {}).items())
        for label, items in (
            (words["new"], [link(p) for p in pages]),
            (words["checked"], [link(p) + words["claims"](n) for p, n in counted]),
        ):
            if items:
                out += [f"**{label}**{words['colon']}{words['and'].join(items)}{words['end']}", ""]
    return "\n".join(out)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if MARKER not in markdown:
        return markdown
    lang = config.theme["language"]
    return markdown.replace(MARKER, render(lang, Path(config.docs_dir), page.file.src_uri), 1)
