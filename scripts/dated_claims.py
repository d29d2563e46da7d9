"""List the guide's dated claims, oldest evidence first: the ones to check again soonest.

Each time-sensitive statement carries the month of its evidence ("as of June 2026",
"截至 2026 年 6 月") and a footnote naming its sources, each with its own date, and the month
they were checked; see docs/en/about/contributing.md#dated-claims. Usage:

    python scripts/dated_claims.py                   # English pages, as a table
    python scripts/dated_claims.py --lang zh         # Chinese pages
    python scripts/dated_claims.py --before 2026-09  # only claims whose evidence is older
    python scripts/dated_claims.py --json            # one record per claim, with its sources
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.dates import dated_claims, notes  # noqa: E402


def month(text: str) -> str:
    if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"expected a month as YYYY-MM, got {text!r}")
    return text


def records(docs: Path, lang: str) -> list[dict]:
    """One record per dated claim: where it is, its month, its evidence and its sentence."""
    found = []
    for path in sorted(docs.rglob("*.md")):
        page = path.relative_to(docs).as_posix()
        page_notes = notes(path, lang).evidence
        for claim in dated_claims(path, lang, page):
            note = page_notes.get(claim.note or "")
            found.append(
                {
                    "page": page,
                    "line": claim.line,
                    "id": claim.note,
                    "dated": claim.month_key,
                    "evidence_month": note.evidence if note else None,
                    "evidence": note.newest_date if note else None,
                    "checked": note.checked if note else None,
                    "sources": [
                        {"title": s.title, "url": s.url, "date": s.date}
                        for s in (note.sources if note else ())
                    ],
                    "claim": claim.text,
                }
            )
    # Oldest evidence first (an undated source counts for the month it was checked), then the
    # claims without a source, which are dated by their text alone.
    found.sort(
        key=lambda r: (r["evidence_month"] or r["dated"], r["evidence"] or "", r["page"], r["line"])
    )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["en", "zh"], default="en")
    parser.add_argument("--before", type=month, help="only claims whose evidence predates YYYY-MM")
    parser.add_argument("--json", action="store_true", help="print JSON records instead")
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="repository root (default: this one)"
    )
    args = parser.parse_args(argv)
    found = records(args.root / "docs" / args.lang, args.lang)
    if args.before:
        found = [r for r in found if (r["evidence_month"] or r["dated"]) < args.before]
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        print(f"{'evidence':<10}  {'checked':<7}  {'page':<32}  claim")
        for r in found:
            evidence = r["evidence"] or "NO SOURCE"
            checked = r["checked"] or "-"
            where = f"{r['page']}:{r['line']}"
            print(f"{evidence:<10}  {checked:<7}  {where:<32}  {r['claim']}")
    missing = sum(r["evidence"] is None for r in found)
    print(
        f"{len(found)} dated claims in docs/{args.lang}/, {missing} without a source",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
