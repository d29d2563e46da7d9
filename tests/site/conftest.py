import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from sitebuild.languages import DEFAULT, LANGUAGES, site_dir
from tests.support.site import ROOT, build
from tests.support.snippets import SNIPPETS


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id):
    """Both languages built strictly into one folder: Chinese at /, English at /en/.

    With pytest-xdist, the first worker that needs the site builds it; the others wait for it
    and use the same folder (the base temporary folder's parent is shared by the workers).
    """
    if worker_id == "master":
        return build_both(tmp_path_factory.mktemp("site"))
    shared = tmp_path_factory.getbasetemp().parent
    with FileLock(str(shared / "site.lock")):
        record = shared / "site.json"
        if record.is_file():
            saved = json.loads(record.read_text(encoding="utf-8"))
            return Site(Path(saved["root"]), saved["logs"], saved["changes"])
        site = build_both(shared / "site")
        saved = {"root": str(site.root), "logs": site.logs, "changes": site.snippet_changes}
        record.write_text(json.dumps(saved), encoding="utf-8")
        return site


@pytest.fixture(scope="session")
def built_pdfs(built_site, tmp_path_factory, worker_id):
    """The PDF of each language (scripts/build_pdf.py), printed into the built site once: the
    first worker that needs them prints them, the others wait for them."""

    def print_both() -> dict[str, Path]:
        start = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "build_pdf.py"),
                "--site",
                str(built_site.root),
            ],
            capture_output=True,
            text=True,
            timeout=1200,
        )
        assert done.returncode == 0, f"build_pdf.py failed:\n{done.stdout}\n{done.stderr[-4000:]}"
        print(f"\nPDFs of both languages: {time.perf_counter() - start:.1f} s\n{done.stdout}")
        return {lang: built_site.pdf(lang) for lang in LANGUAGES}

    if worker_id == "master":
        return print_both()
    shared = tmp_path_factory.getbasetemp().parent
    with FileLock(str(shared / "pdf.lock")):
        if not all(built_site.pdf(lang).is_file() for lang in LANGUAGES):
            return print_both()
        return {lang: built_site.pdf(lang) for lang in LANGUAGES}


def build_both(site: Path) -> "Site":
    site.mkdir(parents=True, exist_ok=True)
    logs = {}
    before = snapshot(SNIPPETS)
    start = time.perf_counter()
    for lang in LANGUAGES:
        done = build(site, lang)
        assert done.returncode == 0, f"strict build of {lang} failed:\n{done.stderr[-4000:]}"
        logs[lang] = done.stderr
    print(f"\nstrict build of both languages: {time.perf_counter() - start:.1f} s")
    after = snapshot(SNIPPETS)
    changes = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    return Site(site, logs, changes)


def snapshot(folder: Path) -> dict[str, int]:
    """Every file under `folder` with its modification time, to see what a build wrote."""
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


class Site:
    def __init__(self, root: Path, logs: dict[str, str], snippet_changes: list[str]):
        self.root = root
        self.logs = logs
        self.snippet_changes = snippet_changes

    def lang_root(self, lang: str) -> Path:
        return site_dir(self.root, lang)

    def pdf(self, lang: str) -> Path:
        """Where the language's PDF goes (`extra.pdf` of its configuration)."""
        from scripts.build_pdf import pdf_path

        return pdf_path(self.root, lang)

    def pages(self, lang: str) -> dict[str, Path]:
        base = self.lang_root(lang)
        found = {}
        for html in base.rglob("index.html"):
            rel = html.relative_to(base)
            if rel.parts and rel.parts[0] in LANGUAGES and lang == DEFAULT:
                continue  # another language's pages, in their folder under the default one
            found[rel.as_posix()] = html
        return found


@pytest.fixture(scope="session")
def server(built_site):
    from sitebuild.serve import StaticServer

    with StaticServer(built_site.root) as srv:
        yield srv


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from sitebuild.browser import launch

    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()
