"""`memory`: weights, training state and KV cache."""

from startup_math.commands._core import (
    Command,
    Inputs,
    Row,
    _count,
    _gb,
    _row,
)
from startup_math.commands._model import (
    _KV,
    _PARAMS,
    PRESET,
    WEIGHT_DTYPES,
    _kv_rows,
    _n_params,
)
from startup_math.memory import training_memory, weights_bytes


def _memory_rows(inputs: Inputs) -> list[Row]:
    n_params = _n_params(inputs)
    rows = [_row("n_params", "parameters", n_params, _count)]
    for dtype in WEIGHT_DTYPES:
        rows.append(
            _row(f"weights_{dtype}_bytes", f"weights {dtype}", weights_bytes(n_params, dtype), _gb)
        )
    labels = {
        "weights": "training: bf16 weights",
        "gradients": "training: bf16 gradients",
        "master_weights": "training: fp32 master weights",
        "adam_m": "training: Adam m (fp32)",
        "adam_v": "training: Adam v (fp32)",
        "total": "training total, no activations",
    }
    for part, value in training_memory(n_params).as_dict().items():
        rows.append(_row(f"training_{part}_bytes", labels[part], value, _gb))
    return rows + _kv_rows(inputs)


COMMAND = Command(
    "memory",
    "weights, training memory and KV cache",
    (_PARAMS, PRESET, *_KV),
    _memory_rows,
)
