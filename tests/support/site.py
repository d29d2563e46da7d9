"""Build the site (both languages) into a folder, as the Makefile and CI do."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = {"zh": ROOT / "mkdocs.yml", "en": ROOT / "mkdocs.en.yml"}


def build(site_dir: Path, lang: str) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` for one language; the English site goes under en/."""
    target = site_dir if lang == "zh" else site_dir / "en"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
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
