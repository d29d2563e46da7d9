"""What `serve` and `plan` share: the serving inputs, the estimate and its rows."""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from startup_math import _validate as check
from startup_math.commands._charts import serving_charts
from startup_math.commands._core import (
    Field,
    InputError,
    Inputs,
    Row,
    _Blame,
    _count,
    _fixed,
    _gb,
    _row,
)
from startup_math.commands._model import (
    _ACTIVATIONS,
    STORAGE_DTYPES,
    WEIGHT_DTYPES,
    _architecture,
    _decoder,
    _gpu,
)
from startup_math.decode import check_fits
from startup_math.hardware import compute_dtype
from startup_math.measured import fractions
from startup_math.memory import DTYPE_BYTES
from startup_math.self_hosting import DAYS_PER_MONTH
from startup_math.serving import estimate_serving, largest_batch_within

DEFAULT_ACCEPTANCE = 0.7
"""Acceptance rate assumed for speculative decoding when none is given: an assumption, to be
replaced by the rate measured with your draft on your traffic."""


_SERVING = (
    Field(
        "gpus_per_replica",
        "integer",
        "GPUs holding one copy of the model, tensor parallel",
        default=1,
        group="serving",
        minimum=1,
        maximum=4096,
    ),
    Field(
        "batch",
        "integer",
        "sequences decoded together",
        default=32,
        group="serving",
        minimum=1,
        maximum=1e7,
    ),
    Field(
        "prompt_tokens",
        "integer",
        "prompt tokens per request",
        default=1000,
        group="serving",
        minimum=1,
        maximum=1e8,
    ),
    Field(
        "output_tokens",
        "integer",
        "output tokens per request",
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
        "share of each prompt found in the prefix cache",
        default=0.0,
        group="serving",
        minimum=0,
        maximum=0.999,
    ),
    Field(
        "weight_dtype",
        "choice",
        "weight storage type",
        default="bf16",
        choices=WEIGHT_DTYPES,
        group="serving",
    ),
    Field(
        "kv_dtype",
        "choice",
        "KV cache storage type",
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
        validator=check.fraction,
    ),
    Field(
        "mbu",
        "number",
        "share of memory bandwidth reached (default: as serving_mfu)",
        group="serving",
        validator=check.fraction,
    ),
    Field(
        "utilization",
        "number",
        "share of paid GPU hours spent serving",
        default=0.5,
        group="serving",
        validator=check.fraction,
    ),
    Field(
        "tpot_ms",
        "number",
        "target time per output token: finds the largest batch that meets it",
        group="serving",
        unit="ms",
        minimum=1e-3,
        maximum=1e5,
    ),
    Field(
        "attention",
        "choice",
        "tensor: the GPUs split the heads (must divide them); data: each GPU attends for its "
        "own sequences, experts spread across GPUs",
        default="tensor",
        choices=("tensor", "data"),
        group="serving",
    ),
    Field(
        "draft_tokens",
        "integer",
        "speculative decoding: tokens drafted per step (0: none)",
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
        "parameters of the draft model or MTP head (0: free)",
        default=0.0,
        group="speculative decoding",
        minimum=0,
        maximum=1e15,
    ),
)


def _serving(inputs: Inputs, arch, gpu):
    """The serving estimate for the serving inputs, errors tied to their fields."""
    _decoder(inputs, arch, "serving")
    batch = inputs.get("batch")
    prompt = inputs.get("prompt_tokens")
    output = inputs.get("output_tokens")
    gpus = inputs.get("gpus_per_replica")
    price = inputs.get("price")
    share = _share_of_bound(inputs, arch)
    busy = inputs.get("utilization")
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
    kv_dtype = inputs.get("kv_dtype")
    with _Blame("prompt_tokens"):
        alone = arch.kv_cache_bytes(prompt + output / 2, kv_dtype)
        check_fits(weights, alone, memory)  # one sequence alone
    if prefill_batch is not None:
        with _Blame("prefill_batch"):
            check_fits(weights, arch.kv_cache_bytes(prompt, kv_dtype) * prefill_batch, memory)

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
        target = inputs.get("tpot_ms") / 1e3
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
    return Serving(
        estimate(1.0, 1.0),
        expected,
        share,
        at_target,
        lambda size: estimate(share.mfu, share.mbu, size),
    )


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
    at_batch: Callable[[int], Any] | None = field(default=None, repr=False)
    """The expected estimate at another batch size, all else equal (for the charts)."""


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
    mfu = inputs.get("serving_mfu") or spread.median
    mbu = inputs.get("mbu") or mfu
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


def _serving_charts(inputs: Inputs) -> dict[str, Any]:
    """The charts of a command with the serving inputs (``serve``, ``plan``)."""
    arch = _architecture(inputs)
    return serving_charts(inputs, _serving(inputs, arch, _gpu(inputs)))
