"""`train`: training compute, GPU-hours, days and cost."""

from startup_math import _validate as check
from startup_math.commands._core import (
    Command,
    Field,
    Inputs,
    Row,
    _count,
    _fixed,
    _row,
    _sci,
)
from startup_math.commands._model import (
    _ACTIVE,
    _GPU,
    _PARAMS,
    _TOKENS,
    PRESET,
    _gpu,
    _n_active,
    _n_params,
    _price,
)
from startup_math.compute import training_flops
from startup_math.cost import gpu_hours, training_cost, wall_clock_days


def _train_rows(inputs: Inputs) -> list[Row]:
    n_params = _n_params(inputs)
    n_active = _n_active(inputs, n_params)
    gpu = _gpu(inputs)
    tokens = inputs.get("tokens")
    mfu = inputs.get("mfu")
    gpus = inputs.get("gpus")
    # A mixture of experts computes with the parameters a token uses, not all it holds.
    flops = training_flops(n_active, tokens)
    hours = gpu_hours(flops, gpu.peak_flops, mfu)
    rows = [
        _row("n_params", "parameters", n_params, _count),
        _row("active_params", "active parameters per token", n_active, _count),
        _row("n_tokens", "training tokens", tokens, _sci),
        _row("flops", "training FLOPs (6 N_active D)", flops, _sci),
        _row("gpu", "GPU", gpu.name),
        _row("gpu_peak_tflops", "GPU dense BF16 peak", gpu.bf16_tflops, _fixed(0, " TFLOPS")),
        _row("mfu", "MFU", mfu, _fixed(2)),
        _row("gpu_hours", "GPU-hours", hours, _fixed(0)),
        _row("n_gpus", "GPUs", gpus, _count),
        _row("days", "wall-clock days", wall_clock_days(hours, gpus), _fixed(1)),
    ]
    if inputs.given("price"):
        price = inputs.get("price")
        rows.append(_row("price_per_gpu_hour", "price per GPU-hour", price, _fixed(2)))
        rows.append(_row("cost", "cost", training_cost(hours, price), _fixed(0)))
    return rows


COMMAND = Command(
    "train",
    "training compute, GPU-hours, days and cost",
    (
        _PARAMS,
        PRESET,
        _ACTIVE,
        _TOKENS,
        _GPU,
        Field(
            "mfu", "number", "utilization", default=0.4, group="training", validator=check.fraction
        ),
        Field(
            "gpus",
            "integer",
            "number of GPUs",
            default=1,
            group="training",
            minimum=1,
            maximum=1e7,
        ),
        _price("training", required=False),
    ),
    _train_rows,
)
