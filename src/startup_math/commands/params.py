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
from startup_math.params.cards import ACTIVE_CONVENTIONS
from startup_math.params.decoder import Decoder


def _published_rows(arch: Decoder) -> list[Row]:
    """What the model card states, and the counts made its way where they differ from ours."""
    rows = []
    card = arch.card
    if card is not None:
        total, active = arch.card_parameter_counts()
        rows.append(_row("card", "model card", f"{card.total} total, {card.active} active"))
        if card.vision_parameters:
            rows.append(
                _row(
                    "vision",
                    "vision encoder, not in total (transformers' count)",
                    card.vision_parameters,
                    _count,
                )
            )
            rows.append(
                _row("total_card", "total, as the card counts it (with vision)", total, _count)
            )
        if card.active_leaves_out:
            rows.append(
                _row(
                    "active_card",
                    f"active, as the card counts it ({card.convention})",
                    active,
                    _count,
                )
            )
    if arch.mtp:
        rows.append(
            _row(
                "mtp",
                "multi-token prediction (MTP), not in total",
                arch.mtp_parameter_count(),
                _count,
            )
        )
    return rows


def _params_rows(inputs: Inputs) -> list[Row]:
    arch = _architecture(inputs)
    rows = [
        _row(part, part.replace("_", " "), count, _count)
        for part, count in arch.parameter_breakdown().items()
    ]
    rows.append(_row("total", "total", arch.parameter_count(), _count))
    rows.append(
        _row(
            "active",
            f"active per token ({ACTIVE_CONVENTIONS[()]})",
            arch.active_parameter_count(),
            _count,
        )
    )
    rows.append(
        _row("non_embedding", "non-embedding", arch.non_embedding_parameter_count(), _count)
    )
    if isinstance(arch, Decoder):
        rows += _published_rows(arch)
    return rows


COMMAND = Command(
    "params",
    "exact parameter count of an architecture; for a 2025-2026 preset also its model card's "
    "figures, counted the card's way, and its multi-token-prediction modules",
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
