"""The date each page last changed, from git history, at the foot of the page.

At the start of a build this stage reads, in one `git log` over docs/, the date of the last
commit that changed each page's Markdown file, and gives every page that date in its
language ("Last changed on 7 December 2026", "最后修改于 2026 年 12 月 7 日", words from
sitebuild/words.yml) as
`page.meta["revision_date"]`, which Material's source-file partial shows under the content,
inside a <time datetime="YYYY-MM-DD"> element.

The dates need the whole history: in a shallow clone the oldest commit present would look
like the last change of every page it holds. So a shallow clone, or a folder that is not a
git repository, gets no dates (the log says why), and with PAGE_DATES=required in the
environment (the Pages deploy sets it) it stops the build instead. A page not committed yet
(while writing it) has no date.
"""

import datetime as dt
import logging
import os
import subprocess
from pathlib import Path

from sitebuild.build import BuildError, PageRef, Site
from sitebuild.words import words

ROOT = Path(__file__).resolve().parent.parent
LOG = logging.getLogger("mkdocs.hooks.page_dates")


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def check_history(repo: Path) -> None:
    """Raise ``LookupError`` with the reason unless ``repo`` holds its whole git history."""
    try:
        inside = _git("rev-parse", "--is-inside-work-tree", cwd=repo).strip()
    except (OSError, subprocess.CalledProcessError):
        inside = "false"
    if inside != "true":
        raise LookupError(f"{repo} is not a git repository")
    if _git("rev-parse", "--is-shallow-repository", cwd=repo).strip() == "true":
        raise LookupError("the clone is shallow (fetch the whole history: fetch-depth: 0)")


def commits(repo: Path, *args: str) -> list[tuple[dt.date, list[str]]]:
    """(UTC committer date, paths) of each commit ``git log <args>`` lists, newest first."""
    out = _git(
        "-c",
        "log.showSignature=false",
        "log",
        "--format=%x00%ct",
        "--name-only",
        "--no-renames",
        *args,
        cwd=repo,
    )
    found = []
    for block in out.split("\x00")[1:]:
        stamp, *paths = (line for line in block.splitlines() if line)
        found.append((dt.datetime.fromtimestamp(int(stamp), dt.UTC).date(), paths))
    return found


def last_changes(repo: Path, folder: str = "docs") -> dict[str, dt.date]:
    """{path: date of the last commit that changed it} for the files under ``folder``.

    Committer dates, in UTC. Raises ``LookupError`` with the reason when the history is
    not all there (not a git repository, or a shallow clone).
    """
    check_history(repo)
    dates: dict[str, dt.date] = {}
    for day, paths in commits(repo, "--", folder):
        for path in paths:
            dates.setdefault(path, day)  # newest first: the first seen is the last change
    return dates


def localized(day: dt.date, lang: str) -> str:
    """The date as the page shows it, in a <time> element.

    >>> localized(dt.date(2026, 12, 7), "en")
    '<time datetime="2026-12-07">Last changed on 7 December 2026</time>'
    >>> localized(dt.date(2026, 12, 7), "zh")
    '<time datetime="2026-12-07">最后修改于 2026 年 12 月 7 日</time>'
    """
    said = words(lang)
    text = said.fill("last_changed", date=said.date(day))
    return f'<time datetime="{day.isoformat()}">{text}</time>'


class PageDates:
    """The stage (sitebuild/build.py): reads the dates once per build, dates each page."""

    def __init__(self, repo: Path = ROOT):
        self.repo = repo
        self.dates: dict[str, dt.date] = {}  # repository-relative path -> its last commit's date
        self.language = ""

    def configure(self, site: Site) -> None:
        self.language = site.language
        self.dates = {}
        try:
            self.dates = last_changes(self.repo)
        except LookupError as reason:
            if os.environ.get("PAGE_DATES") == "required":
                raise BuildError(f"page_dates: PAGE_DATES=required, but {reason}") from None
            LOG.info("page_dates: pages show no date: %s", reason)

    def markdown(self, text: str, page: PageRef) -> str:
        source = page.path
        if not (source and self.dates) or not source.resolve().is_relative_to(self.repo):
            return text  # no history, or a page generated or built from elsewhere
        day = self.dates.get(source.resolve().relative_to(self.repo).as_posix())
        if day is not None:
            page.meta["revision_date"] = localized(day, self.language)
        return text
