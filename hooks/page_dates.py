"""MkDocs adapter for sitebuild/page_dates.py (what it does is described there)."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from sitebuild.page_dates import on_config, on_page_markdown  # noqa: E402

__all__ = ["on_config", "on_page_markdown"]
