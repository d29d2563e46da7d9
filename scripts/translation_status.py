"""List pages whose Chinese and English versions were last changed in different commits.

Usage: python scripts/translation_status.py [--check] [--root PATH]

For each page that exists in both docs/zh/ and docs/en/, it compares the last commit that
touched each file and names the newer side, so that a change in one language is not
forgotten in the other. Uncommitted changes count as newer than any commit. With --check
the exit status is 1 when any page is out of step (for CI or a pre-commit hook).
"""

import argparse
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Change:
    commit: str  # short hash, or "uncommitted"
    timestamp: int  # seconds since the epoch; uncommitted changes sort last


def last_change(root: Path, path: Path) -> Change:
    rel = path.relative_to(root).as_posix()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", rel],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if dirty:
        return Change("uncommitted", sys.maxsize)
    out = subprocess.run(
        ["git", "log", "-1", "--format=%h %ct", "--", rel],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return Change(out[0], int(out[1])) if out else Change("uncommitted", sys.maxsize)


def out_of_step(root: Path) -> list[tuple[str, str, Change, Change]]:
    """(page, newer language, zh change, en change) for each page whose languages differ."""
    zh_root, en_root = root / "docs" / "zh", root / "docs" / "en"
    rows = []
    for zh in sorted(zh_root.rglob("*.md")):
        page = zh.relative_to(zh_root)
        en = en_root / page
        if not en.exists():
            continue  # a missing translation is the parity test's business
        a, b = last_change(root, zh), last_change(root, en)
        if a.commit != b.commit:
            newer = (
                "zh"
                if (a.timestamp, a.commit == "uncommitted")
                > (b.timestamp, b.commit == "uncommitted")
                else "en"
            )
            rows.append((page.as_posix(), newer, a, b))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 if any page is out of step"
    )
    parser.add_argument(
        "--root", type=Path, default=Path.cwd(), help="repository root (default: .)"
    )
    args = parser.parse_args(argv)
    if not (args.root / "docs" / "zh").is_dir():
        parser.error(
            f"{args.root} has no docs/zh/ folder; run from the repository root or pass --root"
        )
    rows = out_of_step(args.root.resolve())
    if not rows:
        print("Every page was last changed in the same commit in both languages.")
        return 0
    print(f"{'page':<40} {'newer':<6} {'zh':<12} {'en':<12}")
    for page, newer, zh, en in rows:
        print(f"{page:<40} {newer:<6} {zh.commit:<12} {en.commit:<12}")
    print(f"\n{len(rows)} page(s): bring the older language up to date with the newer one.")
    return 1 if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
