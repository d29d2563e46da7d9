// The calculator page: runs startup_math's own run_command in the browser with Pyodide.
//
// The page opens with the worked example, computed when the site was built. Nothing heavy
// loads until the reader changes an input or presses the button; then Pyodide (Python in
// WebAssembly, served by this site) and the startup_math package (a zip made at build time)
// load once, and every calculation passes the form's raw strings to
// startup_math.commands.run_command, and the chart data of run_charts to
// calculator-charts.js (Observable Plot and d3, also served by this site, load alongside
// Pyodide). No formula lives here: this file only moves text between the form and Python.

const GLUE = `
import json
from startup_math.commands import InputError, run_charts, run_command

def calculate_json(command, raw):
    inputs = json.loads(raw)
    try:
        rows = run_command(command, inputs)
        charts = run_charts(command, inputs)
    except InputError as error:
        return json.dumps({"error": {"field": error.field, "message": str(error)}})
    return json.dumps({"rows": [
        {"key": r.key, "label": r.label, "text": r.text, "value": json.dumps(r.value)}
        for r in rows
    ], "charts": charts}, allow_nan=False)
`;

const STEPS = 4; // loader, interpreter, package, first result

function setup(form) {
  const words = JSON.parse(document.getElementById("calculator-words").textContent);
  const text = words.text;
  const table = document.getElementById("calculator-results");
  const body = table.tBodies[0];
  const caption = table.caption;
  const charts = document.getElementById("calculator-charts");
  const status = form.querySelector(".calculator__status");
  const progress = form.querySelector(".calculator__progress");
  const button = form.querySelector('button[type="submit"]');
  const preset = form.elements.namedItem("preset");
  const custom = form.querySelector('[data-group="architecture"]');
  const controls = [...form.querySelectorAll("[data-kind]")];
  let runs = 0;

  const format = (template, values) =>
    template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));

  function say(message, step) {
    status.textContent = message;
    if (step === undefined) {
      progress.hidden = true;
    } else {
      progress.hidden = false;
      progress.value = step;
    }
  }

  function showCustom() {
    custom.hidden = preset.value !== words.custom;
  }

  // What the form holds, as run_command takes it: raw strings, null for "not given".
  function readForm() {
    const isCustom = preset.value === words.custom;
    const inputs = {};
    for (const control of controls) {
      const name = control.name;
      let value;
      if (control.dataset.custom && !isCustom) value = null;
      else if (name === "preset") value = isCustom ? null : control.value;
      else if (control.type === "checkbox") value = control.checked ? "true" : "false";
      else value = control.value.trim() === "" ? null : control.value;
      inputs[name] = value;
    }
    return inputs;
  }

  async function startPython() {
    const started = performance.now();
    say(format(text.loading, { mb: words.runtime_mb }), 0);
    const indexURL = new URL(form.dataset.pyodide, document.baseURI).href;
    const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
    say(format(text.starting, { mb: words.runtime_mb }), 1);
    const pyodide = await loadPyodide({ indexURL });
    say(text.package, 2);
    const response = await fetch(new URL(form.dataset.package, document.baseURI));
    if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
    pyodide.unpackArchive(await response.arrayBuffer(), "zip");
    pyodide.runPython(GLUE);
    say(text.calculating, 3);
    form.dataset.loadMs = String(Math.round(performance.now() - started));
    return pyodide.globals.get("calculate_json");
  }

  // The charting scripts, in order (d3, Plot, calculator-charts.js), as classic scripts.
  let charting = null;
  function loadCharts() {
    if (!charting) {
      charting = form.dataset.charts.split(" ").reduce(
        (previous, url) =>
          previous.then(
            () =>
              new Promise((resolve, reject) => {
                const script = document.createElement("script");
                script.src = new URL(url, document.baseURI).href;
                script.onload = resolve;
                script.onerror = () => reject(new Error(`${script.src}: failed to load`));
                document.head.append(script);
              }),
          ),
        Promise.resolve(),
      );
      charting.catch(() => {
        charting = null;
      });
    }
    return charting;
  }

  async function showCharts(data) {
    try {
      await loadCharts();
      charts.replaceChildren(...globalThis.calculatorCharts.draw(globalThis.Plot, data, words.charts));
    } catch (error) {
      const note = document.createElement("p");
      note.className = "calculator__chart-failed";
      note.textContent = format(text.charts_failed, { error: error.message ?? String(error) });
      charts.replaceChildren(note);
      console.error(error);
    }
  }

  let python = null;
  function loadPython() {
    if (!python) {
      python = startPython();
      python.catch(() => {
        python = null; // the next calculation starts over
      });
    }
    return python;
  }

  function clearErrors() {
    for (const control of controls) {
      control.removeAttribute("aria-invalid");
      document.getElementById(`${control.id}-error`).textContent = "";
    }
  }

  function showRows(rows) {
    const fresh = document.createDocumentFragment();
    for (const row of rows) {
      const tr = document.createElement("tr");
      tr.dataset.key = row.key;
      tr.dataset.value = row.value;
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = words.results[row.key] ?? row.label;
      const td = document.createElement("td");
      td.textContent = row.text;
      tr.append(th, td);
      fresh.append(tr);
    }
    body.replaceChildren(fresh);
    table.dataset.source = "browser";
    caption.textContent = text.caption_result;
  }

  function showError(error) {
    const control = form.elements.namedItem(error.field);
    const target = control && document.getElementById(`${control.id}-error`);
    if (target) {
      target.textContent = error.message;
      control.setAttribute("aria-invalid", "true");
      const label = form.querySelector(`label[for="${control.id}"]`).textContent;
      say(format(text.input_error, { field: label }));
    } else {
      say(format(text.failed, { error: error.message }));
    }
  }

  async function calculateOnce() {
    form.dataset.state = "busy";
    loadCharts(); // alongside Python, on first use
    const calculate = await loadPython();
    const inputs = readForm();
    const answer = JSON.parse(calculate(words.command, JSON.stringify(inputs)));
    clearErrors();
    if (answer.error) {
      showError(answer.error);
      form.dataset.state = "error";
    } else {
      showRows(answer.rows);
      await showCharts(answer.charts);
      say(text.done);
      form.dataset.state = "done";
    }
    runs += 1;
    form.dataset.runs = String(runs);
  }

  // One calculation at a time; a change made meanwhile gets one more run with the latest values.
  let running = null;
  let again = false;
  async function calculate() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await calculateOnce();
        } catch (error) {
          say(format(text.failed, { error: error.message ?? String(error) }));
          form.dataset.state = "failed";
          console.error(error);
        }
      } while (again);
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  }

  button.hidden = false;
  form.dataset.state = "idle";
  form.dataset.runs = "0";
  showCustom();
  preset.addEventListener("change", showCustom);
  form.addEventListener("change", () => calculate());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    calculate();
  });
}

const calculatorForm = document.getElementById("calculator-form");
if (calculatorForm) setup(calculatorForm);
