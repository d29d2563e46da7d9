"""Serve Pyodide, and the charting library of the calculator page, from the site itself.

It comes from the npm registry (versions pinned by package-lock.json, installed into
node_modules/ by `npm ci`). This stage adds the files the pages need to the build, under
assets/vendor/, so that no page loads a script from a third-party host.

Pyodide (Python compiled to WebAssembly, for the calculator page) is vendored with the five
files that `loadPyodide` fetches to start a pure-Python interpreter: its loader, the
Emscripten module and its WebAssembly, the standard library and the package lock file it
reads at start-up. Its packages (numpy, micropip, ...) are not vendored, and the shipped
lock file lists none: the calculator needs none, and loading one would fetch it from a CDN.

Of the standard library only the files the calculator loads are shipped, compiled: the
site's python_stdlib.zip holds the files listed in pyodide_stdlib.txt (beside this module) as
bytecode that pyodide_stdlib.mjs compiles with Pyodide's own Python. The list comes from
scripts/pyodide_stdlib.py, which runs Pyodide as the page does, and a test keeps it complete.
The whole library is 2.5 MB of sources; the shipped zip is about 0.8 MB and saves the
interpreter compiling it at start-up.

The calculator's charts are drawn with Observable Plot and d3 (their minified builds and
licences), also from node_modules/.
"""

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

from sitebuild.build import BuildError, Site, SiteFile

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
PYODIDE = NODE_MODULES / "pyodide"
STDLIB = "python_stdlib.zip"
LOCK = "pyodide-lock.json"
STDLIB_LIST = Path(__file__).resolve().parent / "pyodide_stdlib.txt"
STDLIB_SCRIPT = Path(__file__).resolve().parent / "pyodide_stdlib.mjs"
STDLIB_CACHE = ROOT / ".cache" / "pyodide"
_STDLIB_HEADER = (
    "# Files of Pyodide's python_stdlib.zip that the calculator page loads; the site ships\n"
    "# only these. Written by `python scripts/pyodide_stdlib.py --write`; do not edit.\n"
)

# The files `loadPyodide` fetches to start the interpreter: all the calculator page downloads
# of Pyodide (the browser tests check that it fetches these and nothing before first use).
PYODIDE_RUNTIME = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    STDLIB,
    LOCK,
)

# (package folder, files or folders inside it, destination under the site)
VENDOR = [
    (
        "pyodide",
        list(PYODIDE_RUNTIME),
        "assets/vendor/pyodide",
    ),
    # The calculator's charts (calculator-charts.js): Observable Plot and the d3 it runs on,
    # loaded with Pyodide on first use, with their licences (ISC).
    ("d3", ["dist/d3.min.js", "LICENSE"], "assets/vendor/d3"),
    ("@observablehq/plot", ["dist/plot.umd.min.js", "LICENSE"], "assets/vendor/plot"),
]


def stdlib_list() -> list[str]:
    """The standard-library files the calculator needs (paths inside python_stdlib.zip)."""
    lines = STDLIB_LIST.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def write_stdlib_list(names: list[str]) -> None:
    STDLIB_LIST.write_text(_STDLIB_HEADER + "".join(f"{n}\n" for n in sorted(names)), "utf-8")


def stdlib_zip() -> bytes:
    """The site's python_stdlib.zip: the listed files, compiled by pyodide_stdlib.mjs.

    Compiling takes Node.js a few seconds, so the zip is kept in .cache/pyodide/ under a
    name that changes with Pyodide's version, the list and the script.
    """
    full = PYODIDE / STDLIB
    names = stdlib_list()
    with zipfile.ZipFile(full) as source:
        present = set(source.namelist())
    missing = [name for name in names if name not in present]
    if missing:
        raise BuildError(
            f"vendor_assets: {STDLIB_LIST.name} lists {', '.join(missing[:5])}, which "
            f"{full.relative_to(ROOT)} does not hold (Pyodide changed?). Run "
            "`python scripts/pyodide_stdlib.py --write`."
        )
    version = json.loads((PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]
    key = hashlib.sha256()
    for part in (version.encode(), STDLIB_LIST.read_bytes(), STDLIB_SCRIPT.read_bytes()):
        key.update(hashlib.sha256(part).digest())
    cached = STDLIB_CACHE / f"python_stdlib-{version}-{key.hexdigest()[:16]}.zip"
    if not cached.exists():
        node = shutil.which("node")
        if node is None:
            raise BuildError(
                "vendor_assets: Node.js (`node`) is needed to compile Pyodide's standard "
                "library for the calculator; install it (see README.md)."
            )
        STDLIB_CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".tmp")
        result = subprocess.run(
            [node, str(STDLIB_SCRIPT), str(PYODIDE), str(STDLIB_LIST), str(partial)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0 or not partial.exists():
            raise BuildError(
                f"vendor_assets: {STDLIB_SCRIPT.name} failed:\n{result.stderr[-2000:]}"
            )
        partial.replace(cached)
    return cached.read_bytes()


def lock_without_packages(path: Path) -> bytes:
    """Pyodide's lock file with its list of packages emptied: loadPyodide reads it at
    start-up, the calculator installs no package, and a package asked for by mistake then
    fails at once instead of being fetched from a CDN (119 KB -> under 1 KB)."""
    lock = json.loads(path.read_text(encoding="utf-8"))
    lock["packages"] = {}
    return json.dumps(lock, sort_keys=True, separators=(",", ":")).encode()


def vendor_files() -> list[SiteFile]:
    """Return the vendored files, or fail with a clear message."""
    found = []
    for package, entries, dest in VENDOR:
        base = NODE_MODULES / package
        for entry in entries:
            path = base / entry
            if not path.exists():
                raise BuildError(
                    f"vendor_assets: {path.relative_to(ROOT)} is missing. "
                    "Run `npm ci` in the repository root to install Pyodide."
                )
            paths = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            for file_path in paths:
                rel = file_path.relative_to(base).as_posix()
                if package == "pyodide" and rel in (STDLIB, LOCK):
                    data = stdlib_zip() if rel == STDLIB else lock_without_packages(file_path)
                    found.append(SiteFile(f"{dest}/{rel}", content=data))
                    continue
                found.append(SiteFile(f"{dest}/{rel}", path=file_path))
    return found


class VendorAssets:
    """The stage (sitebuild/build.py)."""

    def files(self, site: Site, added: tuple[SiteFile, ...]) -> list[SiteFile]:
        return vendor_files()
