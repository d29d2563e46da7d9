"""Serve Pyodide from the site itself.

It comes from the npm registry (versions pinned by package-lock.json, installed into
node_modules/ by `npm ci`). This hook adds the files the pages need to the build, under
assets/vendor/, so that no page loads a script from a third-party host.

Pyodide (Python compiled to WebAssembly, for the calculator page) is vendored with the five
files that `loadPyodide` fetches to start a pure-Python interpreter: its loader, the
Emscripten module and its WebAssembly, the standard library and the package lock file it
reads at start-up. Its packages (numpy, micropip, ...) are not vendored: the calculator
needs none, and loading one would fetch it from a CDN.
"""

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"

# (package folder, files or folders inside it, destination under the site)
VENDOR = [
    (
        "pyodide",
        [
            "pyodide.mjs",
            "pyodide.asm.mjs",
            "pyodide.asm.wasm",
            "python_stdlib.zip",
            "pyodide-lock.json",
        ],
        "assets/vendor/pyodide",
    ),
]


def vendor_files(config: MkDocsConfig) -> list[File]:
    """Return the vendored files as MkDocs File objects, or fail with a clear message."""
    found = []
    for package, entries, dest in VENDOR:
        base = NODE_MODULES / package
        for entry in entries:
            path = base / entry
            if not path.exists():
                raise PluginError(
                    f"vendor_assets: {path.relative_to(ROOT)} is missing. "
                    "Run `npm ci` in the repository root to install Pyodide."
                )
            paths = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            for file_path in paths:
                rel = file_path.relative_to(base).as_posix()
                found.append(File.generated(config, f"{dest}/{rel}", abs_src_path=str(file_path)))
    return found


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for file in vendor_files(config):
        files.append(file)
    return files
