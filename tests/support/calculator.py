"""The calculator page in a browser: fill the form, calculate, read what the page shows.

Loading the page and measuring its first use are the site's (sitebuild/visit.py, shared with
scripts/benchmark.py); the checks of tests/site/test_calculator.py are here.
"""

from dataclasses import dataclass

# Re-exported (`x as x`) for the tests that reach them through this module
from sitebuild.visit import BUTTON as BUTTON
from sitebuild.visit import CALCULATOR as CALCULATOR
from sitebuild.visit import FORM, runs, wait_for_result
from sitebuild.visit import FirstUse as FirstUse
from sitebuild.visit import first_use as first_use
from sitebuild.visit import page_url as page_url

# The chart scripts the page loads with its first use (with Pyodide), and not before
CHART_SCRIPTS = ("d3.min.js", "plot.umd.min.js", "calculator-charts.js")


def charts_html(page) -> str:
    """The markup of the charts as the page holds it now."""
    return page.evaluate("document.getElementById('calculator-charts').innerHTML")


def set_values(page, values: dict[str, str | None]) -> None:
    """Put raw values into the form's controls without firing events ("true"/"false" for boxes)."""
    page.evaluate(
        f"""(values) => {{
            const form = document.querySelector('{FORM}');
            for (const [name, value] of Object.entries(values)) {{
                const control = form.elements.namedItem(name);
                if (control.type === 'checkbox') control.checked = value === 'true';
                else control.value = value ?? '';
                if (control.value !== (value ?? '') && control.type !== 'checkbox')
                    throw new Error(`${{name}} cannot hold ${{value}}`);
            }}
        }}""",
        values,
    )


def calculate_with(page, values: dict[str, str | None]) -> None:
    """Fill the form and calculate: the reader's "change" on the preset select, once."""
    before = runs(page)
    set_values(page, values)
    page.evaluate(
        f"""() => document.querySelector('{FORM}').elements.namedItem('preset')
                .dispatchEvent(new Event('change', {{bubbles: true}}))"""
    )
    wait_for_result(page, before)


@dataclass
class Shown:
    """What the page shows after a calculation."""

    state: str
    rows: list[dict[str, str]]
    errors: dict[str, str]
    invalid: list[str]
    status: str
    caption: str


def shown(page) -> Shown:
    data = page.evaluate(
        f"""() => {{
            const form = document.querySelector('{FORM}');
            const table = document.getElementById('calculator-results');
            const rows = [...table.tBodies[0].rows].map(tr => ({{
                key: tr.dataset.key, value: tr.dataset.value,
                label: tr.querySelector('th').textContent, text: tr.querySelector('td').textContent,
            }}));
            const errors = {{}};
            for (const control of form.querySelectorAll('[data-kind]')) {{
                const text = document.getElementById(control.id + '-error').textContent;
                if (text) errors[control.name] = text;
            }}
            const invalid = [...form.querySelectorAll('[aria-invalid="true"]')].map(c => c.name);
            return {{
                state: form.dataset.state, rows, errors, invalid,
                status: form.querySelector('.calculator__status').textContent,
                caption: table.caption.textContent,
            }};
        }}"""
    )
    return Shown(**data)
