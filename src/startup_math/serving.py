"""Serving economics: what a replica holds, how fast it serves, what its tokens cost.

A replica is one copy of the model on ``gpus`` GPUs of one kind (tensor parallelism
splits the weights, the KV cache and the work evenly; communication between the GPUs
is not counted). Renting it costs ``gpus * price_per_gpu_hour`` for every hour, busy
or not.

* Prefill (reading the prompt) runs many prompts, or chunks of them, through one
  forward pass, so they share one read of the weights: many FLOPs per byte read, so it
  is compute-bound except for short prompts in small batches. The pass prices input
  tokens; one prompt alone on an idle replica gives the shortest time to first token.
* Decode (generating) runs one step per output token for a whole batch of sequences:
  a roofline (``startup_math.decode``), memory-bound at small batches. Speculative
  decoding gains several tokens per step (``decode.speculative_step``).
* Utilization is the share of the paid hours a replica spends serving. Traffic is
  uneven and a fleet is sized for its peaks, so the average is well below 1; every
  self-hosted cost per token is divided by it.

With ``mfu`` and ``mbu`` at 1 every time is a lower bound and every throughput an upper
bound for the setup (``startup_math.measured`` holds published measurements against
them). Costs per token are lower bounds too: queueing, failed requests, idle replicas
kept for latency and engineering time come on top.

The prices of replica time (``cost_per_million_tokens``) and the comparison with an API
(``break_even``) are in ``startup_math.self_hosting``, and importable from here too.
"""

from collections.abc import Callable
from dataclasses import dataclass

from startup_math._validate import fraction, non_negative_number, positive_int, positive_number
from startup_math.compute import model_flops_per_token
from startup_math.decode import (
    DecodeStep,
    Roofline,
    check_fits,
    decode_step,
    roofline,
    speculative_step,
)
from startup_math.hardware import GPU, compute_dtype, get_gpu
from startup_math.memory import dtype_bytes
from startup_math.self_hosting import (  # noqa: F401 (some only re-exported)
    DAYS_PER_MONTH,
    HOURS_PER_MONTH,
    SECONDS_PER_HOUR,
    TOKENS_PER_MILLION,
    BreakEven,
    break_even,
    cost_per_million_tokens,
    replicas_needed,
)


@dataclass(frozen=True)
class ServingEstimate:
    """What one replica holds, how fast it serves and what its tokens cost.

    Attributes:
        gpus: GPUs in the replica.
        batch_size: Sequences decoded together.
        prompt_tokens: Tokens in each prompt.
        output_tokens: Tokens generated for each request.
        context_tokens: Average tokens a sequence holds while it is decoded,
            prompt_tokens + output_tokens / 2.
        weight_bytes: Bytes of weights, all GPUs together.
        kv_bytes_per_sequence: KV cache bytes of a sequence at ``context_tokens``.
        memory_bytes: Memory of the replica's GPUs together.
        max_batch_size: The most sequences whose KV cache fits next to the weights.
        prefill: Roofline of one prefill pass over ``prefill_batch`` prompts; it prices
            input tokens.
        first_token: Roofline of prefilling one prompt alone; ``.seconds`` is the
            shortest time to first token, on an idle replica before any queueing.
        decode: Roofline of one decoding step of the batch.
        price_per_gpu_hour: Rental price of one GPU-hour.
        utilization: Share of the paid time spent serving.
        prefill_batch: Prompts prefilled together in one pass.
        compute_dtype: Tensor format the matrix multiplications run in, whose peak
            applies (``hardware.compute_dtype``).
    """

    gpus: int
    batch_size: int
    prompt_tokens: int
    output_tokens: int
    context_tokens: float
    weight_bytes: float
    kv_bytes_per_sequence: float
    memory_bytes: float
    max_batch_size: int
    prefill: Roofline
    decode: DecodeStep
    price_per_gpu_hour: float
    utilization: float
    first_token: Roofline
    prefill_batch: int = 1
    compute_dtype: str = "bf16"

    @property
    def time_to_first_token(self) -> float:
        """Seconds to prefill one prompt on an idle replica: the shortest time to first token."""
        return self.first_token.seconds

    @property
    def prefill_seconds_per_token(self) -> float:
        """Replica seconds per prompt token, in a pass of ``prefill_batch`` prompts."""
        return self.prefill.seconds / (self.prompt_tokens * self.prefill_batch)

    @property
    def decode_seconds_per_token(self) -> float:
        """Replica seconds per generated token: a step time over the batch."""
        return self.decode.seconds / self.batch_size

    @property
    def busy_seconds_per_request(self) -> float:
        """Replica seconds one request takes: its prompt and its output tokens."""
        return (
            self.prompt_tokens * self.prefill_seconds_per_token
            + self.output_tokens * self.decode_seconds_per_token
        )

    @property
    def cost_per_million_input_tokens(self) -> float:
        """Cost of a million prompt tokens at the assumed utilization."""
        return cost_per_million_tokens(
            self.prefill_seconds_per_token,
            self.price_per_gpu_hour,
            gpus=self.gpus,
            utilization=self.utilization,
        )

    @property
    def cost_per_million_output_tokens(self) -> float:
        """Cost of a million generated tokens at the assumed utilization."""
        return cost_per_million_tokens(
            self.decode_seconds_per_token,
            self.price_per_gpu_hour,
            gpus=self.gpus,
            utilization=self.utilization,
        )

    @property
    def replica_cost_per_month(self) -> float:
        """Rent of the replica's GPUs for a month, around the clock."""
        return self.price_per_gpu_hour * self.gpus * HOURS_PER_MONTH

    @property
    def requests_per_month(self) -> float:
        """Requests one replica serves in a month at the assumed utilization."""
        busy = HOURS_PER_MONTH * SECONDS_PER_HOUR * self.utilization
        return busy / self.busy_seconds_per_request


def estimate_serving(
    arch: object,
    gpu: GPU | str,
    *,
    batch_size: int,
    prompt_tokens: int,
    output_tokens: int,
    price_per_gpu_hour: float,
    gpus: int = 1,
    weight_dtype: str = "bf16",
    kv_dtype: str = "bf16",
    activation_dtype: str | None = None,
    mfu: float = 1.0,
    mbu: float = 1.0,
    utilization: float = 1.0,
    prefill_batch: int | None = None,
    prefix_cache_hit: float = 0.0,
    draft_tokens: int = 0,
    acceptance_rate: float = 0.0,
    draft_params: float = 0.0,
    attention: str = "tensor",
) -> ServingEstimate:
    """Estimate one replica of ``arch`` on ``gpus`` GPUs serving requests of a given shape.

    Prefill: a pass over ``prefill_batch`` prompts of P tokens reads the weights once (for
    a mixture of experts, the experts its tokens pick), writes their KV cache, and does P
    forward passes per prompt with attention over (P + 1) / 2 earlier tokens on average
    (the causal mask). A prefix-cache hit rate h skips the first h P tokens of every
    prompt: their KV cache is reused, so only the rest is computed and written. The pass
    prices input tokens (all P of them, as an API bills them); one prompt alone gives the
    time to first token. Decode: ``batch_size`` sequences holding on average P + O / 2
    tokens each; ``startup_math.decode.decode_step`` gives the step time, and with
    ``draft_tokens`` > 0, ``decode.speculative_step`` the speculative one. Attention FLOPs
    follow PaLM's convention (QK^T and AV). The peak is that of the format the matrix
    multiplications run in (``hardware.compute_dtype``).

    Args:
        arch: A decoder from ``startup_math.params``.
        gpu: The GPU model, or its name (``startup_math.hardware.get_gpu``).
        batch_size: Sequences decoded together per replica.
        prompt_tokens: Prompt length P of each request.
        output_tokens: Tokens O generated per request.
        price_per_gpu_hour: Rental price of one GPU-hour (0 for owned hardware).
        gpus: GPUs per replica (tensor parallel: it must split the attention heads);
            memory, bandwidth and FLOP/s add up, communication is not counted.
        weight_dtype: Storage type of the weights, see ``memory.DTYPE_BYTES``.
        kv_dtype: Storage type of the KV cache.
        activation_dtype: Format of the activations; ``None`` for the usual pairing
            (``hardware.DEFAULT_ACTIVATIONS``: fp8 with fp8, bf16 with int4, ...).
        mfu: Fraction of the peak FLOP/s the server reaches, in (0, 1].
        mbu: Fraction of the memory bandwidth it reaches, in (0, 1].
        utilization: Share of the paid hours spent serving, in (0, 1].
        prefill_batch: Prompts prefilled in one pass; ``None`` for ``batch_size``.
        prefix_cache_hit: Share of each prompt found in the prefix cache, in [0, 1).
        draft_tokens: Tokens a draft proposes per step (0: no speculative decoding).
        acceptance_rate: Chance the target accepts a drafted token, in [0, 1].
        draft_params: Parameters of the draft model (or of an MTP module or Medusa
            heads) read and run at every draft token; 0 counts the draft as free.
        attention: ``"tensor"``: the GPUs split every layer's heads, so ``gpus`` must
            divide them; ``"data"``: each GPU runs attention for its own sequences
            (data-parallel attention, with the experts spread by expert parallelism, as
            DeepSeek-V3 is served across nodes), so any number of GPUs works. Memory,
            bandwidth and FLOP/s add up either way; communication is not counted.

    Returns:
        The estimate; its properties give the costs per million tokens, the time to
        first token and the monthly capacity.

    Raises:
        ValueError: if an argument is out of range, the model is an encoder, the request
            is longer than the model's context window, ``gpus`` does not split the heads,
            the GPU has no peak for the formats, or the weights and the KV cache do not
            fit in the replica's memory (the message gives the sizes).

    Example:
        >>> from startup_math import preset
        >>> est = estimate_serving(preset("llama-3-8b"), "H100-SXM", batch_size=32,
        ...     prompt_tokens=1000, output_tokens=500, price_per_gpu_hour=3.0)
        >>> est.decode.bound, round(est.cost_per_million_output_tokens, 3)
        ('memory', 0.166)
    """
    gpu = get_gpu(gpu) if isinstance(gpu, str) else gpu
    if not isinstance(gpu, GPU):
        raise ValueError(f"gpu must be a GPU or a GPU's name, got {type(gpu).__name__}")
    if not getattr(arch, "is_decoder", False):
        raise ValueError(
            "serving estimates need a decoder that generates tokens; this model is an "
            "encoder (it keeps no KV cache)"
        )
    batch = positive_int("batch_size", batch_size)
    prompt = positive_int("prompt_tokens", prompt_tokens)
    output = positive_int("output_tokens", output_tokens)
    if attention == "tensor":
        count = arch.check_tensor_parallel(gpus, "gpus")  # type: ignore[attr-defined]
    elif attention == "data":
        count = positive_int("gpus", gpus)
    else:
        raise ValueError(f"attention must be 'tensor' or 'data', got {attention!r}")
    arch.check_context(prompt + output, "prompt_tokens + output_tokens")  # type: ignore[attr-defined]
    price = non_negative_number("price_per_gpu_hour", price_per_gpu_hour)
    busy = fraction("utilization", utilization)
    fraction("mfu", mfu)
    fraction("mbu", mbu)
    batch_prefill = batch if prefill_batch is None else positive_int("prefill_batch", prefill_batch)
    hit = non_negative_number("prefix_cache_hit", prefix_cache_hit)
    if hit >= 1:
        raise ValueError(f"prefix_cache_hit must be in [0, 1), got {prefix_cache_hit!r}")
    drafted = draft_tokens
    if isinstance(drafted, bool) or not isinstance(drafted, int) or drafted < 0:
        raise ValueError(f"draft_tokens must be a whole number, 0 or more, got {drafted!r}")
    draft_size = non_negative_number("draft_params", draft_params)

    weight_bytes_per = dtype_bytes(weight_dtype)
    weights = arch.parameter_count() * weight_bytes_per  # type: ignore[attr-defined]
    draft_weights = draft_size * weight_bytes_per

    def kv(tokens: float) -> float:
        """Bytes of KV cache one sequence holds at ``tokens`` tokens (windows, states too)."""
        return arch.kv_cache_bytes(tokens, kv_dtype)  # type: ignore[attr-defined]

    memory = gpu.memory_bytes * count
    bandwidth = gpu.bandwidth_bytes_per_s * count
    computes_in = compute_dtype(gpu, weight_dtype, activation_dtype)
    peak = gpu.peak_flops_for(computes_in) * count

    def read(tokens: int) -> float:
        """Bytes of weights a pass over ``tokens`` tokens reads."""
        return min(arch.parameters_read(tokens) * weight_bytes_per, weights)  # type: ignore[attr-defined]

    # Prefill: the uncached part of each prompt is computed and its KV cache written.
    computed = max(1, round(prompt * (1 - hit)))
    cached = prompt - computed

    def prefill_pass(prompts: int) -> Roofline:
        check_fits(weights + draft_weights, prompts * kv(prompt), memory)
        tokens = prompts * computed
        flops = tokens * model_flops_per_token(arch, cached + (computed + 1) / 2)
        # The cache written for the computed tokens, and the cached prefix read.
        moved = read(tokens) + prompts * (kv(prompt) - kv(cached)) + prompts * kv(cached)
        return roofline(moved, flops, bandwidth, peak, mbu=mbu, mfu=mfu)

    first = prefill_pass(1)
    prefill = prefill_pass(batch_prefill)

    # Decode the batch at the average context.
    context = prompt + output / 2
    kv_per_sequence = kv(context)
    per_token = model_flops_per_token(arch, context)
    step = decode_step(
        weights + draft_weights,
        per_token,
        bandwidth,
        peak,
        memory,
        batch_size=batch,
        kv_bytes_per_sequence=kv_per_sequence,
        weight_bytes_read=read(batch),
        mbu=mbu,
        mfu=mfu,
    )
    if drafted > 0:
        positions = batch * (drafted + 1)
        verify = roofline(
            read(positions) + batch * kv_per_sequence,
            positions * per_token,
            bandwidth,
            peak,
            mbu=mbu,
            mfu=mfu,
        )
        draft = None
        if draft_size > 0:
            draft = roofline(
                draft_weights, batch * 2 * draft_size, bandwidth, peak, mbu=mbu, mfu=mfu
            )
        step = speculative_step(
            step, verify, acceptance_rate=acceptance_rate, draft_tokens=drafted, draft=draft
        )
    elif acceptance_rate or draft_size:
        raise ValueError("acceptance_rate and draft_params need draft_tokens of 1 or more")
    return ServingEstimate(
        gpus=count,
        batch_size=batch,
        prompt_tokens=prompt,
        output_tokens=output,
        context_tokens=context,
        weight_bytes=weights,
        kv_bytes_per_sequence=kv_per_sequence,
        memory_bytes=memory,
        max_batch_size=int((memory - weights - draft_weights) // kv_per_sequence),
        prefill=prefill,
        decode=step,
        price_per_gpu_hour=price,
        utilization=busy,
        first_token=first,
        prefill_batch=batch_prefill,
        compute_dtype=computes_in,
    )


def largest_batch_within(
    estimate: Callable[[int], ServingEstimate], time_per_output_token: float, limit: int
) -> ServingEstimate | None:
    """Return the estimate at the largest batch whose time per output token meets a target.

    Each sequence waits one decoding step per token it gains, so its time per output token
    is the step time over the tokens a step yields (``DecodeStep.tokens_per_step``); it
    grows with the batch, because a larger batch reads more KV cache and does more work
    per step. The search is a bisection over 1 to ``limit``. Time to first token and
    queueing are not part of the target: a server that meets it for every sequence
    decoding still makes new requests wait when it is full (no queueing model here).

    Args:
        estimate: The estimate at a given batch, for example
            ``lambda b: estimate_serving(arch, gpu, batch_size=b, ...)``.
        time_per_output_token: The target, seconds per token per sequence (0.05 for 20
            tokens per second).
        limit: The largest batch to consider (``max_batch_size``: what fits).

    Returns:
        The estimate at the largest batch meeting the target, or ``None`` if batch 1
        does not meet it.

    Raises:
        ValueError: if the target or the limit is not positive.

    Example:
        >>> from startup_math import preset
        >>> def at(batch):
        ...     return estimate_serving(preset("llama-3-8b"), "H100-SXM", batch_size=batch,
        ...         prompt_tokens=1000, output_tokens=500, price_per_gpu_hour=3.0)
        >>> largest_batch_within(at, 0.02, at(1).max_batch_size).batch_size  # 50 tokens/s each
        310
    """
    target = positive_number("time_per_output_token", time_per_output_token)
    top = positive_int("limit", limit)

    def meets(est: ServingEstimate) -> bool:
        return est.decode.seconds / est.decode.tokens_per_step <= target

    first = estimate(1)
    if not meets(first):
        return None
    low, high, best = 1, top, first
    while low < high:
        middle = (low + high + 1) // 2
        candidate = estimate(middle)
        if meets(candidate):
            low, best = middle, candidate
        else:
            high = middle - 1
    return best
