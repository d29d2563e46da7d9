// Compile the standard-library files the calculator needs into the zip the site ships.
//
// Usage: node sitebuild/pyodide_stdlib.mjs PYODIDE_DIR LIST OUTPUT_ZIP
//
// Pyodide's python_stdlib.zip holds source files, which its interpreter compiles at every
// start: about 1.4 s of the calculator's first use on a 2-core machine. This script runs
// Pyodide's own Python (the bytecode must match its version) to compile each file listed
// in LIST (one path inside the zip per line, "#" starts a comment) into a .pyc in a new
// zip, which zipimport loads without compiling. Docstrings, asserts and line-number tables
// are left out (optimize=2, empty co_linetable): the zip is then no larger than the
// sources, and a traceback through the standard library shows no line numbers.
// PYTHONHASHSEED=0 and fixed dates make the bytes the same on every run.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, listFile, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: node pyodide_stdlib.mjs PYODIDE_DIR LIST OUTPUT_ZIP");
  process.exit(2);
}
const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(`${indexURL}pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL, env: { PYTHONHASHSEED: "0" } });
const names = fs
  .readFileSync(listFile, "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"));
pyodide.globals.set("names", pyodide.toPy(names));
const data = pyodide.runPython(`
import importlib._bootstrap_external as external
import importlib.util
import io
import sys
import zipfile

def without_lines(code):
    consts = tuple(without_lines(c) if hasattr(c, "co_code") else c for c in code.co_consts)
    return code.replace(co_linetable=b"", co_consts=consts)

source = zipfile.ZipFile(next(entry for entry in sys.path if entry.endswith(".zip")))
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as archive:
    for name in sorted(names):
        if not name.endswith(".py"):
            raise ValueError(f"{name}: not a Python source file")
        text = source.read(name)
        prefix = source.filename + "/"
        code = compile(text, prefix + name, "exec", dont_inherit=True, optimize=2)
        pyc = external._code_to_hash_pyc(
            without_lines(code), importlib.util.source_hash(text), checked=False
        )
        info = zipfile.ZipInfo(name[:-3] + ".pyc", date_time=(2000, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        archive.writestr(info, bytes(pyc), compresslevel=9)
buffer.getvalue()
`);
fs.writeFileSync(output, data.toJs());
