"""Run every training example under each rounding-sized perturbation and report what moved.

Usage: python scripts/check_robustness.py [--only SUBSTRING] [--json FILE]

For each example (snippets/practice/*.py) it runs the plain command once and then once per
perturbation in tests/support/robustness.py (thread counts, PyTorch's kernel instruction sets,
TensorFlow with and without oneDNN, initial weights jittered by a relative 1e-6). For every
number the example prints it reports the largest change from what the page shows, and under
which perturbation; a line whose words changed is reported as such. The figure each run draws
is compared with the committed one by its plotted data, as the tests do. Exit status 1 if any
run failed, or any number or figure left its page's tolerance.

The test command runs one combined perturbation per example (tests/snippets/test_robustness.py);
this script is the full matrix, for an author changing an example (about 15 minutes here).
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.robustness import (  # noqa: E402
    Perturbation,
    largest_changes,
    moved_lines,
    page_output,
    perturbations_for,
    run_perturbed,
    training_examples,
)
from tests.support.snippets import (  # noqa: E402
    check_figures,
    display,
    figure_path,
    tolerance_for,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="substring of the example names to run")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args()
    examples = [p for p in training_examples() if args.only in p.name]
    if not examples:
        parser.error(f"no training example matches {args.only!r}")
    report, failed = [], False
    for snippet in examples:
        page = page_output(snippet)
        tolerance = tolerance_for(snippet)
        outputs, problems, figures = {}, {}, {}
        plan = [Perturbation("plain run"), *perturbations_for(snippet)]
        for perturbation in plan:
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                run = run_perturbed(snippet, perturbation, Path(tmp))
                seconds = time.perf_counter() - start
                drawn = figure_problems(snippet, Path(tmp))
            if drawn:
                figures[perturbation.name] = drawn
                failed = True
            if run.returncode != 0:
                failed = True
                tail = run.stderr.strip().splitlines()[-30:]
                print(f"{display(snippet)}: {perturbation.name}: exited {run.returncode}: {tail}")
                continue
            outputs[perturbation.name] = run.stdout
            moved = moved_lines(page, run.stdout, tolerance)
            if moved:
                problems[perturbation.name] = moved
                failed = True
            status = "holds" if not moved else f"{len(moved)} line(s) outside the tolerance"
            if drawn is not None:
                status += "; figure holds" if not drawn else f"; figure: {len(drawn)} difference(s)"
            print(f"{display(snippet)}: {perturbation.describe()}: {seconds:.0f} s, {status}",
                  flush=True)  # fmt: skip
        changes = largest_changes(page, outputs)
        print(f"\n{display(snippet)}: largest change of each printed number from the page")
        if not changes:
            print("  none: every run printed the page's output exactly")
        for row in changes:
            change = "text changed" if row["change"] is None else f"{row['change']:.4g}"
            print(f"  line {row['line']:>2} #{row['number']} {row['value']:>10}  {change:>12}  "
                  f"({row['where']})  {row['text'][:60]}")  # fmt: skip
        for name, drawn in figures.items():
            print(f"  figure differs beyond the tolerance under {name}:")
            print("\n".join(f"    {d}" for d in drawn[:10]))
        for name, moved in problems.items():
            print(f"  outside the tolerance under {name}:")
            print("\n".join(f"    {m}" for m in moved))
        print()
        report.append({"example": display(snippet), "changes": changes, "problems": problems,
                       "figure": figures})  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 1 if failed else 0


def figure_problems(snippet: Path, workdir: Path) -> list[str] | None:
    """How a run's figure differs from the committed one, as the tests say it (None: no figure)."""
    if not figure_path(snippet).exists():
        return None
    try:
        check_figures(snippet, workdir)
    except AssertionError as problem:
        return str(problem).splitlines()
    return []


if __name__ == "__main__":
    sys.exit(main())
