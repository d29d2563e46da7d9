"""Each page shows the date it last changed, from git history (sitebuild/page_dates.py)."""

import datetime as dt
import os
import re
import subprocess

import pytest

from sitebuild import page_dates
from sitebuild.build import BuildError, PageRef, Site
from sitebuild.languages import LANGUAGES
from tests.support.site import ROOT


def git(repo, *args, when=None):
    env = os.environ | {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(tmp_path):
    """docs/a.md changed in March and June 2026, docs/b.md in April, notes.md in July."""
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    steps = [
        ("docs/a.md", "a1", "2026-03-10T12:00:00+00:00"),
        ("docs/b.md", "b1", "2026-04-20T23:30:00-05:00"),  # 21 April in UTC
        ("docs/a.md", "a2", "2026-06-01T08:00:00+00:00"),
        ("notes.md", "n1", "2026-07-01T08:00:00+00:00"),
    ]
    for path, text, when in steps:
        (root / path).write_text(text, encoding="utf-8")
        git(root, "add", path)
        git(root, "commit", "-q", "-m", f"change {path}", when=when)
    return root


def test_each_file_gets_the_date_of_its_last_commit(repo):
    assert page_dates.last_changes(repo) == {
        "docs/a.md": dt.date(2026, 6, 1),
        "docs/b.md": dt.date(2026, 4, 21),  # committer date in UTC
    }


def test_a_shallow_clone_has_no_dates_and_says_why(repo, tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)],
        check=True,
        capture_output=True,
    )
    with pytest.raises(LookupError, match=r"shallow \(fetch the whole history: fetch-depth: 0\)"):
        page_dates.last_changes(shallow)


def test_a_folder_outside_git_has_no_dates(tmp_path):
    with pytest.raises(LookupError, match="is not a git repository"):
        page_dates.last_changes(tmp_path)


def test_required_dates_stop_the_build_when_history_is_missing(tmp_path, monkeypatch):
    stage = page_dates.PageDates(repo=tmp_path)
    site = Site("en", tmp_path / "docs", tmp_path / "site")
    monkeypatch.setenv("PAGE_DATES", "required")
    with pytest.raises(BuildError, match=r"^page_dates: PAGE_DATES=required, but .* not a git"):
        stage.configure(site)
    monkeypatch.delenv("PAGE_DATES")
    stage.configure(site)  # otherwise: no dates, and the build goes on
    assert stage.dates == {}
    page = PageRef("index.md", "", path=tmp_path / "docs" / "index.md")
    assert stage.markdown("# Home", page) == "# Home" and "revision_date" not in page.meta


def test_dates_are_written_in_each_language():
    day = dt.date(2026, 1, 5)
    assert page_dates.localized(day, "en") == (
        '<time datetime="2026-01-05">Last changed on 5 January 2026</time>'
    )
    assert page_dates.localized(day, "zh") == (
        '<time datetime="2026-01-05">最后修改于 2026 年 1 月 5 日</time>'
    )
    with pytest.raises(BuildError, match="no words for language 'fr'"):
        page_dates.localized(day, "fr")


def source_of(lang: str, rel: str) -> str | None:
    """The Markdown file a built page comes from: foo/index.html <- foo.md or foo/index.md."""
    base = rel.removesuffix("index.html").rstrip("/")
    names = [f"{base}.md", f"{base}/index.md"] if base else ["index.md"]
    found = [f"docs/{lang}/{name}" for name in names if (ROOT / "docs" / lang / name).is_file()]
    return found[0] if found else None


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_shows_the_date_its_source_last_changed(built_site, lang):
    try:
        dates = page_dates.last_changes(ROOT)
    except LookupError as reason:
        pytest.skip(f"no full history here: {reason}")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--", f"docs/{lang}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    changed = {line[3:] for line in status.splitlines()}
    shown = re.compile(r'<time datetime="(\d{4}-\d\d-\d\d)">([^<]+)</time>')
    checked = 0
    pages = built_site.pages(lang)
    for rel, path in pages.items():
        source = source_of(lang, rel)
        if source is None or source in changed or source not in dates:
            continue  # generated pages (notebooks, 404), and pages not committed yet
        found = shown.findall(path.read_text(encoding="utf-8"))
        assert len(found) == 1, f"{rel}: {found}"
        assert found[0] == (
            dates[source].isoformat(),
            re.sub("<[^>]+>", "", page_dates.localized(dates[source], lang)),
        ), rel
        checked += 1
    if checked == 0:  # every page edited since its last commit: nothing to compare with
        pytest.skip(f"all {len(pages)} pages have uncommitted changes")
