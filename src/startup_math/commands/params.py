"""`params`: the exact parameter count of an architecture."""

from startup_math.commands._core import (
    Command,
    Field,
    Inputs,
    Row,
    _count,
    _row,
)
from startup_math.commands._model import (
    _ARCH_SIZES,
    PRESET,
    _architecture,
    _size_fields,
)


def _params_rows(inputs: Inputs) -> list[Row]:
    arch = _architecture(inputs)
    rows = [
        _row(part, part.replace("_", " "), count, _count)
        for part, count in arch.parameter_breakdown().items()
    ]
    rows.append(_row("total", "total", arch.parameter_count(), _count))
    rows.append(_row("active", "active per token", arch.active_parameter_count(), _count))
    rows.append(
        _row("non_embedding", "non-embedding", arch.non_embedding_parameter_count(), _count)
    )
    return rows


COMMAND = Command(
    "params",
    "exact parameter count of an architecture",
    (
        PRESET,
        Field(
            "arch",
            "choice",
            "architecture family",
            choices=tuple(_ARCH_SIZES),
            group="model",
        ),
        *_size_fields(("gpt2", "llama", "bert")),
    ),
    _params_rows,
)
