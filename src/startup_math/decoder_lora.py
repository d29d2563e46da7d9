"""LoRA on the 2026 decoders: which linear layers peft adapts, and how many parameters.

``transformers`` 5.23 builds each block of a ``Decoder`` (attention, linear attention, dense
MLPs, shared experts) from ``nn.Linear`` layers, which peft's ``"all-linear"`` targets; the
routed experts are fused 3D parameters that it leaves alone unless they are targeted by name
(peft's ``target_parameters``). ``startup_math.finetune`` uses these counts for its LoRA and
QLoRA figures.
"""

from collections import Counter

from startup_math._validate import boolean, positive_int
from startup_math.params.decoder import Decoder
from startup_math.params.layers import MoE

ALL_LINEAR = "all-linear"
"""peft's shorthand for every linear layer except the output layer (the LM head)."""


Linear = tuple[str, int, int]
"""``(name, d_in, d_out)`` of one linear layer."""


def _decoder(arch: object) -> Decoder:
    if not isinstance(arch, Decoder):
        raise ValueError(f"arch must be a Decoder, got {type(arch).__name__}")
    return arch


def linear_layers(arch: Decoder) -> dict[Linear, int]:
    """Return every ``nn.Linear`` of a ``Decoder``'s blocks and how many times it occurs.

    What ``transformers`` 5.23 builds as ``nn.Linear`` (or a subclass), read off the blocks
    (``GQA.linears``, ``MLA.linears``, ``CompressedMQA.linears``, ``GatedDeltaNet.linears``,
    ``DenseMLP.linears``, ``MoE.linears``): attention and linear-attention projections,
    dense MLPs, shared experts, Qwen3.5's shared gate and Llama 4's router. Not the LM
    head, and not the routed experts, which transformers 5 stores as fused 3D parameters
    (``MoE.fused_experts``), nor the other routers. Multi-token-prediction modules are
    not built by transformers and are left out.

    Args:
        arch: The decoder.

    Returns:
        ``(name, d_in, d_out)`` mapped to its count over all blocks.

    Raises:
        ValueError: if ``arch`` is not a ``Decoder`` or holds a block whose linear layers
            are not modelled (MLA without ``q_lora_rank``).

    Example:
        >>> from startup_math import preset
        >>> linear_layers(preset("gpt-oss-20b"))[("k_proj", 2880, 512)]  # 24 layers
        24
    """
    arch = _decoder(arch)
    found: Counter = Counter()
    for layer, count in Counter(arch.layers).items():
        for block in (layer.attention, layer.mlp):
            for linear in block.linears(arch.d_model):
                found[linear] += count
    return dict(found)


def _moe_layers(arch: Decoder) -> Counter:
    return Counter(layer.mlp for layer in arch.layers if isinstance(layer.mlp, MoE))


LEGACY_MOE_NAMES = ("gate_proj", "up_proj", "down_proj")
"""Module names peft 0.21 turns into expert parameters on a ``MoE`` with ``legacy_names``."""


def _decoder_lora(arch: Decoder, rank: int, targets: object, experts: object) -> int:
    """Trainable parameters of peft's ``"all-linear"`` LoRA on a ``Decoder``."""
    r = positive_int("rank", rank)
    if not (isinstance(targets, str) and targets.lower() == ALL_LINEAR):
        raise ValueError(
            f"for a Decoder, targets must be {ALL_LINEAR!r} (other target lists are not "
            f"modelled yet), got {targets!r}"
        )
    extra = boolean("experts", experts)
    moe = _moe_layers(arch)
    legacy = any(mlp.legacy_names for mlp in moe)
    if legacy and extra:
        raise ValueError(
            "experts=True is not modelled for an MoE with legacy_names: peft already adapts "
            "its routed experts under 'all-linear'"
        )
    if extra and not moe:
        raise ValueError("experts=True needs routed experts; this decoder has none")
    total = 0
    for (name, d_in, d_out), count in linear_layers(arch).items():
        if legacy and name in LEGACY_MOE_NAMES:
            continue  # peft maps these names onto the fused experts (below)
        total += count * r * (d_in + d_out)
    for mlp, count in moe.items():
        d = arch.d_model
        if legacy:
            # the fused gate_up_proj stands for two targets: rank 2r; the router's weight too
            (_, gu_in, gu_out), (_, dn_in, dn_out) = mlp.fused_experts(d)
            per_layer = 2 * r * (gu_in + gu_out) + r * (dn_in + dn_out)
            total += count * (mlp.n_experts * per_layer + r * (d + mlp.n_experts))
        elif extra:
            per_expert = sum(r * (d_in + d_out) for _, d_in, d_out in mlp.fused_experts(d))
            total += count * mlp.n_experts * per_expert
    return total
