"""MkDocs adapter for sitebuild/vendor_assets.py (what it does is described there)."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from sitebuild.vendor_assets import on_files  # noqa: E402

__all__ = ["on_files"]
