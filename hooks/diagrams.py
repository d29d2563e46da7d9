"""MkDocs adapter for sitebuild/diagrams.py (what it does is described there)."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from sitebuild.diagrams import on_config, on_env, on_page_content, on_post_page  # noqa: E402

__all__ = ["on_config", "on_env", "on_page_content", "on_post_page"]
