// Which files of Pyodide's standard library the calculator loads.
//
// Usage: node scripts/pyodide_probe.mjs PYODIDE_DIR PACKAGE_ZIP CALCULATOR_JS INPUTS_JSON
//
// Starts Pyodide from PYODIDE_DIR with its whole standard library, then does what the
// calculator page does (overrides/assets/javascripts/calculator.js): unpacks the
// startup_math zip, runs the page's GLUE code, and calls calculate_json on each input set
// in INPUTS_JSON (a JSON list of {command, inputs}). It then imports every module of the
// package and formats a traceback, as Pyodide does when Python raises. It prints, as JSON,
// the sorted paths inside the standard-library zip of every module then loaded.
// scripts/pyodide_stdlib.py runs it; the site ships only those files.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, packageZip, calculatorJs, inputsJson] = process.argv.slice(2);
if (!inputsJson) {
  console.error("usage: node pyodide_probe.mjs PYODIDE_DIR PACKAGE_ZIP CALCULATOR_JS INPUTS_JSON");
  process.exit(2);
}
const source = fs.readFileSync(calculatorJs, "utf8");
const glue = source.match(/const GLUE = `([\s\S]*?)`;/);
if (!glue) {
  console.error(`${calculatorJs}: no GLUE template found`);
  process.exit(2);
}
const indexURL = pathToFileURL(path.resolve(pyodideDir) + path.sep).href;
const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep });
pyodide.unpackArchive(new Uint8Array(fs.readFileSync(packageZip)), "zip");
pyodide.runPython(glue[1]);
const calculate = pyodide.globals.get("calculate_json");
const runs = JSON.parse(fs.readFileSync(inputsJson, "utf8"));
let errors = 0;
for (const { command, inputs } of runs) {
  const answer = JSON.parse(calculate(command, JSON.stringify(inputs)));
  if (answer.error) errors += 1;
}
const files = pyodide.runPython(`
import json
import pkgutil
import sys
import traceback

import startup_math

for module in pkgutil.walk_packages(startup_math.__path__, "startup_math."):
    if module.name != "startup_math.__main__":  # the command line, not the page
        __import__(module.name)
try:
    raise ValueError("probe")
except ValueError:
    traceback.format_exc()
marker = ".zip/"
json.dumps(sorted({
    module.__file__.split(marker, 1)[1]
    for module in list(sys.modules.values())
    if marker in (getattr(module, "__file__", None) or "")
    and not module.__name__.startswith("startup_math")
}))
`);
console.log(JSON.stringify({ runs: runs.length, errors, files: JSON.parse(files) }));
