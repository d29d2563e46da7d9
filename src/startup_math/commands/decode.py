"""`decode`: the roofline of one decoding step."""

from startup_math import _validate as check
from startup_math.commands._core import (
    Command,
    Field,
    Inputs,
    Row,
    _Blame,
    _count,
    _fixed,
    _gb,
    _row,
    _sci,
)
from startup_math.commands._model import (
    _ACTIVATIONS,
    _ACTIVE,
    _GPU,
    _KV,
    _PARAMS,
    PRESET,
    WEIGHT_DTYPES,
    _decoder,
    _gpu,
    _kv_bytes,
    _kv_bytes_per_token,
    _kv_rows,
    _n_active,
    _n_params,
)
from startup_math.compute import model_flops_per_token
from startup_math.decode import check_fits, decode_step
from startup_math.hardware import compute_dtype
from startup_math.memory import DTYPE_BYTES, weights_bytes
from startup_math.params.presets import PRESETS


def _decode_rows(inputs: Inputs) -> list[Row]:
    n_params = _n_params(inputs)
    n_active = _n_active(inputs, n_params)
    arch = PRESETS[inputs.get("preset")] if inputs.given("preset") else None
    if arch is not None:
        _decoder(inputs, arch, "decode")
    gpu = _gpu(inputs)
    dtype = inputs.get("dtype")
    batch = inputs.get("batch")
    gpus = inputs.get("gpus")
    if arch is not None:
        with _Blame("gpus"):
            arch.check_tensor_parallel(gpus, "gpus")
        if inputs.given("seq_len"):
            with _Blame("seq_len"):
                arch.check_context(inputs.get("seq_len"), "seq_len")
    mbu = inputs.get("mbu")
    mfu = inputs.get("mfu")
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
    kv_per_sequence = _kv_bytes(inputs, context)
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


COMMAND = Command(
    "decode",
    "roofline of one decoding step: memory time, compute time, tokens/s",
    (
        _PARAMS,
        PRESET,
        Field(
            "dtype",
            "choice",
            "weight storage type",
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
            "GPUs sharing the model, tensor parallel",
            default=1,
            group="hardware",
            minimum=1,
            maximum=4096,
        ),
        Field(
            "mbu",
            "number",
            "share of the bandwidth reached (1: the bound)",
            default=1.0,
            group="hardware",
            validator=check.fraction,
        ),
        Field(
            "mfu",
            "number",
            "share of the peak FLOP/s reached (1: the bound)",
            default=1.0,
            group="hardware",
            validator=check.fraction,
        ),
        *_KV,
    ),
    _decode_rows,
)
