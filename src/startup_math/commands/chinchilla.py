"""`chinchilla`: the compute-optimal size for a budget."""

from startup_math.commands._core import (
    Command,
    Field,
    Inputs,
    Row,
    _fixed,
    _row,
    _sci,
)
from startup_math.scaling import CHINCHILLA_TOKENS_PER_PARAM, chinchilla_optimal


def _chinchilla_rows(inputs: Inputs) -> list[Row]:
    compute = inputs.get("compute")
    ratio = inputs.get("tokens_per_param")
    optimal = chinchilla_optimal(compute, ratio)
    return [
        _row("compute_flops", "compute budget", compute, _sci),
        _row("tokens_per_param", "tokens per parameter", ratio, _fixed(1)),
        _row("n_params", "parameters", optimal.n_params, _sci),
        _row("n_tokens", "training tokens", optimal.n_tokens, _sci),
    ]


COMMAND = Command(
    "chinchilla",
    "compute-optimal size for a budget",
    (
        Field(
            "compute",
            "number",
            "compute budget, e.g. 5.88e23",
            group="budget",
            minimum=1,
            maximum=1e40,
            unit="FLOPs",
            required=True,
        ),
        Field(
            "tokens_per_param",
            "number",
            "tokens per parameter",
            default=CHINCHILLA_TOKENS_PER_PARAM,
            group="budget",
            minimum=1e-3,
            maximum=1e6,
        ),
    ),
    _chinchilla_rows,
)
