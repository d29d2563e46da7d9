"""Inputs every model-based command shares: presets, custom architectures, GPUs, KV cache."""

from startup_math.commands._core import (
    Field,
    InputError,
    Inputs,
    Row,
    _Blame,
    _count,
    _gb,
    _row,
)
from startup_math.hardware import ACTIVATION_DTYPES, GPUS, gpu_names
from startup_math.memory import kv_cache_bytes
from startup_math.params.dense import BertArchitecture, GPT2Architecture, LlamaArchitecture
from startup_math.params.presets import PRESETS

WEIGHT_DTYPES = ("fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")


STORAGE_DTYPES = ("fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")


_ARCH_SIZES = {
    "gpt2": {
        "required": ("vocab_size", "n_positions", "d_model", "n_layers", "n_heads"),
        "optional": ("d_ff", "tie_embeddings"),
        "build": GPT2Architecture,
    },
    "llama": {
        "required": ("vocab_size", "d_model", "n_layers", "n_heads", "d_ff"),
        "optional": ("n_kv_heads", "head_dim", "tie_embeddings"),
        "build": LlamaArchitecture,
    },
    "bert": {
        "required": ("vocab_size", "n_positions", "d_model", "n_layers", "n_heads", "d_ff"),
        "optional": ("n_token_types", "pooler"),
        "build": BertArchitecture,
    },
}


_SIZE_NAMES = (
    "vocab_size",
    "n_positions",
    "n_token_types",
    "d_model",
    "n_layers",
    "n_heads",
    "n_kv_heads",
    "head_dim",
    "d_ff",
)


_SIZE_MAX = {
    "vocab_size": 1e8,
    "n_positions": 1e9,
    "n_token_types": 1e4,
    "d_model": 1e6,
    "n_layers": 1e5,
    "n_heads": 1e5,
    "n_kv_heads": 1e5,
    "head_dim": 1e5,
    "d_ff": 1e7,
}
"""The largest size each architecture input accepts: far beyond any model, small enough that
every count and byte stays a finite number."""


PRESET = Field("preset", "choice", "a published model", choices=tuple(PRESETS), group="model")


DECODER_PRESET = Field(
    "preset",
    "choice",
    "a published decoder",
    choices=tuple(name for name, arch in PRESETS.items() if not isinstance(arch, BertArchitecture)),
    group="model",
)


def _size_fields(families: tuple[str, ...]) -> tuple[Field, ...]:
    used = {
        name
        for family in families
        for name in _ARCH_SIZES[family]["required"] + _ARCH_SIZES[family]["optional"]
    }
    helps = {
        "vocab_size": "vocabulary size",
        "n_positions": "learned positions (gpt2, bert)",
        "n_token_types": "segment types (bert, default 2)",
        "d_model": "hidden size",
        "n_layers": "layers",
        "n_heads": "attention heads",
        "n_kv_heads": "key/value heads (llama; default: n_heads)",
        "head_dim": "size of each head (llama; default d_model / n_heads)",
        "d_ff": "MLP inner size (gpt2: default 4 d_model)",
        "tie_embeddings": "share the LM head with the embeddings (gpt2 default yes, llama no)",
        "pooler": "BERT pooler layer (default yes)",
    }
    fields = [
        Field(
            name, "integer", helps[name], group="architecture", minimum=1, maximum=_SIZE_MAX[name]
        )
        for name in _SIZE_NAMES
        if name in used
    ]
    for name in ("tie_embeddings", "pooler"):
        if name in used:
            fields.append(Field(name, "flag", helps[name], group="architecture"))
    return tuple(fields)


def _architecture(inputs: Inputs):
    """The architecture from ``preset``, or from ``arch`` and its size fields."""
    sizes = [f.name for f in inputs.command.fields if f.group == "architecture"]
    given = [name for name in sizes if inputs.given(name)]
    if inputs.given("preset"):
        if (inputs.given("arch") if "arch" in inputs.fields else False) or given:
            raise InputError("preset", "preset cannot be combined with arch or size inputs")
        return PRESETS[inputs.get("preset")]
    family = inputs.get("arch") if "arch" in inputs.fields else None
    if family is None:
        raise InputError("preset", "give a preset or an architecture (arch and its sizes)")
    spec = _ARCH_SIZES[family]
    allowed = set(spec["required"]) | set(spec["optional"])
    extra = [name for name in given if name not in allowed]
    if extra:
        raise InputError(extra[0], f"{', '.join(extra)} does not apply to arch {family}")
    kwargs = {name: inputs.get(name) for name in given}  # parse what was given first
    for name in spec["required"]:
        inputs.require(name, f" for arch {family}")
    if family == "bert" and "n_token_types" not in kwargs:
        kwargs["n_token_types"] = 2
    try:
        return spec["build"](**kwargs)
    except ValueError as error:
        # The classes' messages start with the argument at fault, e.g. "n_kv_heads (3) ...".
        message = str(error)
        blamed = next((name for name in kwargs if message.startswith(name)), "arch")
        raise InputError(blamed, message) from None


def _n_params(inputs: Inputs) -> float:
    """Parameters from ``params`` or ``preset`` (exactly one)."""
    if inputs.given("params") == inputs.given("preset"):
        raise InputError("params", "give exactly one of params and preset")
    if inputs.given("preset"):
        return PRESETS[inputs.get("preset")].parameter_count()
    return inputs.get("params")


def _n_active(inputs: Inputs, total: float) -> float:
    """Parameters a token uses: a preset's active count, or ``active_params`` (default all)."""
    if inputs.given("preset"):
        if inputs.given("active_params"):
            raise InputError("active_params", "a preset knows its active parameters")
        return PRESETS[inputs.get("preset")].active_parameter_count()
    if not inputs.given("active_params"):
        return total
    active = inputs.get("active_params")
    if active > total:
        raise InputError(
            "active_params", f"active_params ({active:,.0f}) cannot exceed params ({total:,.0f})"
        )
    return active


def _decoder(inputs: Inputs, arch, why: str):
    """``arch``, or an InputError on ``preset`` if it is an encoder."""
    if not arch.is_decoder:
        raise InputError(
            "preset",
            f"{why} needs a decoder: {inputs.get('preset') or 'this model'} is an encoder, "
            "which reads its input in one pass and generates nothing",
        )
    return arch


def _gpu(inputs: Inputs, name: str = "gpu"):
    value = inputs.require(name)
    return GPUS[value.lower()]


def _kv_dims(inputs: Inputs) -> tuple[int, int, int] | None:
    """KV cache dimensions from the size inputs, else from a decoder preset, else None."""
    names = ("n_layers", "n_kv_heads", "head_dim")
    if any(inputs.given(name) for name in names):
        for name in names:
            if not inputs.given(name):
                raise InputError(name, "n_layers, n_kv_heads and head_dim must be given together")
        if not inputs.given("seq_len"):
            raise InputError("seq_len", "n_layers, n_kv_heads and head_dim need seq_len")
        return tuple(inputs.get(name) for name in names)
    if inputs.given("preset"):
        arch = PRESETS[inputs.get("preset")]
        if hasattr(arch, "kv_cache_dims") and not isinstance(arch, BertArchitecture):
            return arch.kv_cache_dims()
    return None


def _kv_preset(inputs: Inputs):
    """The decoder preset that gives the KV cache, unless size inputs give it, else None."""
    if not inputs.given("preset") or any(
        inputs.given(n) for n in ("n_layers", "n_kv_heads", "head_dim")
    ):
        return None
    arch = PRESETS[inputs.get("preset")]
    return arch if arch.is_decoder else None


def _kv_bytes_per_token(inputs: Inputs) -> float | None:
    """KV cache bytes per token from a preset (any attention) or the size inputs."""
    dtype = inputs.get("kv_dtype")
    arch = _kv_preset(inputs)
    if arch is not None:
        with _Blame("kv_dtype"):
            return arch.kv_cache_bytes_per_token(dtype)
    dims = _kv_dims(inputs)
    if dims is None:
        return None
    with _Blame("kv_dtype"):
        return kv_cache_bytes(*dims, 1, 1, dtype)


def _kv_bytes(inputs: Inputs, tokens: float) -> float:
    """KV cache bytes of one sequence of ``tokens`` tokens: a preset's own count (sliding
    windows, chunks and recurrent states included), else per token x tokens."""
    arch = _kv_preset(inputs)
    if arch is None:
        return (_kv_bytes_per_token(inputs) or 0.0) * tokens
    with _Blame("kv_dtype"):
        return arch.kv_cache_bytes(tokens, inputs.get("kv_dtype"))


def _kv_rows(inputs: Inputs) -> list[Row]:
    if not inputs.given("seq_len"):
        _kv_dims(inputs)  # still reject size inputs without seq_len
        return []
    seq_len = inputs.get("seq_len")
    batch = inputs.get("batch")
    per_token = _kv_bytes_per_token(inputs)
    if per_token is None:
        raise InputError(
            "seq_len", "seq_len needs n_layers, n_kv_heads and head_dim, or a decoder preset"
        )
    dtype = inputs.get("kv_dtype")
    arch = _kv_preset(inputs)
    fixed = arch.kv_cache_fixed_bytes(dtype) if arch is not None else 0.0
    growing = ", growing part" if fixed else ""
    rows = [
        _row(
            "kv_cache_bytes_per_token", f"KV cache per token{growing} ({dtype})", per_token, _count
        )
    ]
    if fixed:
        rows.append(
            _row(
                "kv_cache_fixed_bytes",
                f"KV cache per sequence, not growing: windows, states ({dtype}, at most)",
                fixed,
                _count,
            )
        )
    rows.append(
        _row(
            "kv_cache_bytes",
            f"KV cache, {seq_len:,} tokens x {batch:,} sequences",
            _kv_bytes(inputs, seq_len) * batch,
            _gb,
        )
    )
    return rows


_PARAMS = Field(
    "params",
    "number",
    "number of parameters, e.g. 7e9",
    group="model",
    minimum=1,
    maximum=1e15,
    unit="parameters",
)


_ACTIVE = Field(
    "active_params",
    "number",
    "parameters a token uses, for a mixture of experts given by params (default: all)",
    group="model",
    unit="parameters",
    minimum=1,
    maximum=1e15,
)


_ACTIVATIONS = Field(
    "activation_dtype",
    "choice",
    "activation format (default: fp8 with fp8 weights, int8 with int8, fp4 with fp4, "
    "else bf16; int4 with fp8 or int8 is W4A8)",
    choices=ACTIVATION_DTYPES,
    group="precision",
)


_GPU = Field(
    "gpu", "choice", "GPU model", choices=tuple(gpu_names()), group="hardware", required=True
)


_KV = (
    Field(
        "seq_len",
        "integer",
        "tokens per sequence held in the cache",
        group="KV cache",
        minimum=1,
        maximum=1e8,
    ),
    Field(
        "batch",
        "integer",
        "sequences",
        default=1,
        group="KV cache",
        minimum=1,
        maximum=1e7,
    ),
    *(
        Field(name, "integer", text, group="architecture", minimum=1, maximum=_SIZE_MAX[name])
        for name, text in (
            ("n_layers", "layers (not needed with a preset)"),
            ("n_kv_heads", "key/value heads"),
            ("head_dim", "size of each head"),
        )
    ),
    Field(
        "kv_dtype",
        "choice",
        "cache storage type",
        default="fp16",
        choices=STORAGE_DTYPES,
        group="KV cache",
    ),
)


_TOKENS = Field(
    "tokens",
    "number",
    "training tokens, e.g. 2e12",
    group="training",
    minimum=1,
    maximum=1e17,
    required=True,
)


def _price(group: str, required: bool) -> Field:
    return Field(
        "price",
        "number",
        "price per GPU-hour",
        group=group,
        minimum=0,
        maximum=1e5,
        unit="USD",
        required=required,
    )


def _llama_arch_fields() -> tuple[Field, ...]:
    return (
        Field(
            "arch",
            "choice",
            "architecture family, for a custom model",
            choices=("llama",),
            group="model",
        ),
        *_size_fields(("llama",)),
    )
