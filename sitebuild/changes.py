"""The "What changed" page: content changes by month, from the repository's own records.

The page's Markdown holds a `<!-- changes -->` line; at build time this stage puts there, for
each month, newest first:

- the pages added that month (the commit that first added each page's file, from git);
- the dated claims checked that month, counted per page (each claim's footnote ends with
  "Checked <Month YYYY>." / "YYYY 年 M 月核对。", `checked_footnote` in sitebuild/words.yml,
  see about/contributing.md).

The page's own words come from sitebuild/words.yml too.

So the page cannot drift from what happened: a new page or a re-checked claim appears on
its own. Without the whole git history (a shallow clone) it lists the claims only and says
why; PAGE_DATES=required (the Pages deploy) stops the build instead, as for page dates.
"""

import datetime as dt
import os
import re
from collections import defaultdict
from pathlib import Path

from sitebuild import markdown
from sitebuild.build import BuildError, PageRef, Site
from sitebuild.page_dates import check_history, commits
from sitebuild.words import words

ROOT = Path(__file__).resolve().parent.parent

MARKER = "<!-- changes -->"


def checked_note(lang: str) -> re.Pattern:
    """A footnote that ends with the month its claim was checked (`checked_footnote`)."""
    return re.compile(r"^\[\^[^\]]+\]:.*" + words(lang).pattern("checked_footnote") + "$")


def title(path: Path) -> str:
    """A page's title: its first level-1 heading, without an attribute list."""
    found = [h.title for h in markdown.read(path).headings if h.level == 1]
    return found[0] if found else path.stem


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
    said, note = words(lang), checked_note(lang)
    for path in sorted(docs.rglob("*.md")):
        page = markdown.read(path)
        for footnote in page.footnotes:  # examples in code blocks are not claims
            found = note.match(page.lines[footnote.line - 1].text)
            if found:
                months[said.month_of(found)][path.relative_to(docs).as_posix()] += 1
    return {month: dict(pages) for month, pages in months.items()}


def claim_count(said, n: int) -> str:
    return said.fill("changes_claims_one" if n == 1 else "changes_claims_other", n=n)


def render(lang: str, docs: Path, here: str, repo: Path = ROOT) -> str:
    """The Markdown that replaces the marker on the page at docs-relative path ``here``."""
    said = words(lang)
    try:
        added = added_pages(repo, lang)
        missing = None
    except LookupError as reason:
        if os.environ.get("PAGE_DATES") == "required":
            raise BuildError(f"changes: PAGE_DATES=required, but {reason}") from None
        added, missing = {}, str(reason)
    claims = checked_claims(docs, lang)
    depth = here.count("/")

    def link(path: str) -> str:
        return f"[{title(docs / path)}]({'../' * depth}{path})"

    out = [] if missing is None else [said.fill("changes_no_history", reason=missing), ""]
    for year, month in sorted(set(added) | set(claims), reverse=True):
        out.append(f"## {said.month(year, month)} {{ #{year}-{month:02d} }}")
        out.append("")
        pages = [p for p in added.get((year, month), []) if p != here]
        counted = sorted(claims.get((year, month), {}).items())
        for label, items in (
            (said["changes_new_pages"], [link(p) for p in pages]),
            (said["changes_checked"], [link(p) + claim_count(said, n) for p, n in counted]),
        ):
            if items:
                listed = said["changes_and"].join(items)
                out += [f"**{label}**{said['changes_colon']}{listed}{said['changes_end']}", ""]
    return "\n".join(out)


class Changes:
    """The stage (sitebuild/build.py): fills the page that holds the marker."""

    site: Site | None = None

    def configure(self, site: Site) -> None:
        self.site = site

    def markdown(self, text: str, page: PageRef) -> str:
        if MARKER not in text:
            return text
        here = render(self.site.language, self.site.docs_dir, page.source)
        return text.replace(MARKER, here, 1)
