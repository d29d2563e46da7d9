"""MkDocs adapter for sitebuild/calculator.py (what it does is described there)."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from sitebuild.calculator import on_files, on_page_content, on_post_page  # noqa: E402

__all__ = ["on_files", "on_page_content", "on_post_page"]
