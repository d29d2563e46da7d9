"""MkDocs adapter for sitebuild/palette.py (what it does is described there)."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from sitebuild.palette import on_post_build  # noqa: E402

__all__ = ["on_post_build"]
