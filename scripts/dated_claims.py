"""List the guide's dated claims, oldest first: the ones to check again soonest.

Time-sensitive statements carry the month they were checked ("as of June 2026",
"截至 2026 年 6 月"); see docs/en/about/contributing.md. Usage:

    python scripts/dated_claims.py            # English pages
    python scripts/dated_claims.py --lang zh  # Chinese pages
    python scripts/dated_claims.py --before 2026-09   # only claims checked before a month
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.dates import dated_claims  # noqa: E402


def month(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(20\d\d)-(0[1-9]|1[0-2])", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected a month as YYYY-MM, got {text!r}")
    return int(match[1]), int(match[2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["en", "zh"], default="en")
    parser.add_argument("--before", type=month, help="only claims checked before YYYY-MM")
    args = parser.parse_args(argv)
    docs = ROOT / "docs" / args.lang
    claims = [
        claim
        for path in sorted(docs.rglob("*.md"))
        for claim in dated_claims(path, args.lang, path.relative_to(docs).as_posix())
    ]
    if args.before:
        claims = [c for c in claims if (c.year, c.month) < args.before]
    claims.sort(key=lambda c: (c.year, c.month, c.page, c.line))
    for claim in claims:
        print(f"{claim.month_key}  {claim.page}:{claim.line}  {claim.text}")
    print(f"{len(claims)} dated claims in docs/{args.lang}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
