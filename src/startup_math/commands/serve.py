"""`serve`: serving cost, time to first token, API break-even."""

from startup_math.commands._break_even import _TRAFFIC, _break_even_rows
from startup_math.commands._core import (
    Command,
    Inputs,
    Row,
    _count,
    _row,
)
from startup_math.commands._model import (
    _GPU,
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


def _serve_rows(inputs: Inputs) -> list[Row]:
    arch = _architecture(inputs)
    gpu = _gpu(inputs)
    serving = _serving(inputs, arch, gpu)
    head = [
        _row("n_params", "parameters", arch.parameter_count(), _count),
        _row("active_params", "active parameters per token", arch.active_parameter_count(), _count),
        _row("gpu", "GPU", gpu.name),
        _row("gpus_per_replica", "GPUs per replica", serving.expected.gpus, _count),
        _row("batch_size", "batch size", serving.expected.batch_size, _count),
    ]
    return head + _serving_rows(serving) + _break_even_rows(inputs, serving.expected)


COMMAND = Command(
    "serve",
    "serving cost per million tokens, time to first token, API break-even",
    (
        DECODER_PRESET,
        *_llama_arch_fields(),
        _GPU,
        _price("hardware", required=True),
        *_SERVING,
        *_TRAFFIC,
    ),
    _serve_rows,
    charts=_serving_charts,
)
