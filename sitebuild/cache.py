"""Results kept on disk between builds (and between the two languages' builds), in .cache/.

One JSON file per key under a folder: the key names what the results depend on (a tool's
version, a hash of the inputs), so a change there starts a new file instead of trusting an old
one. Files are written atomically (two builds may run at once), and a missing or unreadable
file reads as None: the stage then computes its results again.
"""

import json
import os
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class DiskCache:
    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def load(self, key: str) -> Any:
        """What `save` wrote under `key`, or None when there is no readable file."""
        try:
            return json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save(self, key: str, data: Any) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=self.folder, suffix=".tmp", delete=False
        ) as out:
            json.dump(data, out, ensure_ascii=False)
        os.chmod(out.name, 0o644)
        os.replace(out.name, self.path(key))


def under_cache(name: str) -> DiskCache:
    """The disk cache .cache/<name>/ of the repository."""
    return DiskCache(ROOT / ".cache" / name)
