"""MkDocs adapter for sitebuild/language_links.py and sitebuild/words.py (described there)."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from sitebuild.language_links import on_post_page, on_post_template  # noqa: E402
from sitebuild.words import on_config  # noqa: E402

__all__ = ["on_config", "on_post_page", "on_post_template"]
