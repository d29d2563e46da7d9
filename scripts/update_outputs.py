"""Regenerate the output (.out) and figure (.png) that the pages show for snippets.

Usage: python scripts/update_outputs.py [SNIPPET ...]   (default: every snippet)

Each snippet runs exactly as the tests run it (tests/support/snippets.py: offline, from an empty
folder, with the launcher its docstring names); what it prints becomes <name>.out and the figure
it saves becomes <name>.png, next to the snippet. A snippet that fails is reported and its files
are left as they were; the exit status is then 1. Review the diff before committing: the pages
include these files as they are.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.snippets import (  # noqa: E402
    ROOT,
    all_snippets,
    display,
    expected_output_path,
    figure_path,
    run_snippet,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("snippets", nargs="*", type=Path, help="paths of snippets (default: all)")
    args = parser.parse_args()
    known = {p.resolve(): p for p in all_snippets()}
    chosen = []
    for path in args.snippets or known.values():
        resolved = (ROOT / path).resolve() if not path.is_absolute() else path.resolve()
        if resolved not in known:
            parser.error(f"{path}: not a snippet (snippets/<chapter>/<name>.py)")
        chosen.append(known[resolved])
    failed = 0
    for snippet in chosen:
        with tempfile.TemporaryDirectory() as tmp:
            run = run_snippet(snippet, cwd=Path(tmp))
            if run.returncode != 0:
                failed += 1
                tail = "\n".join(run.stderr.strip().splitlines()[-5:])
                print(
                    f"{display(snippet)}: exited {run.returncode}, files left as they were\n{tail}"
                )
                continue
            out = expected_output_path(snippet)
            changed = not out.exists() or out.read_text(encoding="utf-8") != run.stdout
            out.write_text(run.stdout, encoding="utf-8")
            drawn = Path(tmp) / figure_path(snippet).name
            if drawn.exists():
                shutil.copyfile(drawn, figure_path(snippet))
            notes = ["output changed" if changed else "output unchanged"]
            if drawn.exists():
                notes.append(f"figure {figure_path(snippet).name} written")
            print(f"{display(snippet)}: {', '.join(notes)} ({run.seconds:.0f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
