"""The part of Pyodide's standard library the calculator page ships.

Pyodide's python_stdlib.zip holds the whole standard library (2.5 MB); the calculator
loads about a quarter of it. This script runs Pyodide in Node.js as the page does
(scripts/pyodide_probe.mjs), lists the standard-library files then loaded, and compares
the list with sitebuild/pyodide_stdlib.txt, from which the build writes the site's smaller
python_stdlib.zip (sitebuild/vendor_assets.py).

    python scripts/pyodide_stdlib.py           # compare; exit 1 if the list lacks a file
    python scripts/pyodide_stdlib.py --write   # rewrite the list

Run it with --write after a change to the package's imports or to Pyodide's version;
tests/site/test_calculator.py runs the comparison.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitebuild import calculator, vendor_assets  # noqa: E402

PROBE = ROOT / "scripts" / "pyodide_probe.mjs"
CALCULATOR_JS = ROOT / "overrides" / "assets" / "javascripts" / "calculator.js"

# Inputs the probe calculates with: the page's worked example, and the paths that differ
# from it (an input error, a custom architecture, speculative decoding, data-parallel
# attention, no API prices).
VARIANTS = (
    {},
    {"price": "three"},
    {
        "preset": None,
        "arch": "llama",
        "vocab_size": "32000",
        "d_model": "4096",
        "n_layers": "32",
        "n_heads": "32",
        "d_ff": "11008",
    },
    {"draft_tokens": "4", "draft_params": "1e9"},
    {
        "preset": "deepseek-v3",
        "gpu": "H200-SXM",
        "gpus_per_replica": "8",
        "attention": "data",
        "weight_dtype": "fp8",
        "kv_dtype": "fp8",
    },
    {"api_input_price": None, "api_output_price": None, "requests_per_day": None},
)


def probe_inputs() -> list[dict]:
    return [
        {"command": calculator.COMMAND, "inputs": calculator.defaults() | variant}
        for variant in VARIANTS
    ]


def loaded_files() -> list[str]:
    """Standard-library files Pyodide loads while doing what the calculator page does."""
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "package.zip"
        package.write_bytes(calculator.package_zip())
        inputs = Path(tmp) / "inputs.json"
        inputs.write_text(json.dumps(probe_inputs()))
        result = subprocess.run(
            [
                "node",
                str(PROBE),
                str(vendor_assets.PYODIDE),
                str(package),
                str(CALCULATOR_JS),
                str(inputs),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    if result.returncode != 0:
        raise RuntimeError(f"pyodide_probe.mjs failed:\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report["errors"] != 1:  # only the "price": "three" variant is an input error
        raise RuntimeError(f"expected one input error among the probe's runs: {report}")
    return report["files"]


def differences(loaded: list[str], listed: list[str]) -> list[str]:
    """One line per file loaded but not listed (the page would fail to import it), or
    listed but not loaded (the page downloads it for nothing)."""
    return [f"loaded but not listed: {name}" for name in sorted(set(loaded) - set(listed))] + [
        f"listed but not loaded: {name}" for name in sorted(set(listed) - set(loaded))
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite sitebuild/pyodide_stdlib.txt")
    args = parser.parse_args(argv)
    loaded = loaded_files()
    if args.write:
        vendor_assets.write_stdlib_list(loaded)
        print(f"wrote {len(loaded)} files to {vendor_assets.STDLIB_LIST.relative_to(ROOT)}")
        return 0
    listed = vendor_assets.stdlib_list()
    problems = differences(loaded, listed)
    for line in problems:
        print(line)
    if problems:
        print("run: python scripts/pyodide_stdlib.py --write")
        return 1
    print(f"{len(listed)} files listed, all loaded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
