"""The "What changed" page (sitebuild/changes.py): made from git history and claim footnotes."""

import re
from urllib.parse import urljoin

import pytest

from sitebuild import changes
from sitebuild.build import BuildError
from sitebuild.languages import LANGUAGES
from tests.site.test_page_dates import git
from tests.support.site import ROOT

EN_NOTE = "[^x]: [Source](https://example.org), 2026-06-01. Checked June 2026."
ZH_NOTE = "[^x]: [来源](https://example.org)，2026-06-01。2026 年 6 月核对。"


@pytest.fixture
def repo(tmp_path):
    """docs/en/a.md added in March 2026, docs/en/b.md in June with a claim checked in June (and
    an example of a note in a code block, which is not a claim), docs/en/gone.md added and
    removed."""
    root = tmp_path / "repo"
    docs = root / "docs" / "en"
    docs.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    steps = [
        ("a.md", "# Page A { #a }\n", "2026-03-10T12:00:00+00:00"),
        ("gone.md", "# Gone\n", "2026-03-11T12:00:00+00:00"),
        (
            "b.md",
            f"# Page B\n\nA claim[^x].\n\n{EN_NOTE}\n\n```\n{EN_NOTE}\n```\n",
            "2026-06-02T12:00:00+00:00",
        ),
    ]
    for name, text, when in steps:
        (docs / name).write_text(text, encoding="utf-8")
        git(root, "add", ".")
        git(root, "commit", "-q", "-m", f"add {name}", when=when)
    git(root, "rm", "-q", "docs/en/gone.md")
    git(root, "commit", "-q", "-m", "remove gone.md", when="2026-06-03T12:00:00+00:00")
    return root


def test_months_list_new_pages_and_checked_claims_newest_first(repo):
    docs = repo / "docs" / "en"
    assert changes.render("en", docs, "about/changes.md", repo) == "\n".join(
        [
            "## June 2026 { #2026-06 }",
            "",
            "**New pages**: [Page B](../b.md).",
            "",
            "**Dated claims checked**: [Page B](../b.md) (1 claim).",
            "",
            "## March 2026 { #2026-03 }",
            "",
            "**New pages**: [Page A](../a.md).",
            "",
        ]
    )


def test_chinese_notes_and_words(tmp_path):
    docs = tmp_path / "zh"
    docs.mkdir()
    (docs / "p.md").write_text(f"# 页面\n\n说法[^x]。\n\n{ZH_NOTE}\n", encoding="utf-8")
    (docs / "q.md").write_text(f"# 另一页\n\n{ZH_NOTE}\n{ZH_NOTE.replace('[^x]', '[^y]')}\n")
    out = changes.render("zh", docs, "changes.md", tmp_path)  # tmp_path: no git history
    assert out.splitlines()[0].startswith("本次构建没有 git 历史，因此未列出新增页面（")
    assert "## 2026 年 6 月 { #2026-06 }" in out
    assert "**核对过的注明日期的说法**：[页面](p.md)（1 条）、[另一页](q.md)（2 条）。" in out


def test_without_history_the_deploy_stops(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGE_DATES", "required")
    with pytest.raises(BuildError, match=r"^changes: PAGE_DATES=required, but .* not a git"):
        changes.render("en", tmp_path, "changes.md", tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_built_page_lists_every_page_and_every_checked_claim(built_site, lang):
    html = (built_site.lang_root(lang) / "about" / "changes" / "index.html").read_text("utf-8")
    docs = ROOT / "docs" / lang
    months = re.findall(r'<h2 id="(20\d\d-\d\d)">', html)
    assert months and months == sorted(months, reverse=True)
    notes = sum(n for pages in changes.checked_claims(docs, lang).values() for n in pages.values())
    shown = sum(int(n) for n in re.findall(r"\((\d+) claims?\)|（(\d+) 条）", html) for n in n if n)
    assert shown == notes > 40
    try:
        added = changes.added_pages(ROOT, lang)
    except LookupError as reason:
        pytest.skip(f"no full history here: {reason}")
    listed = {p for paths in added.values() for p in paths if p != "about/changes.md"}
    here = "/about/changes/"
    linked = {urljoin(here, href).strip("/") for href in re.findall(r'href="([^"#]+)"', html)}
    wanted = {p.removesuffix(".md").removesuffix("index").strip("/") for p in listed}
    assert wanted <= linked, sorted(wanted - linked)
