"""Serving economics: cost per million tokens, time to first token, API versus self-hosting.

A replica is one copy of the model on ``gpus`` GPUs of one kind (tensor parallelism
splits the weights, the KV cache and the work evenly; communication between the GPUs
is not counted). Renting it costs ``gpus * price_per_gpu_hour`` for every hour, busy
or not.

* Prefill (reading the prompt) processes all prompt tokens in one pass: many FLOPs per
  byte read, so it is compute-bound except for short prompts. Its time per prompt token
  prices input tokens, and the time for one prompt is the time to first token (before
  any queueing).
* Decode (generating) runs one step per output token for a whole batch of sequences:
  a roofline (``startup_math.decode``), memory-bound at small batches.
* Utilization is the share of the paid hours a replica spends serving. Traffic is
  uneven and a fleet is sized for its peaks, so the average is well below 1; every
  self-hosted cost per token is divided by it.

Costs per token are therefore lower bounds for the assumed efficiencies (``mfu``,
``mbu``): queueing, failed requests, idle replicas kept for latency and engineering
time come on top.
"""

import math
from dataclasses import dataclass

from startup_math._validate import fraction, non_negative_number, positive_int, positive_number
from startup_math.compute import model_flops_per_token
from startup_math.decode import DecodeStep, Roofline, check_fits, decode_step, roofline
from startup_math.hardware import GPU
from startup_math.memory import dtype_bytes

SECONDS_PER_HOUR = 3600
HOURS_PER_MONTH = 730.0
"""24 x 365 / 12: a replica running around the clock for one month."""
DAYS_PER_MONTH = 365 / 12
TOKENS_PER_MILLION = 1e6


def cost_per_million_tokens(
    seconds_per_token: float, price_per_gpu_hour: float, *, gpus: int = 1, utilization: float = 1.0
) -> float:
    """Return what a million tokens cost on rented GPUs.

    cost = price x gpus x seconds per token x 10^6 / 3600 / utilization.

    Args:
        seconds_per_token: Replica time per token, all of the replica's GPUs together.
        price_per_gpu_hour: Price of one GPU-hour, in any currency (0 for owned hardware).
        gpus: GPUs in the replica.
        utilization: Share of the paid time spent serving, in (0, 1].

    Returns:
        Cost of 10^6 tokens in the currency of the price.

    Raises:
        ValueError: if an argument is out of range.

    Example:
        >>> round(cost_per_million_tokens(1e-3, 3.0), 4)  # 1,000 tokens/s at $3 an hour
        0.8333
    """
    seconds = positive_number("seconds_per_token", seconds_per_token)
    price = non_negative_number("price_per_gpu_hour", price_per_gpu_hour)
    count = positive_int("gpus", gpus)
    busy = fraction("utilization", utilization)
    return price * count * seconds * TOKENS_PER_MILLION / SECONDS_PER_HOUR / busy


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
        prefill: Roofline of prefilling one prompt alone; ``.seconds`` is the time to
            first token before any queueing.
        decode: Roofline of one decoding step of the batch.
        price_per_gpu_hour: Rental price of one GPU-hour.
        utilization: Share of the paid time spent serving.
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

    @property
    def time_to_first_token(self) -> float:
        """Seconds to prefill one prompt on an idle replica."""
        return self.prefill.seconds

    @property
    def prefill_seconds_per_token(self) -> float:
        """Replica seconds per prompt token."""
        return self.prefill.seconds / self.prompt_tokens

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
    gpu: GPU,
    *,
    batch_size: int,
    prompt_tokens: int,
    output_tokens: int,
    price_per_gpu_hour: float,
    gpus: int = 1,
    weight_dtype: str = "bf16",
    kv_dtype: str = "bf16",
    mfu: float = 1.0,
    mbu: float = 1.0,
    utilization: float = 1.0,
) -> ServingEstimate:
    """Estimate one replica of ``arch`` on ``gpus`` GPUs serving requests of a given shape.

    Prefill: one prompt of P tokens reads the weights once and writes P tokens of KV
    cache, and does P forward passes with attention over (P + 1) / 2 earlier tokens on
    average (the causal mask); its roofline gives the time to first token and, divided by
    P, the time per input token. Decode: ``batch_size`` sequences holding on average
    P + O / 2 tokens each; ``startup_math.decode.decode_step`` gives the step time.
    Attention FLOPs follow PaLM's convention (QK^T and AV). A mixture-of-experts model
    holds all its weights but a step reads only the experts its tokens chose
    (``parameters_read``).

    Args:
        arch: An architecture from ``startup_math.params`` (a decoder).
        gpu: The GPU model (``startup_math.hardware.get_gpu``).
        batch_size: Sequences decoded together per replica.
        prompt_tokens: Prompt length P of each request.
        output_tokens: Tokens O generated per request.
        price_per_gpu_hour: Rental price of one GPU-hour (0 for owned hardware).
        gpus: GPUs per replica; memory, bandwidth and FLOP/s add up, communication is
            not counted.
        weight_dtype: Storage type of the weights, see ``memory.DTYPE_BYTES``. With
            ``"fp8"`` on a GPU that has FP8 tensor cores the FP8 peak applies; every other
            format (int8 and int4 weight-only quantization included) computes at the BF16
            peak.
        kv_dtype: Storage type of the KV cache.
        mfu: Fraction of the peak FLOP/s the server reaches, in (0, 1].
        mbu: Fraction of the memory bandwidth it reaches, in (0, 1].
        utilization: Share of the paid hours spent serving, in (0, 1].

    Returns:
        The estimate; its properties give the costs per million tokens, the time to
        first token and the monthly capacity.

    Raises:
        ValueError: if an argument is out of range, the model has no KV cache (an
            encoder), or the weights and the batch's KV cache do not fit in the replica's
            memory (the message gives the sizes).

    Example:
        >>> from startup_math.hardware import get_gpu
        >>> from startup_math.params import preset
        >>> est = estimate_serving(preset("llama-3-8b"), get_gpu("H100-SXM"), batch_size=32,
        ...     prompt_tokens=1000, output_tokens=500, price_per_gpu_hour=3.0)
        >>> est.decode.bound, round(est.cost_per_million_output_tokens, 3)
        ('memory', 0.166)
    """
    batch = positive_int("batch_size", batch_size)
    prompt = positive_int("prompt_tokens", prompt_tokens)
    output = positive_int("output_tokens", output_tokens)
    count = positive_int("gpus", gpus)
    price = non_negative_number("price_per_gpu_hour", price_per_gpu_hour)
    busy = fraction("utilization", utilization)
    fraction("mfu", mfu)
    fraction("mbu", mbu)

    weights = arch.parameter_count() * dtype_bytes(weight_dtype)  # type: ignore[attr-defined]
    kv_per_token = arch.kv_cache_bytes_per_token(kv_dtype)  # type: ignore[attr-defined]
    memory = gpu.memory_bytes * count
    bandwidth = gpu.bandwidth_bytes_per_s * count
    # FP8 weights run FP8 tensor cores where the GPU has them; other formats compute in BF16.
    fp8 = weight_dtype.lower() == "fp8" and gpu.fp8_tflops is not None
    peak = (gpu.peak_flops_for("fp8") if fp8 else gpu.peak_flops) * count

    # Prefill one prompt: weights read once, P tokens of cache written.
    check_fits(weights, prompt * kv_per_token, memory)
    prefill_flops = prompt * model_flops_per_token(arch, (prompt + 1) / 2)
    prefill = roofline(
        weights + prompt * kv_per_token, prefill_flops, bandwidth, peak, mbu=mbu, mfu=mfu
    )

    # Decode the batch at the average context.
    context = prompt + output / 2
    kv_per_sequence = kv_per_token * context
    read = arch.parameters_read(batch) * dtype_bytes(weight_dtype)  # type: ignore[attr-defined]
    step = decode_step(
        weights,
        model_flops_per_token(arch, context),
        bandwidth,
        peak,
        memory,
        batch_size=batch,
        kv_bytes_per_sequence=kv_per_sequence,
        weight_bytes_read=min(read, weights),
        mbu=mbu,
        mfu=mfu,
    )
    return ServingEstimate(
        gpus=count,
        batch_size=batch,
        prompt_tokens=prompt,
        output_tokens=output,
        context_tokens=context,
        weight_bytes=weights,
        kv_bytes_per_sequence=kv_per_sequence,
        memory_bytes=memory,
        max_batch_size=int((memory - weights) // kv_per_sequence),
        prefill=prefill,
        decode=step,
        price_per_gpu_hour=price,
        utilization=busy,
    )


@dataclass(frozen=True)
class BreakEven:
    """Self-hosting against paying an API per token, for requests of one shape.

    Attributes:
        api_cost_per_request: What one request costs at the API's prices.
        self_cost_per_request: What it costs on the replica at the assumed utilization.
        break_even_utilization: The utilization above which self-hosting costs less per
            request; above 1 means never, even with the replica always busy.
        break_even_requests_per_month: The monthly requests at which one replica's rent
            equals the API bill; ``None`` when self-hosting costs more per request at the
            assumed utilization, so that no volume makes it cheaper.
        requests_per_month: Monthly traffic assumed, if given.
        replicas: Replicas that traffic needs at the assumed utilization (at least 1).
        self_cost_per_month: Their monthly rent.
        api_cost_per_month: The API bill for that traffic.
    """

    api_cost_per_request: float
    self_cost_per_request: float
    break_even_utilization: float
    break_even_requests_per_month: float | None
    requests_per_month: float | None = None
    replicas: int | None = None
    self_cost_per_month: float | None = None
    api_cost_per_month: float | None = None


def break_even(
    estimate: ServingEstimate,
    *,
    api_price_per_million_input: float,
    api_price_per_million_output: float,
    requests_per_month: float | None = None,
) -> BreakEven:
    """Compare a self-hosted replica with an API that charges per token.

    One request takes s replica-seconds (``estimate.busy_seconds_per_request``) and
    costs a = P p_in + O p_out at the API. A replica rented for a month costs C and,
    at utilization u, serves u x 730 x 3600 / s requests, so self-hosting costs less
    per request once u exceeds u* = C s / (730 x 3600 x a). Above u*, one replica's
    rent equals the API bill at C / a requests a month: the break-even volume. More
    traffic needs more replicas, each cheaper per request than the API.

    Args:
        estimate: A replica, from ``estimate_serving``.
        api_price_per_million_input: The API's price per million prompt tokens.
        api_price_per_million_output: Its price per million generated tokens.
        requests_per_month: Traffic to price both ways, optional.

    Returns:
        The comparison.

    Raises:
        ValueError: if a price is negative or both are zero, or ``requests_per_month``
            is not greater than zero.
    """
    price_in = non_negative_number("api_price_per_million_input", api_price_per_million_input)
    price_out = non_negative_number("api_price_per_million_output", api_price_per_million_output)
    api = (
        estimate.prompt_tokens * price_in + estimate.output_tokens * price_out
    ) / TOKENS_PER_MILLION
    if api == 0:
        raise ValueError("the API prices cannot both be zero: nothing to break even with")
    rent = estimate.replica_cost_per_month
    capacity = estimate.requests_per_month
    own = rent / capacity
    threshold = estimate.utilization * own / api
    volume = rent / api if own <= api else None
    if requests_per_month is None:
        return BreakEven(api, own, threshold, volume)
    traffic = positive_number("requests_per_month", requests_per_month)
    replicas = max(1, math.ceil(traffic / capacity))
    return BreakEven(
        api,
        own,
        threshold,
        volume,
        requests_per_month=traffic,
        replicas=replicas,
        self_cost_per_month=replicas * rent,
        api_cost_per_month=traffic * api,
    )
