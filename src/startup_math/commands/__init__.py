"""The calculator's commands: named inputs in, result rows out.

The command line (``python -m startup_math``) and the guide's calculator page both call
``run_command(name, inputs)``, so they cannot disagree: the page shows the rows' ``text``
and the command line prints the same rows as a table, or their ``value`` as JSON.

Inputs arrive as strings (from a shell or a web form) or ``None`` when not given. Every
field is parsed and checked here, and a bad one raises ``InputError``, a ``ValueError``
that names the field, so that a form can show the message beside it.
"""

import json
import math
from collections.abc import Mapping
from typing import Any

from startup_math import _validate as check
from startup_math.commands import (
    chinchilla,
    decode,
    finetune,
    gpus,
    memory,
    parallel,
    params,
    plan,
    serve,
    train,
)
from startup_math.commands._charts import finite
from startup_math.commands._core import Command, Field, InputError, Inputs, Row
from startup_math.commands._serving import DEFAULT_ACCEPTANCE

__all__ = [
    "COMMANDS",
    "DEFAULT_ACCEPTANCE",
    "Command",
    "Field",
    "InputError",
    "Inputs",
    "Row",
    "as_json",
    "as_table",
    "run_charts",
    "run_command",
    "to_json",
]

COMMANDS: dict[str, Command] = {
    module.COMMAND.name: module.COMMAND
    for module in (params, train, memory, chinchilla, decode, gpus, finetune, parallel, serve, plan)
}
"""Every command, by name, in the order ``--help`` lists them."""


def run_command(name: str, inputs: Mapping[str, Any]) -> list[Row]:
    """Run a command on named inputs and return its rows.

    Args:
        name: A key of ``COMMANDS``, for example ``"plan"``.
        inputs: Field name to raw value (a string as typed, a number, or ``None`` for
            not given). Fields not in the mapping are not given.

    Returns:
        The result rows, in display order.

    Raises:
        InputError: if an input is missing, malformed or out of range; ``.field`` names it.
        ValueError: if ``name`` is not a command.

    Example:
        >>> rows = run_command("params", {"preset": "llama-3-8b"})
        >>> next(row.text for row in rows if row.key == "total")
        '8,030,261,248'
    """
    command = check.lookup(COMMANDS, name, arg="name", what="command")
    parsed = Inputs(command, inputs)
    rows = command.compute(parsed)
    for row in rows:
        numbers = row.value.values() if isinstance(row.value, dict) else [row.value]
        for number in numbers:
            if isinstance(number, float) and not math.isfinite(number):
                # The fields' limits are meant to make this impossible; name the largest input.
                given = [
                    (abs(parsed.get(f.name)), f.name)
                    for f in command.fields
                    if f.kind in ("number", "integer") and parsed.given(f.name)
                ]
                field_name = max(given)[1] if given else command.fields[0].name
                raise InputError(
                    field_name,
                    f"{row.key} is not a finite number for these inputs: check {field_name}",
                )
    return rows


def run_charts(name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The data of a command's charts for the same inputs as ``run_command`` takes.

    The calculator page draws it, at build time for the worked example and in the browser
    after each calculation; every number is finite.

    Raises:
        InputError: as ``run_command`` does, for the same inputs (it runs it first).
        ValueError: if the command has no charts.
    """
    command = check.lookup(COMMANDS, name, arg="name", what="command")
    if command.charts is None:
        with_charts = ", ".join(n for n, c in COMMANDS.items() if c.charts is not None)
        raise ValueError(f"{name} has no charts; these commands have: {with_charts}")
    run_command(name, inputs)  # refuse exactly what the rows refuse, training inputs included
    data = command.charts(Inputs(command, inputs))
    if not finite(data):
        raise ValueError(f"{name}: a chart value is not finite for these inputs")
    return data


def as_json(rows: list[Row]) -> dict[str, Any]:
    """The rows as one JSON object, key to value (every number finite: strict JSON)."""
    return {row.key: row.value for row in rows}


def to_json(rows: list[Row]) -> str:
    """The rows as strict JSON text: ``NaN`` or ``Infinity`` raise instead of being written."""
    return json.dumps(as_json(rows), indent=2, allow_nan=False)


def as_table(rows: list[Row]) -> str:
    """The rows as an aligned two-column table."""
    width = max(len(row.label) for row in rows)
    value_width = max(len(row.text) for row in rows)
    return "\n".join(f"{row.label:<{width}}  {row.text:>{value_width}}" for row in rows)
