"""What a model's publisher states about its size, and how publishers count."""

import re
from dataclasses import dataclass

from startup_math._validate import non_negative_int

_CLAIM = re.compile(r"(\d+(?:\.\d+)?)([BT])")
_UNITS = {"B": 1e9, "T": 1e12}


def published_range(claim: str) -> tuple[float, float]:
    """Return the counts that round to a published figure such as ``"5.1B"`` or ``"1.6T"``.

    Half a unit of the last digit either side: ``"117B"`` is 116.5B to 117.5B.

    Raises:
        ValueError: if ``claim`` is not a number followed by B or T.

    Example:
        >>> published_range("5.1B")
        (5050000000.0, 5150000000.0)
    """
    match = _CLAIM.fullmatch(claim)
    if match is None:
        raise ValueError(f"a published count looks like '117B' or '1.6T', got {claim!r}")
    number, unit = match.groups()
    decimals = len(number.partition(".")[2])
    half = 0.5 * 10.0**-decimals * _UNITS[unit]
    value = float(number) * _UNITS[unit]
    return value - half, value + half


ACTIVE_CONVENTIONS = {
    (): "embedding and head included",
    ("embeddings",): "input embedding left out",
    ("embeddings", "lm_head"): "embedding and head left out",
}
"""How publishers count "active parameters", by the parts they leave out.

``active_parameter_count()`` counts everything a token uses, the input embedding and the
output head included: Mistral AI's 12.9B for Mixtral 8x7B, Qwen's "A3B" and "A17B"
labels and Meta's "17B" for Llama 4 count that way. OpenAI (gpt-oss), DeepSeek
(DeepSeek-V4) and Moonshot AI (Kimi K2.5) leave out the input embedding, a table lookup
rather than a matrix product; Z.ai (GLM-5) leaves out the output head too.
"""


@dataclass(frozen=True, kw_only=True)
class ModelCard:
    """What a model's publisher states about its size, and how it counts.

    Attributes:
        total: Total parameters as published, e.g. ``"117B"`` or ``"1.6T"``.
        active: Active parameters per token as published, e.g. ``"5.1B"``.
        active_leaves_out: Parts of ``parameter_breakdown()`` that the published active
            count leaves out: a key of ``ACTIVE_CONVENTIONS``.
        vision_parameters: Parameters of the vision encoder and projector that the
            published total counts and the text model here does not, as ``transformers``
            5.23 builds them (0 for text-only models). Not modelled: a measured number.
        source: Where the figures were read.
    """

    total: str
    active: str
    source: str
    active_leaves_out: tuple[str, ...] = ()
    vision_parameters: int = 0

    def __post_init__(self) -> None:
        published_range(self.total)
        published_range(self.active)
        if self.active_leaves_out not in ACTIVE_CONVENTIONS:
            known = ", ".join(map(repr, ACTIVE_CONVENTIONS))
            raise ValueError(f"active_leaves_out must be one of {known}")
        non_negative_int("vision_parameters", self.vision_parameters)

    @property
    def convention(self) -> str:
        """How the published active count is made, in words."""
        return ACTIVE_CONVENTIONS[self.active_leaves_out]
