"""The calculator's commands: named inputs in, result rows out.

The command line (``python -m startup_math``) and the guide's calculator page both call
``run_command(name, inputs)``, so they cannot disagree: the page shows the rows' ``text``
and the command line prints the same rows as a table, or their ``value`` as JSON.

Inputs arrive as strings (from a shell or a web form) or ``None`` when not given. Every
field is parsed and checked here, and a bad one raises ``InputError``, a ``ValueError``
that names the field, so that a form can show the message beside it.
"""

import dataclasses
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from startup_math import _validate as check
from startup_math.activations import RECOMPUTE_MODES
from startup_math.compute import model_flops_per_token, training_flops
from startup_math.cost import gpu_hours, training_cost, wall_clock_days
from startup_math.decode import check_fits, decode_step
from startup_math.finetune import (
    ALL_LINEAR,
    LORA_TARGETS,
    full_finetune_memory,
    lora_memory,
    lora_parameter_count,
    qlora_memory,
)
from startup_math.hardware import ACTIVATION_DTYPES, GPUS, compute_dtype, gpu_names
from startup_math.measured import fractions
from startup_math.memory import DTYPE_BYTES, kv_cache_bytes, training_memory, weights_bytes
from startup_math.parallel import ZERO_STAGES, memory_per_gpu
from startup_math.params import (
    PRESETS,
    BertArchitecture,
    GPT2Architecture,
    LlamaArchitecture,
)
from startup_math.scaling import CHINCHILLA_TOKENS_PER_PARAM, chinchilla_optimal
from startup_math.serving import (
    DAYS_PER_MONTH,
    break_even,
    estimate_serving,
    largest_batch_within,
)

DEFAULT_ACCEPTANCE = 0.7
"""Acceptance rate assumed for speculative decoding when none is given: an assumption, to be
replaced by the rate measured with your draft on your traffic."""

WEIGHT_DTYPES = ("fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")
STORAGE_DTYPES = ("fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")


class InputError(ValueError):
    """A bad input, with the name of the field it came from.

    Attributes:
        field: The input's name, for example ``"mfu"``.
    """

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Row:
    """One result: a JSON key, an English label, a value and how a table shows it.

    Attributes:
        key: Stable name of the result, used as the JSON key.
        label: Short English label for the table.
        value: The number (or text, or ``None`` when there is none), as JSON prints it.
        text: The value formatted for a table, with its unit.
    """

    key: str
    label: str
    value: Any
    text: str


@dataclass(frozen=True)
class Field:
    """One input of a command.

    Attributes:
        name: The input's name; the command line spells it ``--name-with-dashes``.
        kind: ``"number"``, ``"integer"``, ``"choice"``, ``"flag"`` or ``"text"``.
        help: One line for ``--help``.
        default: The value used when the input is not given (``None``: no default).
        choices: The allowed values of a ``"choice"``.
        group: Heading the field is listed under.
        minimum: Smallest value a number may take (inclusive), or ``None``.
        maximum: Largest value a number may take (inclusive), or ``None``. The limits
            keep every result finite: a value beyond them is an error naming the field,
            never an ``inf`` in the output.
    """

    name: str
    kind: str
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    group: str = "inputs"
    minimum: float | None = None
    maximum: float | None = None

    @property
    def flag(self) -> str:
        """The command-line spelling, ``--name-with-dashes``."""
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class Command:
    """A calculator: its fields and the function from parsed inputs to rows."""

    name: str
    help: str
    fields: tuple[Field, ...]
    compute: Callable[["Inputs"], list[Row]] = field(repr=False)


# -- formatting ---------------------------------------------------------------------------


def _count(value: float) -> str:
    return f"{value:,.0f}"


def _sci(value: float) -> str:
    return f"{value:.3e}"


def _gb(value: float) -> str:
    return f"{value / 1e9:,.2f} GB"


def _fixed(digits: int, unit: str = "") -> Callable[[float], str]:
    return lambda value: f"{value:,.{digits}f}{unit}"


def _money(value: float) -> str:
    return f"{value:,.2f}" if value < 1000 else f"{value:,.0f}"


def _row(
    key: str, label: str, value: Any, show: Callable[[Any], str] = str, none: str = "n/a"
) -> Row:
    return Row(key, label, value, none if value is None else show(value))


# -- parsing ------------------------------------------------------------------------------


class Inputs:
    """The raw inputs of one run and the parsed value of each field, parsed on first use."""

    def __init__(self, command: Command, raw: Mapping[str, Any]):
        self.command = command
        self.fields = {f.name: f for f in command.fields}
        unknown = sorted(set(raw) - set(self.fields))
        if unknown:
            raise InputError(
                unknown[0],
                f"{command.name} has no input {unknown[0]!r}; "
                f"its inputs are {', '.join(self.fields)}",
            )
        self.raw = {name: raw.get(name) for name in self.fields}

    def given(self, name: str) -> bool:
        """Whether the input was given (not missing, not an empty string)."""
        value = self.raw[name]
        return value is not None and not (isinstance(value, str) and value.strip() == "")

    def get(self, name: str) -> Any:
        """The parsed value of a field, its default when not given."""
        spec = self.fields[name]
        if not self.given(name):
            return spec.default
        return _parse(spec, self.raw[name])

    def require(self, name: str, why: str = "") -> Any:
        """The parsed value of a field that must be given."""
        value = self.get(name)
        if value is None:
            raise InputError(name, f"{name} is required{why}")
        return value

    def checked(self, name: str, validator: Callable[[str, Any], Any], value: Any = None) -> Any:
        """The field's value after ``validator(name, value)``, errors tied to the field."""
        value = self.get(name) if value is None else value
        try:
            return validator(name, value)
        except InputError:
            raise
        except ValueError as error:
            raise InputError(name, str(error)) from None


class _Blame:
    """Context manager: a ValueError raised inside is re-raised as an InputError on a field."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if error is not None and isinstance(error, ValueError):
            if isinstance(error, InputError):
                return False
            raise InputError(self.name, str(error)) from None
        return False


def _parse(spec: Field, value: Any) -> Any:
    """Turn a raw input (a string from a shell or a form, or a Python value) into its type."""
    name = spec.name
    if spec.kind == "text":
        return str(value).strip()
    if spec.kind == "flag":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1", "on"):
            return True
        if text in ("false", "no", "0", "off"):
            return False
        raise InputError(name, f"{name} must be true or false, got {value!r}")
    if spec.kind == "choice":
        text = str(value).strip()
        for choice in spec.choices:
            if choice.lower() == text.lower():
                return choice
        raise InputError(
            name, f"unknown {name} {text!r}: {name} must be one of {', '.join(spec.choices)}"
        )
    if isinstance(value, bool):
        raise InputError(name, f"{name} must be a number, got {value!r}")
    if spec.kind == "integer":
        if isinstance(value, int):
            return _in_range(spec, value, value)
        text = str(value).strip().replace(",", "").replace("_", "")
        try:
            whole = int(text)
        except ValueError:
            raise InputError(name, f"{name} must be a whole number, got {value!r}") from None
        return _in_range(spec, whole, value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "").replace("_", "")
        try:
            number = float(text)
        except ValueError:
            raise InputError(name, f"{name} must be a number, got {value!r}") from None
    if math.isnan(number) or math.isinf(number):
        raise InputError(name, f"{name} must be finite, got {value!r}")
    return _in_range(spec, number, value)


def _in_range(spec: Field, number: float, raw: Any) -> Any:
    """``number`` if it lies within the field's limits, else an InputError naming the field."""
    if spec.minimum is not None and number < spec.minimum:
        raise InputError(spec.name, f"{spec.name} must be at least {spec.minimum:,g}, got {raw!r}")
    if spec.maximum is not None and number > spec.maximum:
        raise InputError(spec.name, f"{spec.name} must be at most {spec.maximum:,g}, got {raw!r}")
    return number


# -- shared pieces --------------------------------------------------------------------------

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
    return inputs.checked("params", check.positive_number)


def _n_active(inputs: Inputs, total: float) -> float:
    """Parameters a token uses: a preset's active count, or ``active_params`` (default all)."""
    if inputs.given("preset"):
        if inputs.given("active_params"):
            raise InputError("active_params", "a preset knows its active parameters")
        return PRESETS[inputs.get("preset")].active_parameter_count()
    if not inputs.given("active_params"):
        return total
    active = inputs.checked("active_params", check.positive_number)
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


# -- commands -------------------------------------------------------------------------------


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


def _train_rows(inputs: Inputs) -> list[Row]:
    n_params = _n_params(inputs)
    n_active = _n_active(inputs, n_params)
    gpu = _gpu(inputs)
    tokens = inputs.checked("tokens", check.positive_number, inputs.require("tokens"))
    mfu = inputs.checked("mfu", check.fraction)
    gpus = inputs.checked("gpus", check.positive_int)
    # A mixture of experts computes with the parameters a token uses, not all it holds.
    flops = training_flops(n_active, tokens)
    hours = gpu_hours(flops, gpu.peak_flops, mfu)
    rows = [
        _row("n_params", "parameters", n_params, _count),
        _row("active_params", "active parameters per token", n_active, _count),
        _row("n_tokens", "training tokens", tokens, _sci),
        _row("flops", "training FLOPs (6 N_active D)", flops, _sci),
        _row("gpu", "GPU", gpu.name),
        _row("gpu_peak_tflops", "GPU dense BF16 peak", gpu.bf16_tflops, _fixed(0, " TFLOPS")),
        _row("mfu", "MFU", mfu, _fixed(2)),
        _row("gpu_hours", "GPU-hours", hours, _fixed(0)),
        _row("n_gpus", "GPUs", gpus, _count),
        _row("days", "wall-clock days", wall_clock_days(hours, gpus), _fixed(1)),
    ]
    if inputs.given("price"):
        price = inputs.checked("price", check.non_negative_number)
        rows.append(_row("price_per_gpu_hour", "price per GPU-hour", price, _fixed(2)))
        rows.append(_row("cost", "cost", training_cost(hours, price), _fixed(0)))
    return rows


def _kv_dims(inputs: Inputs) -> tuple[int, int, int] | None:
    """KV cache dimensions from the size inputs, else from a decoder preset, else None."""
    names = ("n_layers", "n_kv_heads", "head_dim")
    if any(inputs.given(name) for name in names):
        for name in names:
            if not inputs.given(name):
                raise InputError(name, "n_layers, n_kv_heads and head_dim must be given together")
        if not inputs.given("seq_len"):
            raise InputError("seq_len", "n_layers, n_kv_heads and head_dim need seq_len")
        return tuple(inputs.checked(name, check.positive_int) for name in names)
    if inputs.given("preset"):
        arch = PRESETS[inputs.get("preset")]
        if hasattr(arch, "kv_cache_dims") and not isinstance(arch, BertArchitecture):
            return arch.kv_cache_dims()
    return None


def _kv_bytes_per_token(inputs: Inputs) -> float | None:
    """KV cache bytes per token from a preset (any attention) or the size inputs."""
    dtype = inputs.get("kv_dtype")
    if inputs.given("preset") and not any(
        inputs.given(n) for n in ("n_layers", "n_kv_heads", "head_dim")
    ):
        arch = PRESETS[inputs.get("preset")]
        if isinstance(arch, BertArchitecture):
            return None
        with _Blame("kv_dtype"):
            return arch.kv_cache_bytes_per_token(dtype)
    dims = _kv_dims(inputs)
    if dims is None:
        return None
    with _Blame("kv_dtype"):
        return kv_cache_bytes(*dims, 1, 1, dtype)


def _kv_rows(inputs: Inputs) -> list[Row]:
    if not inputs.given("seq_len"):
        _kv_dims(inputs)  # still reject size inputs without seq_len
        return []
    seq_len = inputs.checked("seq_len", check.positive_int)
    batch = inputs.checked("batch", check.positive_int)
    per_token = _kv_bytes_per_token(inputs)
    if per_token is None:
        raise InputError(
            "seq_len", "seq_len needs n_layers, n_kv_heads and head_dim, or a decoder preset"
        )
    dtype = inputs.get("kv_dtype")
    return [
        _row("kv_cache_bytes_per_token", f"KV cache per token ({dtype})", per_token, _count),
        _row(
            "kv_cache_bytes",
            f"KV cache, {seq_len:,} tokens x {batch:,} sequences",
            per_token * seq_len * batch,
            _gb,
        ),
    ]


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


def _chinchilla_rows(inputs: Inputs) -> list[Row]:
    compute = inputs.checked("compute", check.positive_number, inputs.require("compute"))
    ratio = inputs.checked("tokens_per_param", check.positive_number)
    optimal = chinchilla_optimal(compute, ratio)
    return [
        _row("compute_flops", "compute budget", compute, _sci),
        _row("tokens_per_param", "tokens per parameter", ratio, _fixed(1)),
        _row("n_params", "parameters", optimal.n_params, _sci),
        _row("n_tokens", "training tokens", optimal.n_tokens, _sci),
    ]


def _decode_rows(inputs: Inputs) -> list[Row]:
    n_params = _n_params(inputs)
    n_active = _n_active(inputs, n_params)
    arch = PRESETS[inputs.get("preset")] if inputs.given("preset") else None
    if arch is not None:
        _decoder(inputs, arch, "decode")
    gpu = _gpu(inputs)
    dtype = inputs.get("dtype")
    batch = inputs.checked("batch", check.positive_int)
    gpus = inputs.checked("gpus", check.positive_int)
    if arch is not None:
        with _Blame("gpus"):
            arch.check_tensor_parallel(gpus, "gpus")
        if inputs.given("seq_len"):
            with _Blame("seq_len"):
                arch.check_context(inputs.get("seq_len"), "seq_len")
    mbu = inputs.checked("mbu", check.fraction)
    mfu = inputs.checked("mfu", check.fraction)
    with _Blame("activation_dtype"):
        runs_in = compute_dtype(gpu, dtype, inputs.get("activation_dtype"))
    weights = weights_bytes(n_params, dtype)
    memory = gpu.memory_bytes * gpus
    with _Blame("gpus"):
        check_fits(weights, 0.0, memory)
    peak = gpu.peak_flops_for(runs_in)
    kv_rows = _kv_rows(inputs)
    per_token = _kv_bytes_per_token(inputs) if inputs.given("seq_len") else None
    context = inputs.get("seq_len") if per_token is not None else 0
    kv_per_sequence = (per_token or 0.0) * context
    with _Blame("seq_len"):
        check_fits(weights, kv_per_sequence, memory)  # one sequence alone
    if arch is not None:
        flops = model_flops_per_token(arch, context)
        read = min(arch.parameters_read(batch) * DTYPE_BYTES[dtype], weights)
        flops_label = "FLOPs per token (2 N active + attention)"
    else:
        flops = 2 * n_active
        # Without an architecture, a step over B tokens reads at most B x the active weights.
        read = min(weights, batch * n_active * DTYPE_BYTES[dtype])
        flops_label = "FLOPs per token (2 N active, attention not counted)"
    with _Blame("batch"):
        step = decode_step(
            weights,
            flops,
            gpu.bandwidth_bytes_per_s * gpus,
            peak * gpus,
            memory,
            batch_size=batch,
            kv_bytes_per_sequence=kv_per_sequence,
            weight_bytes_read=read,
            mbu=mbu,
            mfu=mfu,
        )
    return [
        _row("n_params", "parameters", n_params, _count),
        _row("active_params", "active parameters per token", n_active, _count),
        _row("weight_bytes", f"weights ({dtype})", weights, _gb),
        _row("gpu", "GPU", gpu.name),
        _row("n_gpus", "GPUs (tensor parallel)", gpus, _count),
        _row("bandwidth_tbps", "memory bandwidth", gpu.bandwidth_tbps * gpus, _fixed(3, " TB/s")),
        _row("compute_dtype", "matrix multiplications in", runs_in),
        _row(
            "peak_tflops",
            f"dense {runs_in.upper()} peak",
            peak * gpus / 1e12,
            _fixed(0, " TFLOPS"),
        ),
        _row("batch_size", "batch size", batch, _count),
        *kv_rows,
        _row("memory_used_bytes", "weights + KV cache", step.memory_used_bytes, _gb),
        _row("memory_bytes", "GPU memory", memory, _gb),
        _row("flops_per_token", flops_label, flops, _sci),
        _row("memory_ms", "memory time per step", step.memory_seconds * 1e3, _fixed(2, " ms")),
        _row("compute_ms", "compute time per step", step.compute_seconds * 1e3, _fixed(2, " ms")),
        _row("step_ms", "decode step, at least", step.seconds * 1e3, _fixed(2, " ms")),
        _row("bound", "bound by", step.bound),
        _row(
            "tokens_per_s",
            "tokens/s, all sequences, at most (one token per step)",
            step.tokens_per_second,
            _fixed(1),
        ),
        _row(
            "tokens_per_s_per_sequence",
            "tokens/s per sequence, at most (one token per step)",
            step.tokens_per_second_per_sequence,
            _fixed(1),
        ),
    ]


def _serving(inputs: Inputs, arch, gpu):
    """The serving estimate for the serving inputs, errors tied to their fields."""
    _decoder(inputs, arch, "serving")
    batch = inputs.checked("batch", check.positive_int)
    prompt = inputs.checked("prompt_tokens", check.positive_int)
    output = inputs.checked("output_tokens", check.positive_int)
    gpus = inputs.checked("gpus_per_replica", check.positive_int)
    price = inputs.checked("price", check.non_negative_number, inputs.require("price"))
    share = _share_of_bound(inputs, arch)
    busy = inputs.checked("utilization", check.fraction)
    prefill_batch = inputs.get("prefill_batch")
    drafted = inputs.get("draft_tokens")
    if drafted == 0 and (inputs.given("acceptance_rate") or inputs.get("draft_params") > 0):
        raise InputError("draft_tokens", "acceptance_rate and draft_params need draft_tokens")
    acceptance = inputs.get("acceptance_rate")
    acceptance = DEFAULT_ACCEPTANCE if acceptance is None else acceptance
    if inputs.get("attention") == "tensor":
        with _Blame("gpus_per_replica"):
            arch.check_tensor_parallel(gpus, "gpus_per_replica")
    with _Blame("prompt_tokens" if prompt >= output else "output_tokens"):
        arch.check_context(prompt + output, "prompt_tokens + output_tokens")
    dtype = inputs.get("weight_dtype")
    with _Blame("activation_dtype" if inputs.given("activation_dtype") else "weight_dtype"):
        compute_dtype(gpu, dtype, inputs.get("activation_dtype"))
    draft_params = inputs.get("draft_params")
    weights = (arch.parameter_count() + draft_params) * DTYPE_BYTES[dtype]
    memory = gpu.memory_bytes * gpus
    with _Blame("gpus_per_replica"):
        check_fits(weights, 0.0, memory)
    with _Blame("prompt_tokens"):
        kv = arch.kv_cache_bytes_per_token(inputs.get("kv_dtype"))
        check_fits(weights, kv * (prompt + output / 2), memory)  # one sequence alone
    if prefill_batch is not None:
        with _Blame("prefill_batch"):
            check_fits(weights, kv * prompt * prefill_batch, memory)

    def estimate(mfu: float, mbu: float, size: int | None = None):
        with _Blame("batch"):
            return estimate_serving(
                arch,
                gpu,
                batch_size=batch if size is None else size,
                prompt_tokens=prompt,
                output_tokens=output,
                price_per_gpu_hour=price,
                gpus=gpus,
                weight_dtype=dtype,
                kv_dtype=inputs.get("kv_dtype"),
                activation_dtype=inputs.get("activation_dtype"),
                mfu=mfu,
                mbu=mbu,
                utilization=busy,
                prefill_batch=prefill_batch,
                prefix_cache_hit=inputs.get("prefix_cache_hit"),
                draft_tokens=drafted,
                acceptance_rate=acceptance if drafted else 0.0,
                draft_params=draft_params if drafted else 0.0,
                attention=inputs.get("attention"),
            )

    expected = estimate(share.mfu, share.mbu)
    at_target = None
    if inputs.given("tpot_ms"):
        target = inputs.checked("tpot_ms", check.positive_number) / 1e3
        limit = expected.max_batch_size
        if limit < 1:
            raise InputError("prompt_tokens", "not even one sequence fits next to the weights")
        at_target = largest_batch_within(
            lambda size: estimate(share.mfu, share.mbu, size), target, limit
        )
        if at_target is None:
            alone = estimate(share.mfu, share.mbu, 1).decode
            raise InputError(
                "tpot_ms",
                f"one sequence alone takes {alone.seconds / alone.tokens_per_step * 1e3:,.2f} ms "
                "per token on this replica: the target cannot be met",
            )
    return Serving(estimate(1.0, 1.0), expected, share, at_target)


@dataclass(frozen=True)
class Share:
    """The share of the bound assumed for the expected values, and where it comes from."""

    mfu: float
    mbu: float
    low: float | None
    high: float | None
    source: str


@dataclass(frozen=True)
class Serving:
    """A replica at the bound (every efficiency 1) and as expected (``share``)."""

    bound: Any
    expected: Any
    share: Share
    at_target: Any = None


def _share_of_bound(inputs: Inputs, arch) -> Share:
    """The given MFU and MBU, or the median share of the bound measured in published runs."""
    moe = arch.active_parameter_count() < arch.parameter_count()
    spread = fractions("throughput", moe=moe)
    kind = "MoE" if moe else "dense"
    if not (inputs.given("serving_mfu") or inputs.given("mbu")):
        return Share(
            spread.median,
            spread.median,
            spread.low,
            spread.high,
            f"median of {spread.count} published {kind} runs",
        )
    mfu = inputs.checked("serving_mfu", check.fraction, inputs.get("serving_mfu") or spread.median)
    mbu = inputs.checked("mbu", check.fraction, inputs.get("mbu") or mfu)
    return Share(mfu, mbu, None, None, "given")


def _range(low: float | None, high: float | None, show: Callable[[float], str]) -> str:
    return "" if low is None or high is None else f" ({show(low)} to {show(high)})"


def _serving_rows(serving: Serving) -> list[Row]:
    bound, estimate, share = serving.bound, serving.expected, serving.share
    step = estimate.decode
    low, high = share.low, share.high

    def scaled(value: float, show: Callable[[float], str], per: bool = False) -> Callable:
        """Text of an expected value with the range the published shares give."""
        if low is None or high is None:
            return show
        ends = (value / high, value / low) if per else (value * low, value * high)
        return lambda v: show(v) + _range(*ends, show)

    tokens = bound.decode.tokens_per_second
    cost_in = bound.cost_per_million_input_tokens
    cost_out = bound.cost_per_million_output_tokens
    if share.source == "given":
        share_text = f"MFU {share.mfu:.2f}, MBU {share.mbu:.2f} (given)"
    else:
        share_text = f"{share.mfu:.2f}{_range(low, high, _fixed(2))}, {share.source}"
    return [
        _row("weight_bytes", "weights", estimate.weight_bytes, _gb),
        _row("context_tokens", "average tokens held per sequence", estimate.context_tokens, _count),
        _row("kv_bytes_per_sequence", "KV cache per sequence", estimate.kv_bytes_per_sequence, _gb),
        _row("memory_used_bytes", "weights + KV cache of the batch", step.memory_used_bytes, _gb),
        _row("memory_bytes", "memory of the replica", estimate.memory_bytes, _gb),
        _row(
            "memory_used_per_gpu_bytes",
            "weights + KV cache per GPU",
            step.memory_used_bytes / estimate.gpus,
            _gb,
        ),
        _row("max_batch_size", "largest batch that fits", estimate.max_batch_size, _count),
        _row("compute_dtype", "matrix multiplications in", estimate.compute_dtype),
        Row("share_of_bound", "share of the bound expected", share.mfu, share_text),
        _row(
            "ttft_ms_bound",
            "time to first token, one prompt, idle: at least",
            bound.time_to_first_token * 1e3,
            _fixed(1, " ms"),
        ),
        _row(
            "ttft_ms",
            "time to first token, one prompt, idle: expected",
            estimate.time_to_first_token * 1e3,
            _fixed(1, " ms"),
        ),
        _row("prefill_batch", "prompts per prefill pass", estimate.prefill_batch, _count),
        _row("prefill_bound", "prefill bound by", bound.prefill.bound),
        _row(
            "input_tokens_per_s_bound",
            "input tokens/s per replica, at most",
            1 / bound.prefill_seconds_per_token,
            _fixed(0),
        ),
        _row("step_ms", "decode step, expected", step.seconds * 1e3, _fixed(2, " ms")),
        _row("decode_bound", "decode bound by", bound.decode.bound),
        _row("tokens_per_step", "tokens per sequence per step", step.tokens_per_step, _fixed(2)),
        _row("tokens_per_s_bound", "output tokens/s per replica, at most", tokens, _fixed(0)),
        _row(
            "tokens_per_s",
            "output tokens/s per replica, expected",
            step.tokens_per_second,
            scaled(tokens, _fixed(0)),
        ),
        _row(
            "tokens_per_s_per_sequence",
            "output tokens/s per sequence, expected",
            step.tokens_per_second_per_sequence,
            _fixed(1),
        ),
        _row(
            "cost_per_million_input_bound",
            "cost per million input tokens, at least",
            cost_in,
            _fixed(3),
        ),
        _row(
            "cost_per_million_input",
            "cost per million input tokens, expected",
            estimate.cost_per_million_input_tokens,
            scaled(cost_in, _fixed(3), per=True),
        ),
        _row(
            "cost_per_million_output_bound",
            "cost per million output tokens, at least",
            cost_out,
            _fixed(3),
        ),
        _row(
            "cost_per_million_output",
            "cost per million output tokens, expected",
            estimate.cost_per_million_output_tokens,
            scaled(cost_out, _fixed(3), per=True),
        ),
        _row(
            "replica_cost_per_month",
            "replica rent per month",
            estimate.replica_cost_per_month,
            _fixed(0),
        ),
        _row(
            "requests_per_day_per_replica",
            "requests per day one replica serves, expected",
            estimate.requests_per_month / DAYS_PER_MONTH,
            _fixed(0),
        ),
        *_target_rows(serving.at_target),
    ]


def _target_rows(at_target) -> list[Row]:
    if at_target is None:
        return []
    step = at_target.decode
    return [
        _row(
            "tpot_batch",
            "largest batch meeting the time per token, expected",
            at_target.batch_size,
            _count,
        ),
        _row(
            "tpot_tokens_per_s",
            "output tokens/s per replica at that batch, expected",
            step.tokens_per_second,
            _fixed(0),
        ),
        _row(
            "tpot_cost_per_million_output",
            "cost per million output tokens at that batch, expected",
            at_target.cost_per_million_output_tokens,
            _fixed(3),
        ),
    ]


def _break_even_rows(inputs: Inputs, estimate) -> list[Row]:
    if not (inputs.given("api_input_price") or inputs.given("api_output_price")):
        if inputs.given("requests_per_day"):
            raise InputError("api_input_price", "requests_per_day needs the API's prices")
        return []
    why = " with the other API price"
    price_in = inputs.checked(
        "api_input_price", check.non_negative_number, inputs.require("api_input_price", why)
    )
    price_out = inputs.checked(
        "api_output_price", check.non_negative_number, inputs.require("api_output_price", why)
    )
    per_day = None
    if inputs.given("requests_per_day"):
        per_day = inputs.checked("requests_per_day", check.positive_number)
    with _Blame("api_output_price"):
        result = break_even(
            estimate,
            api_price_per_million_input=price_in,
            api_price_per_million_output=price_out,
            requests_per_month=None if per_day is None else per_day * DAYS_PER_MONTH,
        )
    volume = result.break_even_requests_per_month
    rows = [
        _row(
            "api_cost_per_request", "API cost per request", result.api_cost_per_request, _fixed(5)
        ),
        _row(
            "self_cost_per_request",
            "self-hosted cost per request",
            result.self_cost_per_request,
            _fixed(5),
        ),
        _row(
            "break_even_utilization",
            "self-hosting is cheaper above utilization",
            result.break_even_utilization if result.break_even_utilization <= 1 else None,
            _fixed(3),
            none="never (the API costs less even at full load)",
        ),
        _row(
            "break_even_requests_per_day",
            "break-even requests per day",
            None if volume is None else volume / DAYS_PER_MONTH,
            _fixed(0),
            none="none at this utilization",
        ),
    ]
    if per_day is not None:
        rows += [
            _row("requests_per_day", "requests per day", per_day, _fixed(0)),
            _row("replicas", "replicas needed", result.replicas, _count),
            _row(
                "self_cost_per_month",
                "self-hosted cost per month",
                result.self_cost_per_month,
                _fixed(0),
            ),
            _row("api_cost_per_month", "API cost per month", result.api_cost_per_month, _fixed(0)),
        ]
    return rows


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


def _plan_rows(inputs: Inputs) -> list[Row]:
    arch = _architecture(inputs)
    gpu = _gpu(inputs)
    n_active = arch.active_parameter_count()
    tokens = inputs.checked("tokens", check.positive_number, inputs.require("tokens"))
    mfu = inputs.checked("mfu", check.fraction)
    gpus = inputs.checked("gpus", check.positive_int)
    price = inputs.checked("price", check.non_negative_number, inputs.require("price"))
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


def _gpu_rows(inputs: Inputs) -> list[Row]:
    names = [inputs.get("gpu")] if inputs.given("gpu") else gpu_names()
    rows = []
    for name in names:
        gpu = GPUS[name.lower()]
        peaks = " / ".join(
            "-" if figure is None else f"{figure:,g}"
            for figure in (gpu.bf16_tflops, gpu.fp8_tflops, gpu.int8_tops, gpu.fp4_tflops)
        )
        text = (
            f"{peaks} bf16/fp8/int8/fp4, {gpu.memory_gb:,g} GB, "
            f"{gpu.bandwidth_tbps:g} TB/s, ridge {gpu.ridge_point():,.0f} FLOPs/byte"
        )
        value = {
            "bf16_tflops": gpu.bf16_tflops,
            "fp8_tflops": gpu.fp8_tflops,
            "int8_tops": gpu.int8_tops,
            "fp4_tflops": gpu.fp4_tflops,
            "memory_gb": gpu.memory_gb,
            "bandwidth_tbps": gpu.bandwidth_tbps,
            "source": gpu.source,
        }
        rows.append(Row(gpu.name, gpu.name, value, text))
    return rows


def _finetune_rows(inputs: Inputs) -> list[Row]:
    arch = _architecture(inputs)
    if not isinstance(arch, LlamaArchitecture):
        raise InputError("preset", "LoRA counts are for Llama-style decoders (llama presets)")
    rank = inputs.checked("rank", check.positive_int)
    targets = inputs.get("targets")
    if targets is not None and targets.lower() != ALL_LINEAR:
        targets = tuple(name.strip() for name in targets.split(",") if name.strip())
    with _Blame("targets"):
        trainable = lora_parameter_count(arch, rank, targets)
        lora = lora_memory(arch, rank, targets)
        qlora = qlora_memory(arch, rank, targets)
    total = arch.parameter_count()
    full = full_finetune_memory(arch).total
    rows = [
        _row("n_params", "parameters", total, _count),
        _row("lora_params", "LoRA trainable parameters", trainable, _count),
        _row("lora_share", "trainable share", trainable / total, lambda v: f"{v:.3%}"),
        _row("full_bytes", "full fine-tuning state (16 B/parameter)", full, _gb),
        _row("lora_bytes", "LoRA state (bf16 base, fp32 adapters + AdamW)", lora.total, _gb),
        _row("qlora_bytes", "QLoRA state (NF4 base, double quantization)", qlora.total, _gb),
    ]
    if inputs.given("gpu"):
        gpu = _gpu(inputs)
        for key, used in (("full", full), ("lora", lora.total), ("qlora", qlora.total)):
            left = gpu.memory_bytes - used
            rows.append(
                _row(f"{key}_left_bytes", f"{key}: left on {gpu.name} for activations", left, _gb)
            )
    return rows


def _parallel_rows(inputs: Inputs) -> list[Row]:
    arch = _architecture(inputs)
    sizes = {
        name: inputs.checked(name, check.positive_int)
        for name in (
            "seq_len",
            "micro_batch",
            "data_parallel",
            "tensor_parallel",
            "pipeline_parallel",
        )
    }
    stage = inputs.get("zero_stage")
    with _Blame("tensor_parallel"):
        memory = memory_per_gpu(
            arch.parameter_count(),
            n_layers=arch.n_layers,
            d_model=arch.d_model,
            n_heads=arch.n_heads,
            seq_len=sizes["seq_len"],
            micro_batch=sizes["micro_batch"],
            data_parallel=sizes["data_parallel"],
            tensor_parallel=sizes["tensor_parallel"],
            pipeline_parallel=sizes["pipeline_parallel"],
            zero_stage=int(stage),
            recompute=inputs.get("recompute"),
            sequence_parallel=bool(inputs.get("sequence_parallel")),
        )
    gpus = sizes["data_parallel"] * sizes["tensor_parallel"] * sizes["pipeline_parallel"]
    parts = memory.as_dict()
    rows = [
        _row("n_params", "parameters", arch.parameter_count(), _count),
        _row("n_gpus", "GPUs (data x tensor x pipeline)", gpus, _count),
    ]
    labels = {
        "weights": "weights per GPU",
        "gradients": "gradients per GPU",
        "optimizer_state": "optimizer state per GPU",
        "activations": "activations per GPU",
        "total": "total per GPU",
    }
    for key, label in labels.items():
        rows.append(_row(f"{key}_bytes", label, parts[key], _gb))
    if inputs.given("gpu"):
        gpu = _gpu(inputs)
        rows.append(_row("memory_bytes", f"{gpu.name} memory", gpu.memory_bytes, _gb))
        rows.append(
            _row(
                "fits", "fits", bool(memory.fits(gpu.memory_bytes)), lambda v: "yes" if v else "no"
            )
        )
    return rows


# -- field lists ------------------------------------------------------------------------------

_PARAMS = Field(
    "params", "number", "number of parameters, e.g. 7e9", group="model", minimum=1, maximum=1e15
)
_ACTIVE = Field(
    "active_params",
    "number",
    "parameters a token uses, for a mixture of experts given by params (default: all)",
    group="model",
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
_GPU = Field("gpu", "choice", "GPU model", choices=tuple(gpu_names()), group="hardware")
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
        "sequences (default 1)",
        default=1,
        group="KV cache",
        minimum=1,
        maximum=1e7,
    ),
    Field("n_layers", "integer", "layers (not needed with a preset)", group="architecture"),
    Field("n_kv_heads", "integer", "key/value heads", group="architecture"),
    Field("head_dim", "integer", "size of each head", group="architecture"),
    Field(
        "kv_dtype",
        "choice",
        "cache storage type (default fp16)",
        default="fp16",
        choices=STORAGE_DTYPES,
        group="KV cache",
    ),
)
_SERVING = (
    Field(
        "gpus_per_replica",
        "integer",
        "GPUs holding one copy of the model, tensor parallel (default 1)",
        default=1,
        group="serving",
        minimum=1,
        maximum=4096,
    ),
    Field(
        "batch",
        "integer",
        "sequences decoded together (default 32)",
        default=32,
        group="serving",
        minimum=1,
        maximum=1e7,
    ),
    Field(
        "prompt_tokens",
        "integer",
        "prompt tokens per request (default 1000)",
        default=1000,
        group="serving",
        minimum=1,
        maximum=1e8,
    ),
    Field(
        "output_tokens",
        "integer",
        "output tokens per request (default 500)",
        default=500,
        group="serving",
        minimum=1,
        maximum=1e8,
    ),
    Field(
        "prefill_batch",
        "integer",
        "prompts prefilled together in one pass (default: the batch)",
        group="serving",
        minimum=1,
        maximum=1e7,
    ),
    Field(
        "prefix_cache_hit",
        "number",
        "share of each prompt found in the prefix cache (default 0)",
        default=0.0,
        group="serving",
        minimum=0,
        maximum=0.999,
    ),
    Field(
        "weight_dtype",
        "choice",
        "weight storage type (default bf16)",
        default="bf16",
        choices=WEIGHT_DTYPES,
        group="serving",
    ),
    Field(
        "kv_dtype",
        "choice",
        "KV cache storage type (default bf16)",
        default="bf16",
        choices=STORAGE_DTYPES,
        group="serving",
    ),
    dataclasses.replace(_ACTIVATIONS, group="serving"),
    Field(
        "serving_mfu",
        "number",
        "share of peak FLOP/s reached when serving (default: the median share of the bound "
        "published runs reached)",
        group="serving",
    ),
    Field(
        "mbu",
        "number",
        "share of memory bandwidth reached (default: as serving_mfu)",
        group="serving",
    ),
    Field(
        "utilization",
        "number",
        "share of paid GPU hours spent serving (default 0.5)",
        default=0.5,
        group="serving",
    ),
    Field(
        "tpot_ms",
        "number",
        "target time per output token in ms: finds the largest batch that meets it",
        group="serving",
        minimum=1e-3,
        maximum=1e5,
    ),
    Field(
        "attention",
        "choice",
        "tensor: the GPUs split the heads (must divide them); data: each GPU attends for its "
        "own sequences, experts spread across GPUs (default tensor)",
        default="tensor",
        choices=("tensor", "data"),
        group="serving",
    ),
    Field(
        "draft_tokens",
        "integer",
        "speculative decoding: tokens drafted per step (default 0: none)",
        default=0,
        group="speculative decoding",
        minimum=0,
        maximum=64,
    ),
    Field(
        "acceptance_rate",
        "number",
        "chance a drafted token is accepted (default 0.7 when drafting)",
        group="speculative decoding",
        minimum=0,
        maximum=1,
    ),
    Field(
        "draft_params",
        "number",
        "parameters of the draft model or MTP head (default 0: free)",
        default=0.0,
        group="speculative decoding",
        minimum=0,
        maximum=1e15,
    ),
)
_TRAFFIC = (
    Field(
        "api_input_price",
        "number",
        "API price per million input tokens",
        group="API",
        minimum=0,
        maximum=1e6,
    ),
    Field(
        "api_output_price",
        "number",
        "API price per million output tokens",
        group="API",
        minimum=0,
        maximum=1e6,
    ),
    Field(
        "requests_per_day",
        "integer",
        "requests per day, to size the fleet",
        group="API",
        minimum=1,
        maximum=1e13,
    ),
)


_TOKENS = Field(
    "tokens", "number", "training tokens, e.g. 2e12", group="training", minimum=1, maximum=1e17
)


def _price(group: str) -> Field:
    return Field("price", "number", "price per GPU-hour", group=group, minimum=0, maximum=1e5)


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


COMMANDS: dict[str, Command] = {
    command.name: command
    for command in (
        Command(
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
        ),
        Command(
            "train",
            "training compute, GPU-hours, days and cost",
            (
                _PARAMS,
                PRESET,
                _ACTIVE,
                _TOKENS,
                _GPU,
                Field("mfu", "number", "utilization (default 0.4)", default=0.4, group="training"),
                Field(
                    "gpus",
                    "integer",
                    "number of GPUs (default 1)",
                    default=1,
                    group="training",
                    minimum=1,
                    maximum=1e7,
                ),
                _price("training"),
            ),
            _train_rows,
        ),
        Command(
            "memory",
            "weights, training memory and KV cache",
            (_PARAMS, PRESET, *_KV),
            _memory_rows,
        ),
        Command(
            "chinchilla",
            "compute-optimal size for a budget",
            (
                Field(
                    "compute",
                    "number",
                    "FLOPs, e.g. 5.88e23",
                    group="budget",
                    minimum=1,
                    maximum=1e40,
                ),
                Field(
                    "tokens_per_param",
                    "number",
                    "tokens per parameter (default 20)",
                    default=CHINCHILLA_TOKENS_PER_PARAM,
                    group="budget",
                    minimum=1e-3,
                    maximum=1e6,
                ),
            ),
            _chinchilla_rows,
        ),
        Command(
            "decode",
            "roofline of one decoding step: memory time, compute time, tokens/s",
            (
                _PARAMS,
                PRESET,
                Field(
                    "dtype",
                    "choice",
                    "weight storage type (default bf16)",
                    default="bf16",
                    choices=WEIGHT_DTYPES,
                    group="model",
                ),
                _ACTIVE,
                _ACTIVATIONS,
                _GPU,
                Field(
                    "gpus",
                    "integer",
                    "GPUs sharing the model, tensor parallel (default 1)",
                    default=1,
                    group="hardware",
                    minimum=1,
                    maximum=4096,
                ),
                Field(
                    "mbu",
                    "number",
                    "share of the bandwidth reached (default 1: the bound)",
                    default=1.0,
                    group="hardware",
                ),
                Field(
                    "mfu",
                    "number",
                    "share of the peak FLOP/s reached (default 1: the bound)",
                    default=1.0,
                    group="hardware",
                ),
                *_KV,
            ),
            _decode_rows,
        ),
        Command(
            "gpus",
            "peak figures of the GPUs the calculators know, with their sources",
            (Field("gpu", "choice", "one GPU only", choices=tuple(gpu_names()), group="hardware"),),
            _gpu_rows,
        ),
        Command(
            "finetune",
            "LoRA and QLoRA trainable parameters and memory, next to full fine-tuning",
            (
                DECODER_PRESET,
                *_llama_arch_fields(),
                Field(
                    "rank",
                    "integer",
                    "LoRA rank (default 16)",
                    default=16,
                    group="LoRA",
                    minimum=1,
                    maximum=1e5,
                ),
                Field(
                    "targets",
                    "text",
                    "adapted layers: all-linear, or names separated by commas from "
                    f"{', '.join(LORA_TARGETS)} (default: q_proj,v_proj as peft does)",
                    group="LoRA",
                ),
                Field(
                    "gpu",
                    "choice",
                    "GPU, to show what is left for activations",
                    choices=tuple(gpu_names()),
                    group="hardware",
                ),
            ),
            _finetune_rows,
        ),
        Command(
            "parallel",
            "memory per GPU under ZeRO, tensor and pipeline parallelism, activations included",
            (
                DECODER_PRESET,
                *_llama_arch_fields(),
                Field(
                    "seq_len",
                    "integer",
                    "tokens per sequence (default 4096)",
                    default=4096,
                    group="batch",
                    minimum=1,
                    maximum=1e8,
                ),
                Field(
                    "micro_batch",
                    "integer",
                    "sequences per micro-batch (default 1)",
                    default=1,
                    group="batch",
                    minimum=1,
                    maximum=1e6,
                ),
                Field(
                    "data_parallel",
                    "integer",
                    "data-parallel size d (default 1)",
                    default=1,
                    group="parallelism",
                    minimum=1,
                    maximum=1e6,
                ),
                Field(
                    "tensor_parallel",
                    "integer",
                    "tensor-parallel size t (default 1)",
                    default=1,
                    group="parallelism",
                    minimum=1,
                    maximum=1e6,
                ),
                Field(
                    "pipeline_parallel",
                    "integer",
                    "pipeline-parallel size p (default 1)",
                    default=1,
                    group="parallelism",
                    minimum=1,
                    maximum=1e6,
                ),
                Field(
                    "zero_stage",
                    "choice",
                    "ZeRO stage (default 0)",
                    default="0",
                    choices=tuple(str(stage) for stage in ZERO_STAGES),
                    group="parallelism",
                ),
                Field(
                    "recompute",
                    "choice",
                    "activation recomputation (default none)",
                    default="none",
                    choices=RECOMPUTE_MODES,
                    group="parallelism",
                ),
                Field(
                    "sequence_parallel",
                    "flag",
                    "sequence parallelism (with tensor parallel)",
                    group="parallelism",
                ),
                Field(
                    "gpu",
                    "choice",
                    "GPU, to check the fit",
                    choices=tuple(gpu_names()),
                    group="hardware",
                ),
            ),
            _parallel_rows,
        ),
        Command(
            "serve",
            "serving cost per million tokens, time to first token, API break-even",
            (
                DECODER_PRESET,
                *_llama_arch_fields(),
                _GPU,
                _price("hardware"),
                *_SERVING,
                *_TRAFFIC,
            ),
            _serve_rows,
        ),
        Command(
            "plan",
            "a whole plan: training, memory, serving and API break-even (the calculator page)",
            (
                DECODER_PRESET,
                *_llama_arch_fields(),
                _GPU,
                _price("hardware"),
                _TOKENS,
                Field("mfu", "number", "training MFU (default 0.4)", default=0.4, group="training"),
                Field(
                    "gpus",
                    "integer",
                    "training GPUs (default 1024)",
                    default=1024,
                    group="training",
                    minimum=1,
                    maximum=1e7,
                ),
                *_SERVING,
                *_TRAFFIC,
            ),
            _plan_rows,
        ),
    )
}
"""Every command, by name."""


def run_command(name: str, inputs: Mapping[str, Any]) -> list[Row]:
    """Run a command on named inputs and return its rows.

    Args:
        name: A key of ``COMMANDS``, for example ``"plan"``.
        inputs: Field name to raw value (a string as typed, a number, or ``None`` for
            not given). Fields not in the mapping are not given.

    Returns:
        The result rows, in display order.

    Raises:
        InputError: if an input is missing, malformed or out of range; ``.field`` names it.
        ValueError: if ``name`` is not a command.

    Example:
        >>> rows = run_command("params", {"preset": "llama-3-8b"})
        >>> next(row.text for row in rows if row.key == "total")
        '8,030,261,248'
    """
    command = check.lookup(COMMANDS, name, arg="name", what="command")
    parsed = Inputs(command, inputs)
    rows = command.compute(parsed)
    for row in rows:
        numbers = row.value.values() if isinstance(row.value, dict) else [row.value]
        for number in numbers:
            if isinstance(number, float) and not math.isfinite(number):
                # The fields' limits are meant to make this impossible; name the largest input.
                given = [
                    (abs(parsed.get(f.name)), f.name)
                    for f in command.fields
                    if f.kind in ("number", "integer") and parsed.given(f.name)
                ]
                field_name = max(given)[1] if given else command.fields[0].name
                raise InputError(
                    field_name,
                    f"{row.key} is not a finite number for these inputs: check {field_name}",
                )
    return rows


def as_json(rows: list[Row]) -> dict[str, Any]:
    """The rows as one JSON object, key to value (every number finite: strict JSON)."""
    return {row.key: row.value for row in rows}


def to_json(rows: list[Row]) -> str:
    """The rows as strict JSON text: ``NaN`` or ``Infinity`` raise instead of being written."""
    return json.dumps(as_json(rows), indent=2, allow_nan=False)


def as_table(rows: list[Row]) -> str:
    """The rows as an aligned two-column table."""
    width = max(len(row.label) for row in rows)
    value_width = max(len(row.text) for row in rows)
    return "\n".join(f"{row.label:<{width}}  {row.text:>{value_width}}" for row in rows)
