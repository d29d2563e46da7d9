"""Time the practice examples: wall time, CPU time, peak memory and the held-out metric.

Usage: python scripts/benchmark_examples.py [--device cpu|auto] [--repeat N] [--json FILE]

Each example runs as a reader runs it (`python snippets/practice/<name>.py`, or the `torchrun`
command in its docstring), in an empty temporary folder, one at a time. The distributed examples
also run with one process (one replica), for comparison; their peak memory is that of the largest
process, their CPU time that of all processes together. `--device cpu` forces the CPU; `auto`
lets each example pick a GPU when there is one. Run both on a GPU machine to get the speed-up.
Nothing here asserts: the targets (<= 20 s per example on a 2-core CPU, 60 s at most) are for
people to compare against.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sitebuild.snippets import launch_command  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRACTICE = ROOT / "snippets" / "practice"
METRIC = re.compile(r"^(?:.*?)(test accuracy|BLEU)\b\D*?(\d+(?:\.\d+)?)", re.MULTILINE)
DEVICE = re.compile(r"^device: (\S+)$", re.MULTILINE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", choices=["cpu", "auto"], default="cpu")
    parser.add_argument("--repeat", type=int, default=1, help="runs per example (best is kept)")
    parser.add_argument("--only", default="", help="substring of the example names to run")
    parser.add_argument("--json", type=Path, help="also write the table to this JSON file")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    rows = []
    header = f"{'example':<50} {'device':>6} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}  metric"
    print(header, flush=True)
    for snippet in sorted(PRACTICE.glob("*.py")):
        if args.only not in snippet.name:
            continue
        for variant in variants(snippet):
            best = None
            for _ in range(args.repeat):
                row = timed_row(snippet, args.device, *variant)
                if best is None or row["wall_s"] < best["wall_s"]:
                    best = row
            rows.append(best)
            status = "" if best["ok"] else "  FAILED"
            print(
                f"{best['example']:<50} {best['device']:>6} {best['wall_s']:>7.1f} "
                f"{best['cpu_s']:>7.1f} {best['peak_rss_mb']:>8.0f}  {best['metric']}{status}",
                flush=True,
            )
    print(f"{'all examples':<50} {'':>6} {sum(r['wall_s'] for r in rows):>7.1f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0 if all(r["ok"] for r in rows) else 1


def variants(snippet: Path) -> list[tuple[list[str], list[str], str]]:
    """(launcher, extra arguments, label) for each way to run the example."""
    launcher = launch_command(snippet)
    if launcher is not None:  # torchrun with N processes, and with one
        bin_dir = Path(sys.executable).parent
        full = [str(bin_dir / launcher[0]), *launcher[1:]]
        one = [w if not w.startswith("--nproc_per_node=") else "--nproc_per_node=1" for w in full]
        processes = next(w.split("=")[1] for w in launcher if w.startswith("--nproc_per_node="))
        return [(full, [], f" ({processes} processes)"), (one, [], " (1 process)")]
    if "--replicas" in snippet.read_text(encoding="utf-8"):
        return [
            ([sys.executable], [], " (2 replicas)"),
            ([sys.executable], ["--replicas", "1"], " (1 replica)"),
        ]
    return [([sys.executable], [], "")]


def timed_row(snippet: Path, device: str, program=None, extra=(), label="") -> dict:
    """Run one example in its own child and read its peak memory from wait4's rusage.

    For a launcher (torchrun), wait4 reports the largest peak among it and the processes it
    started and waited for, and the CPU time of all of them.
    """
    cli = [*extra] + ([] if device == "auto" else ["--device", device])
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*(program or [sys.executable]), str(snippet), *cli],
            cwd=tmp,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        stdout = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    metrics = METRIC.findall(stdout)
    used = DEVICE.search(stdout)
    return {
        "example": snippet.relative_to(ROOT).as_posix() + label,
        "device": used[1] if used else "?",
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        # several values (XOR: the linear model, then the MLP) are shown in the order printed
        "metric": f"{metrics[-1][0]} " + " / ".join(v for _, v in metrics) if metrics else "",
        "ok": os.waitstatus_to_exitcode(status) == 0,
    }


if __name__ == "__main__":
    sys.exit(main())
