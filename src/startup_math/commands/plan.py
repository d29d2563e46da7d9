"""`plan`: a whole plan, training to serving (the calculator page)."""

from startup_math import _validate as check
from startup_math.commands._break_even import _TRAFFIC, _break_even_rows
from startup_math.commands._core import (
    Command,
    Field,
    Inputs,
    Row,
    _count,
    _fixed,
    _gb,
    _row,
    _sci,
)
from startup_math.commands._model import (
    _GPU,
    _TOKENS,
    DECODER_PRESET,
    _architecture,
    _gpu,
    _llama_arch_fields,
    _price,
)
from startup_math.commands._serving import (
    _SERVING,
    _serving,
    _serving_charts,
    _serving_rows,
)
from startup_math.compute import training_flops
from startup_math.cost import gpu_hours, training_cost, wall_clock_days
from startup_math.memory import training_memory


def _plan_rows(inputs: Inputs) -> list[Row]:
    arch = _architecture(inputs)
    gpu = _gpu(inputs)
    n_active = arch.active_parameter_count()
    tokens = inputs.get("tokens")
    mfu = inputs.get("mfu")
    gpus = inputs.get("gpus")
    price = inputs.get("price")
    flops = training_flops(n_active, tokens)
    hours = gpu_hours(flops, gpu.peak_flops, mfu)
    rows = [
        _row("n_params", "parameters", arch.parameter_count(), _count),
        _row("active_params", "active parameters per token", n_active, _count),
        _row("training_flops", "training FLOPs (6 N_active D)", flops, _sci),
        _row("gpu_hours", "training GPU-hours", hours, _fixed(0)),
        _row("days", "training days", wall_clock_days(hours, gpus), _fixed(1)),
        _row("training_cost", "training cost", training_cost(hours, price), _fixed(0)),
        _row(
            "training_memory_bytes",
            "training state (16 B/parameter)",
            training_memory(arch.parameter_count()).total,
            _gb,
        ),
    ]
    serving = _serving(inputs, arch, gpu)
    return rows + _serving_rows(serving) + _break_even_rows(inputs, serving.expected)


COMMAND = Command(
    "plan",
    "a whole plan: training, memory, serving and API break-even (the calculator page)",
    (
        DECODER_PRESET,
        *_llama_arch_fields(),
        _GPU,
        _price("hardware", required=True),
        _TOKENS,
        Field(
            "mfu", "number", "training MFU", default=0.4, group="training", validator=check.fraction
        ),
        Field(
            "gpus",
            "integer",
            "training GPUs",
            default=1024,
            group="training",
            minimum=1,
            maximum=1e7,
        ),
        *_SERVING,
        *_TRAFFIC,
    ),
    _plan_rows,
    charts=_serving_charts,
)
