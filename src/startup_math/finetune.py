"""Fine-tuning: LoRA trainable parameters, and the memory of full, LoRA and QLoRA fine-tuning.

LoRA (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models",
arXiv:2106.09685, section 4.1) freezes a weight matrix ``W0`` of shape ``d_out x d_in`` and
trains a low-rank update ``B A`` beside it, ``B`` of shape ``d_out x r`` and ``A`` of shape
``r x d_in``: ``r * (d_in + d_out)`` trainable parameters per adapted matrix.

QLoRA (Dettmers et al. 2023, "QLoRA: Efficient Finetuning of Quantized LLMs",
arXiv:2305.14314, section 3) stores the frozen linear layers in 4-bit NormalFloat (NF4), in
blocks of 64 weights with one fp32 absmax constant per block (32/64 = 0.5 bit per
parameter); double quantization stores those constants in 8 bits with one fp32 constant per
256 of them (8/64 + 32/(64 * 256) = 0.127 bit per parameter).

Memory here is model state only: weights, gradients and optimizer state. Activations are
excluded; they depend on batch size, sequence length and recomputation and are computed
elsewhere. Sizes are in bytes.
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from startup_math._validate import boolean, lookup, positive_int
from startup_math.decoder_lora import ALL_LINEAR, _decoder, _decoder_lora, _moe_layers
from startup_math.memory import TrainingMemory, dtype_bytes, training_memory
from startup_math.params.decoder import Decoder
from startup_math.params.dense import LlamaArchitecture

LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
"""The linear layers of a Llama block, by their Hugging Face names."""

PEFT_DEFAULT_TARGETS = ("q_proj", "v_proj")
"""What peft adapts in a Llama model when ``target_modules`` is not given.

``TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING["llama"]`` in peft's
``src/peft/utils/constants.py``; the LoRA paper also adapts only ``W_q`` and ``W_v`` in most
experiments (section 4.2).
"""


NF4_BLOCKSIZE = 64
"""Weights per absmax constant in 4-bit quantization (QLoRA section 3; bitsandbytes default)."""

DOUBLE_QUANT_BLOCKSIZE = 256
"""First-level constants per second-level fp32 constant under double quantization."""

ADAM_MOMENT_BYTES = 4
"""Each of Adam's two moments is kept in fp32 for the trainable parameters."""

_FLOAT_DTYPES = {name: name for name in ("fp32", "float32", "bf16", "bfloat16", "fp16", "float16")}


def _llama(arch: object) -> LlamaArchitecture:
    if not isinstance(arch, LlamaArchitecture):
        raise ValueError(f"arch must be a LlamaArchitecture, got {type(arch).__name__}")
    return arch


def _model(arch: object) -> LlamaArchitecture | Decoder:
    if not isinstance(arch, LlamaArchitecture | Decoder):
        raise ValueError(
            f"arch must be a LlamaArchitecture, got {type(arch).__name__}; a Decoder works too"
        )
    return arch


def _float_dtype(name: str, dtype: object) -> float:
    """Bytes per element of a 32- or 16-bit float type; integer types are refused."""
    lookup(_FLOAT_DTYPES, dtype, arg=name, what=name, known=list(_FLOAT_DTYPES))
    return dtype_bytes(dtype)


def linear_shapes(arch: LlamaArchitecture) -> dict[str, tuple[int, int]]:
    """Return ``(d_in, d_out)`` of each linear layer of one Llama block.

    Args:
        arch: The architecture.

    Returns:
        A dict keyed by the names of ``LORA_TARGETS``, in that order.

    Raises:
        ValueError: if ``arch`` is not a ``LlamaArchitecture``.

    Example:
        >>> from startup_math import preset
        >>> linear_shapes(preset("llama-3-8b"))["k_proj"]  # 8 KV heads of 128
        (4096, 1024)
    """
    arch = _llama(arch)
    _, kv_heads, head_dim = arch.kv_cache_dims()
    d, q_size, kv_size = arch.d_model, arch.n_heads * head_dim, kv_heads * head_dim
    return {
        "q_proj": (d, q_size),
        "k_proj": (d, kv_size),
        "v_proj": (d, kv_size),
        "o_proj": (q_size, d),
        "gate_proj": (d, arch.d_ff),
        "up_proj": (d, arch.d_ff),
        "down_proj": (arch.d_ff, d),
    }


def _targets(targets: object) -> tuple[str, ...]:
    """Resolve ``targets`` to projection names, in ``LORA_TARGETS`` order, each once."""
    known = ", ".join([*LORA_TARGETS, repr(ALL_LINEAR)])
    if targets is None:
        return PEFT_DEFAULT_TARGETS
    if isinstance(targets, str):
        # peft compares the shorthand case-insensitively
        if targets.lower() == ALL_LINEAR:
            return LORA_TARGETS
        raise ValueError(
            f"targets must be {ALL_LINEAR!r} or a list of projection names, got {targets!r}; "
            f"known names: {known}"
        )
    if not isinstance(targets, Iterable):
        raise ValueError(
            f"targets must be {ALL_LINEAR!r} or a list of projection names, "
            f"got {type(targets).__name__} {targets!r}"
        )
    names = list(targets)
    if not names:
        raise ValueError(f"targets must name at least one projection; known names: {known}")
    for name in names:
        if name not in LORA_TARGETS:
            raise ValueError(f"unknown projection {name!r} in targets; known names: {known}")
    # peft keeps target_modules as a set: a name given twice is adapted once
    return tuple(name for name in LORA_TARGETS if name in names)


def lora_parameter_count(
    arch: LlamaArchitecture | Decoder, rank: int, targets: object = None, experts: bool = False
) -> int:
    """Return the trainable parameters of LoRA on a Llama-style decoder or a ``Decoder``.

    Each adapted linear layer of shape ``d_in -> d_out`` gets ``A`` (``r x d_in``) and
    ``B`` (``d_out x r``), ``r * (d_in + d_out)`` parameters, in every block (Hu et al. 2021,
    arXiv:2106.09685, section 4.1; the count formula is section 5.1). The result equals
    ``get_nb_trainable_parameters()[0]`` of ``get_peft_model(model, LoraConfig(r=rank,
    target_modules=targets))`` in peft, without biases and with nothing else trainable.

    For a ``Decoder`` (the 2025-2026 presets) only ``targets="all-linear"`` is modelled,
    as peft 0.21 resolves it on the model ``transformers`` 5.23 builds: every
    ``nn.Linear`` (``linear_layers``), so attention, linear attention, dense MLPs, shared
    experts and any linear router, but not the routed experts, which are fused 3D
    parameters. ``experts=True`` adds peft's parameter targeting of those,
    ``target_parameters=["mlp.experts.gate_up_proj", "mlp.experts.down_proj"]``: peft's
    ``ParamWrapper`` gives each of the ``E`` experts its own ``A`` and ``B``, ``r * E *
    (d_in + d_out)`` per fused tensor, the fused gate and up projections counting as one
    matrix of ``d_model -> 2 x d_expert``. For the model types whose MoE has
    ``legacy_names`` (GLM-5, Kimi K2.5), peft 0.21 rewrites ``"all-linear"`` itself: it
    drops every module named gate_proj, up_proj or down_proj (dense MLPs and shared
    experts too), and adapts the routed experts (``gate_up_proj`` at rank ``2r``,
    ``down_proj`` at ``r``) and the router's weight (``r * (d_model + E)``); that is
    what this counts, and ``experts=True`` is refused there.

    Args:
        arch: The architecture.
        rank: LoRA rank ``r``.
        targets: ``None`` for peft's default on Llama (``PEFT_DEFAULT_TARGETS``: q_proj and
            v_proj), ``"all-linear"`` for every linear layer of the blocks (peft excludes
            the LM head), or a list of names from ``LORA_TARGETS``. A ``Decoder`` takes
            ``"all-linear"`` only.
        experts: Also adapt the fused routed experts (``Decoder`` with experts only).

    Returns:
        The number of trainable parameters.

    Raises:
        ValueError: if ``arch`` is neither a ``LlamaArchitecture`` nor a ``Decoder`` (or
            holds a block whose linear layers are not modelled), ``rank`` is not a positive
            integer, ``targets`` is empty or names an unknown projection (the message
            lists the known names), or is not ``"all-linear"`` for a ``Decoder``, or
            ``experts`` is not a bool or is True where it does not apply.

    Example:
        >>> from startup_math import preset
        >>> lora_parameter_count(preset("llama-2-7b"), rank=8)  # q_proj and v_proj
        4194304
        >>> lora_parameter_count(preset("gpt-oss-20b"), 16, "all-linear")  # attention only
        7962624
    """
    if isinstance(arch, Decoder):
        return _decoder_lora(_decoder(arch), rank, targets, experts)
    if experts is not False:
        raise ValueError("experts applies to a Decoder with routed experts only")
    shapes = linear_shapes(arch)
    r = positive_int("rank", rank)
    names = _targets(targets)
    return arch.n_layers * sum(r * (shapes[name][0] + shapes[name][1]) for name in names)


def _block_linear_sizes(arch: LlamaArchitecture) -> list[int]:
    """Element counts of every linear weight matrix in the blocks (LM head excluded)."""
    per_block = [d_in * d_out for d_in, d_out in linear_shapes(arch).values()]
    return per_block * arch.n_layers


def full_finetune_memory(arch: LlamaArchitecture | Decoder) -> TrainingMemory:
    """Return the model-state memory of full fine-tuning with mixed-precision AdamW.

    16 bytes per parameter (``startup_math.memory.training_memory``; ZeRO paper,
    arXiv:1910.02054, section 3.1). Activations are not included.

    Args:
        arch: The architecture.

    Returns:
        The breakdown; ``.total`` is 16 bytes per parameter.

    Raises:
        ValueError: if ``arch`` is neither a ``LlamaArchitecture`` nor a ``Decoder``.

    Example:
        >>> from startup_math import preset
        >>> round(full_finetune_memory(preset("llama-2-7b")).total / 1e9, 2)
        107.81
    """
    return training_memory(_model(arch).parameter_count())


@dataclass(frozen=True)
class LoraMemory:
    """Bytes of model state for LoRA on a frozen 16-bit (or 32-bit) base.

    Activations are not included.

    Attributes:
        base_weights: Frozen weights of the whole model, embeddings and head included.
        adapter_weights: The LoRA matrices A and B.
        adapter_gradients: Their gradients, in the same type.
        adam_m: fp32 first moment of AdamW for the adapters (4 bytes per parameter).
        adam_v: fp32 second moment (4 bytes per parameter).
    """

    base_weights: float
    adapter_weights: float
    adapter_gradients: float
    adam_m: float
    adam_v: float

    @property
    def total(self) -> float:
        """Sum of all parts."""
        return (
            self.base_weights
            + self.adapter_weights
            + self.adapter_gradients
            + self.adam_m
            + self.adam_v
        )

    def as_dict(self) -> dict[str, float]:
        """Return the parts and the total as a dict."""
        return {
            "base_weights": self.base_weights,
            "adapter_weights": self.adapter_weights,
            "adapter_gradients": self.adapter_gradients,
            "adam_m": self.adam_m,
            "adam_v": self.adam_v,
            "total": self.total,
        }


def _adapter_state(trainable: int, adapter_dtype: object) -> dict[str, float]:
    size = _float_dtype("adapter_dtype", adapter_dtype)
    return {
        "adapter_weights": trainable * size,
        "adapter_gradients": trainable * size,
        "adam_m": trainable * ADAM_MOMENT_BYTES,
        "adam_v": trainable * ADAM_MOMENT_BYTES,
    }


def lora_memory(
    arch: LlamaArchitecture | Decoder,
    rank: int,
    targets: object = None,
    base_dtype: str = "bf16",
    adapter_dtype: str = "fp32",
    experts: bool = False,
) -> LoraMemory:
    """Return the model-state memory of LoRA fine-tuning with AdamW.

    The whole model is frozen in ``base_dtype`` and has no gradients or optimizer state;
    only the adapters do. By default the adapters are fp32: peft's ``get_peft_model`` has
    ``autocast_adapter_dtype=True``, which upcasts bf16 and fp16 adapter weights to fp32
    "as this is typically required for stable training" (peft ``PeftModel`` reference).
    That is 4 + 4 bytes of weight and gradient plus 4 + 4 of Adam moments, 16 bytes per
    trainable parameter, the same as bf16 adapters with an fp32 master copy (2 + 2 + 4 +
    4 + 4). With ``adapter_dtype="bf16"`` and no master copy (what the QLoRA repository's
    ``qlora.py`` does with ``--bf16``, its optimizer ``paged_adamw_32bit`` keeping fp32
    moments) it is 12.

    Activations are not included.

    Args:
        arch: The architecture.
        rank: LoRA rank.
        targets: Which projections, see ``lora_parameter_count``.
        base_dtype: Type of the frozen weights: fp32, bf16 or fp16 (and aliases).
        adapter_dtype: Type of the adapter weights and gradients: fp32, bf16 or fp16.
        experts: Also adapt the fused routed experts, see ``lora_parameter_count``.

    Returns:
        The breakdown.

    Raises:
        ValueError: for a bad ``arch``, ``rank`` or ``targets`` (see
            ``lora_parameter_count``), or a dtype that is not a 32- or 16-bit float type.

    Example:
        >>> from startup_math import preset
        >>> round(lora_memory(preset("llama-2-7b"), 16, "all-linear").total / 1e9, 2)
        14.12
    """
    trainable = lora_parameter_count(arch, rank, targets, experts)
    base = arch.parameter_count() * _float_dtype("base_dtype", base_dtype)
    return LoraMemory(base_weights=base, **_adapter_state(trainable, adapter_dtype))


@dataclass(frozen=True)
class QLoraMemory:
    """Bytes of model state for QLoRA: a 4-bit NF4 base and 16/32-bit adapters.

    Activations are not included.

    Attributes:
        quantized_weights: The linear layers of the blocks, 4 bits per weight.
        quantization_constants: Their absmax constants (and second-level constants with
            double quantization).
        unquantized_weights: Embeddings, LM head and norms, kept in 16 (or 32) bits.
        adapter_weights: The LoRA matrices A and B.
        adapter_gradients: Their gradients, in the same type.
        adam_m: fp32 first moment of AdamW for the adapters.
        adam_v: fp32 second moment.
    """

    quantized_weights: float
    quantization_constants: float
    unquantized_weights: float
    adapter_weights: float
    adapter_gradients: float
    adam_m: float
    adam_v: float

    @property
    def base(self) -> float:
        """The frozen model: quantized weights, their constants and the 16-bit rest."""
        return self.quantized_weights + self.quantization_constants + self.unquantized_weights

    @property
    def total(self) -> float:
        """Sum of all parts."""
        return self.base + self.adapter_weights + self.adapter_gradients + self.adam_m + self.adam_v

    def as_dict(self) -> dict[str, float]:
        """Return the parts and the total as a dict."""
        return {
            "quantized_weights": self.quantized_weights,
            "quantization_constants": self.quantization_constants,
            "unquantized_weights": self.unquantized_weights,
            "adapter_weights": self.adapter_weights,
            "adapter_gradients": self.adapter_gradients,
            "adam_m": self.adam_m,
            "adam_v": self.adam_v,
            "total": self.total,
        }


def _nf4_constants(n: int, double_quant: bool) -> int:
    """Bytes of the quantization constants of one matrix of ``n`` weights (bitsandbytes)."""
    blocks = math.ceil(n / NF4_BLOCKSIZE)
    if not double_quant:
        return 4 * blocks  # one fp32 absmax per block
    # 8-bit absmax per block, one fp32 constant per 256 of them, one fp32 offset (the mean)
    return blocks + 4 * math.ceil(blocks / DOUBLE_QUANT_BLOCKSIZE) + 4


def _quantized_sizes(arch: LlamaArchitecture | Decoder, experts: object) -> Counter:
    """Element counts of the matrices stored in NF4, each mapped to how many there are."""
    quantize_experts = boolean("quantize_experts", experts)
    if isinstance(arch, LlamaArchitecture):
        if quantize_experts:
            raise ValueError("quantize_experts applies to a Decoder with routed experts only")
        return Counter(_block_linear_sizes(arch))
    sizes: Counter = Counter()
    for layer, count in Counter(_decoder(arch).layers).items():
        for block in (layer.attention, layer.mlp):
            # bitsandbytes replaces modules whose type is exactly nn.Linear, no subclass
            skip = getattr(block, "linear_subclasses", frozenset())
            for name, d_in, d_out in block.linears(arch.d_model):
                if name not in skip:
                    sizes[d_in * d_out] += count
    moe = _moe_layers(arch)
    if quantize_experts and not moe:
        raise ValueError("quantize_experts needs routed experts; this decoder has none")
    if quantize_experts:
        for mlp, count in moe.items():
            for _, d_in, d_out in mlp.fused_experts(arch.d_model):
                sizes[d_in * d_out] += count * mlp.n_experts
    return sizes


def qlora_memory(
    arch: LlamaArchitecture | Decoder,
    rank: int,
    targets: object = None,
    double_quant: bool = True,
    unquantized_dtype: str = "bf16",
    adapter_dtype: str = "fp32",
    experts: bool = False,
    quantize_experts: bool = False,
) -> QLoraMemory:
    """Return the model-state memory of QLoRA fine-tuning with AdamW.

    Dettmers et al. 2023, arXiv:2305.14314, section 3. Every linear layer of the blocks is
    stored in NF4, two weights per byte, with one absmax constant per block of 64 weights:
    fp32 (0.5 bit per weight) or, with double quantization, 8 bits plus one fp32 constant
    per 256 blocks (8/64 + 32/(64 * 256) = 0.127 bit). Each matrix is quantized as one
    flat tensor, as bitsandbytes' ``quantize_4bit`` does: ``ceil(n / 64)`` blocks, and under
    double quantization one more fp32 (the mean subtracted from the constants). The
    16-entry NF4 code and the 256-entry code of the 8-bit constants are not counted.

    Embeddings, norms and the LM head are not quantized: transformers' bitsandbytes
    integration converts only ``nn.Linear`` layers and leaves the output embeddings out
    (``get_keys_to_not_convert``). They stay in ``unquantized_dtype``; peft's
    ``prepare_model_for_kbit_training`` casts them to fp32, and the QLoRA repository's
    ``qlora.py`` casts embeddings and head back to bf16.

    For a ``Decoder`` the quantized matrices are those bitsandbytes replaces in
    ``transformers`` 5.23: modules whose type is exactly ``nn.Linear``
    (``replace_with_bnb_linear``), so ``linear_layers`` without the subclasses (each
    block's ``linear_subclasses``: Llama 4's router, DeepSeek-V4's grouped ``o_a_proj``).
    The routed experts, fused 3D parameters, are not ``nn.Linear`` and stay in
    ``unquantized_dtype``: for a model made mostly of experts the base barely shrinks.
    ``quantize_experts=True`` counts what it would take if every expert's two matrices
    were stored in NF4 like a linear layer, each as its own tensor; transformers 5.23's
    bitsandbytes integration does not do that.

    The adapters are counted as in ``lora_memory`` (16 bytes per trainable parameter by
    default). Activations are not included.

    Args:
        arch: The architecture.
        rank: LoRA rank.
        targets: Which projections, see ``lora_parameter_count``.
        double_quant: Whether the constants are quantized too (``bnb_4bit_use_double_quant``).
        unquantized_dtype: Type of embeddings, head and norms: fp32, bf16 or fp16.
        adapter_dtype: Type of the adapter weights and gradients: fp32, bf16 or fp16.
        experts: Also adapt the fused routed experts, see ``lora_parameter_count``.
        quantize_experts: Count the routed experts in NF4 too (``Decoder`` only).

    Returns:
        The breakdown; ``.base`` is the frozen model.

    Raises:
        ValueError: for a bad ``arch``, ``rank``, ``targets`` or ``experts`` (see
            ``lora_parameter_count``), ``double_quant`` or ``quantize_experts`` that is not
            a bool (or ``quantize_experts`` without routed experts), or a dtype that is not
            a 32- or 16-bit float type.

    Example:
        >>> from startup_math import preset
        >>> round(qlora_memory(preset("llama-2-7b"), 16, "all-linear").base / 1e9, 2)
        3.87
    """
    trainable = lora_parameter_count(arch, rank, targets, experts)
    dq = boolean("double_quant", double_quant)
    sizes = _quantized_sizes(arch, quantize_experts)
    quantized = sum(count * math.ceil(n / 2) for n, count in sizes.items())
    constants = sum(count * _nf4_constants(n, dq) for n, count in sizes.items())
    rest = arch.parameter_count() - sum(n * count for n, count in sizes.items())
    return QLoraMemory(
        quantized_weights=quantized,
        quantization_constants=constants,
        unquantized_weights=rest * _float_dtype("unquantized_dtype", unquantized_dtype),
        **_adapter_state(trainable, adapter_dtype),
    )
