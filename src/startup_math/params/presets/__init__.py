"""The published architectures, as data, by name.

One module per kind, in the order ``PRESETS`` lists them: ``dense`` (GPT-2, BERT, Llama 2
and 3), ``moe`` (Mixtral, Qwen3-MoE, DeepSeek-V3, in their family classes) and
``decoders`` (the open-weight models of 2025-2026, layer by layer).
"""

from startup_math._validate import lookup
from startup_math.params.decoder import Decoder
from startup_math.params.dense import BertArchitecture, GPT2Architecture, LlamaArchitecture
from startup_math.params.moe import (
    DeepseekV3Architecture,
    MixtralArchitecture,
    Qwen3MoeArchitecture,
)
from startup_math.params.presets.decoders import DECODER_PRESETS
from startup_math.params.presets.dense import DENSE_PRESETS
from startup_math.params.presets.moe import MOE_PRESETS

Architecture = (
    GPT2Architecture
    | LlamaArchitecture
    | BertArchitecture
    | MixtralArchitecture
    | Qwen3MoeArchitecture
    | DeepseekV3Architecture
    | Decoder
)
"""Any of the architecture descriptions."""


PRESETS: dict[str, Architecture] = {**DENSE_PRESETS, **MOE_PRESETS, **DECODER_PRESETS}
"""Published architectures by name."""


def preset(name: str) -> Architecture:
    """Look up a published architecture by name (case-insensitive).

    Args:
        name: One of the keys of ``PRESETS``, for example ``"llama-3-8b"``.

    Returns:
        The architecture description.

    Raises:
        ValueError: if ``name`` is not a string or not a known preset; the message lists
            the known names.

    Example:
        >>> preset("gpt2-small").parameter_count()
        124439808
    """
    return lookup(PRESETS, name, arg="name", what="preset")
