"""Build the site (both languages) into a folder, as the Makefile and CI do."""

import os
import subprocess
import sys
from pathlib import Path

from filelock import FileLock

from sitebuild import languages
from sitebuild.languages import CONFIGS  # noqa: F401 (the tests' name for them)
from sitebuild.notebooks import is_notebook_snippet
from sitebuild.snippets import SNIPPETS, all_snippets
from tests.support.pages import pages

ROOT = Path(__file__).resolve().parents[2]
# Builds share caches under .cache/ (rendered notebooks, typeset formulas): when the tests run
# in several processes (pytest-xdist), one build runs at a time.
LOCK = ROOT / ".cache" / "build.lock"


def one_build_at_a_time() -> FileLock:
    LOCK.parent.mkdir(exist_ok=True)
    return FileLock(str(LOCK))


def build(site_dir: Path, lang: str, renderer: str = "mkdocs") -> subprocess.CompletedProcess:
    """Run `<renderer> build --strict` for one language; the English site goes under en/.

    `renderer` is "mkdocs" or "properdocs" (the maintained fork of MkDocs 1.6, which reads the
    same configuration and runs the same plugins and hooks)."""
    target = languages.site_dir(site_dir, lang)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with one_build_at_a_time():
        return _run(site_dir, lang, target, env, renderer)


def _run(
    site_dir: Path, lang: str, target: Path, env: dict, renderer: str = "mkdocs"
) -> subprocess.CompletedProcess:
    if renderer not in ("mkdocs", "properdocs"):
        raise ValueError(f"renderer must be 'mkdocs' or 'properdocs', got {renderer!r}")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            renderer,
            "build",
            "--strict",
            "-f",
            str(CONFIGS[lang]),
            "-d",
            str(target),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def site_paths() -> list[str]:
    """URL paths of every page, relative to a language's root ('' is the home page)."""
    paths = []
    for name in pages(languages.DEFAULT):
        stem = name[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
        else:
            stem += "/"
        paths.append(stem)
    for snippet in all_snippets():
        if is_notebook_snippet(snippet):
            paths.append(snippet.relative_to(SNIPPETS).with_suffix("").as_posix() + "/")
    return sorted(paths)
