"""MkDocs adapter for sitebuild/math.py (what it does is described there)."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from sitebuild.math import (  # noqa: E402
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_page_content,
    on_post_page,
)

__all__ = ["on_build_error", "on_config", "on_env", "on_files", "on_page_content", "on_post_page"]
