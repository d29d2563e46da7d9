"""Build the site (both languages) into a folder, as the Makefile and CI do."""

import os
import subprocess
import sys
from pathlib import Path

from filelock import FileLock

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = {"zh": ROOT / "mkdocs.yml", "en": ROOT / "mkdocs.en.yml"}
# Builds share caches under .cache/ (rendered notebooks, typeset formulas): when the tests run
# in several processes (pytest-xdist), one build runs at a time.
LOCK = ROOT / ".cache" / "build.lock"


def one_build_at_a_time() -> FileLock:
    LOCK.parent.mkdir(exist_ok=True)
    return FileLock(str(LOCK))


def build(site_dir: Path, lang: str) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` for one language; the English site goes under en/."""
    target = site_dir if lang == "zh" else site_dir / "en"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with one_build_at_a_time():
        return _run(site_dir, lang, target, env)


def _run(site_dir: Path, lang: str, target: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
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
