"""MkDocs adapter for sitebuild/csp.py (what it does is described there)."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from sitebuild.csp import on_post_page, on_post_template  # noqa: E402

__all__ = ["on_post_page", "on_post_template"]
