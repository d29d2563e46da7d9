"""How fast a model generates: the roofline of one decoding step.

Generating one token for each of B sequences takes one forward pass that reads the
weights and every sequence's KV cache from memory and does about B (2 N + attention)
FLOPs. Whichever takes longer sets the pace (the roofline model, Williams, Waterman and
Patterson 2009, "Roofline: an insightful visual performance model for multicore
architectures", Communications of the ACM 52(4)):

    step time = max(bytes read / (BW * mbu), FLOPs / (peak * mfu))

with BW the memory bandwidth, peak the dense tensor throughput, and mbu and mfu the
fractions of each that the serving software reaches (1.0 gives the bound itself). At
small batches the bytes dominate (the step is memory-bound and tokens/s grows almost in
proportion to B); at large batches the FLOPs do (compute-bound: tokens/s stops growing).
The result says which bound binds.

Everything a step needs must also be in memory: weights plus the KV cache of the whole
batch. A batch that does not fit is an error with the numbers, never a throughput.
Activations, the serving framework's buffers and fragmentation are not counted, nor are
kernel launches, scheduling and communication between GPUs.
"""

from dataclasses import dataclass

from startup_math._validate import fraction, non_negative_number, positive_int, positive_number


@dataclass(frozen=True)
class Roofline:
    """The time one step takes under each of the two limits.

    Attributes:
        memory_seconds: Bytes moved divided by the bandwidth reached.
        compute_seconds: FLOPs divided by the throughput reached.
    """

    memory_seconds: float
    compute_seconds: float

    @property
    def seconds(self) -> float:
        """The step time: the larger of the two."""
        return max(self.memory_seconds, self.compute_seconds)

    @property
    def bound(self) -> str:
        """``"memory"`` or ``"compute"``: which limit sets the step time."""
        return "memory" if self.memory_seconds >= self.compute_seconds else "compute"


def roofline(
    bytes_moved: float,
    flops: float,
    bandwidth_bytes_per_s: float,
    peak_flops: float,
    *,
    mbu: float = 1.0,
    mfu: float = 1.0,
) -> Roofline:
    """Return the memory time and the compute time of one step.

    Args:
        bytes_moved: Bytes read from (or written to) memory in the step.
        flops: Floating-point operations in the step.
        bandwidth_bytes_per_s: Peak memory bandwidth in bytes per second.
        peak_flops: Peak dense throughput in FLOP/s.
        mbu: Model bandwidth utilization, the fraction of the bandwidth reached, in (0, 1].
        mfu: Model FLOPs utilization, the fraction of the peak reached, in (0, 1].

    Returns:
        The two times; ``.seconds`` is the step time and ``.bound`` names the limit.

    Raises:
        ValueError: if ``bytes_moved`` or ``flops`` is negative or not a finite number, the
            bandwidth or the peak is not greater than zero, or ``mbu`` or ``mfu`` is
            outside (0, 1].

    Example:
        >>> step = roofline(14e9, 28e9, 3.35e12, 989e12)  # a 7B model, one token, H100
        >>> round(step.seconds * 1e3, 2), step.bound
        (4.18, 'memory')
    """
    moved = non_negative_number("bytes_moved", bytes_moved)
    work = non_negative_number("flops", flops)
    bandwidth = positive_number("bandwidth_bytes_per_s", bandwidth_bytes_per_s)
    peak = positive_number("peak_flops", peak_flops)
    bandwidth_share = fraction("mbu", mbu)
    compute_share = fraction("mfu", mfu)
    return Roofline(
        memory_seconds=moved / (bandwidth * bandwidth_share),
        compute_seconds=work / (peak * compute_share),
    )


@dataclass(frozen=True)
class DecodeStep:
    """One decoding step of a batch: what it reads, computes and yields.

    Attributes:
        batch_size: Sequences decoded together, one new token each.
        memory_used_bytes: Weights plus the batch's KV cache, what must fit in memory.
        bytes_read: Bytes the step reads: the weights it uses and the batch's KV cache.
        flops: FLOPs of the step, all sequences together.
        memory_seconds: Time to read ``bytes_read`` at the bandwidth reached.
        compute_seconds: Time for ``flops`` at the throughput reached.
        tokens_per_step: Tokens each sequence gains per step on average: 1 without
            speculative decoding (see ``speculative_step``).
        draft_seconds: Time the draft model takes per step (0 without speculation).
    """

    batch_size: int
    memory_used_bytes: float
    bytes_read: float
    flops: float
    memory_seconds: float
    compute_seconds: float
    tokens_per_step: float = 1.0
    draft_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        """Step time: the larger of the memory and the compute time, plus the draft's."""
        return max(self.memory_seconds, self.compute_seconds) + self.draft_seconds

    @property
    def bound(self) -> str:
        """``"memory"`` or ``"compute"``: which limit sets the step time."""
        return "memory" if self.memory_seconds >= self.compute_seconds else "compute"

    @property
    def tokens_per_second(self) -> float:
        """Tokens generated per second, all sequences together."""
        return self.batch_size * self.tokens_per_step / self.seconds

    @property
    def tokens_per_second_per_sequence(self) -> float:
        """The speed one sequence sees: ``tokens_per_step`` tokens per step."""
        return self.tokens_per_step / self.seconds


def check_fits(weight_bytes: float, kv_cache_bytes: float, memory_bytes: float) -> float:
    """Return weights plus KV cache in bytes, or raise if they exceed the memory.

    Args:
        weight_bytes: Bytes of weights held in memory.
        kv_cache_bytes: Bytes of KV cache of all the sequences held.
        memory_bytes: Memory available, all GPUs of the replica together.

    Returns:
        ``weight_bytes + kv_cache_bytes``.

    Raises:
        ValueError: if an argument is not a valid number, or the weights or the sum exceed
            ``memory_bytes``; the message gives the sizes in GB.

    Example:
        >>> check_fits(16.06e9, 68.72e9, 80e9)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: weights (16.06 GB) + KV cache (68.72 GB) = 84.78 GB do not fit in 80.00 GB ...
    """
    weights = positive_number("weight_bytes", weight_bytes)
    cache = non_negative_number("kv_cache_bytes", kv_cache_bytes)
    memory = positive_number("memory_bytes", memory_bytes)
    used = weights + cache
    if weights > memory:
        raise ValueError(
            f"the weights alone ({weights / 1e9:,.2f} GB) do not fit in {memory / 1e9:,.2f} GB of "
            "GPU memory: quantize them, or shard the model over more GPUs"
        )
    if used > memory:
        raise ValueError(
            f"weights ({weights / 1e9:,.2f} GB) + KV cache ({cache / 1e9:,.2f} GB) = "
            f"{used / 1e9:,.2f} GB do not fit in {memory / 1e9:,.2f} GB of GPU memory: "
            "use a smaller batch or context, quantize, or shard the model over more GPUs"
        )
    return used


def decode_step(
    weight_bytes: float,
    flops_per_token: float,
    bandwidth_bytes_per_s: float,
    peak_flops: float,
    memory_bytes: float,
    *,
    batch_size: int = 1,
    kv_bytes_per_sequence: float = 0.0,
    weight_bytes_read: float | None = None,
    mbu: float = 1.0,
    mfu: float = 1.0,
) -> DecodeStep:
    """Return the roofline of one decoding step of ``batch_size`` sequences.

    The step reads W_read + B K bytes and does B F FLOPs; it takes
    max((W_read + B K) / (BW mbu), B F / (peak mfu)) seconds and yields B tokens.

    Args:
        weight_bytes: Bytes of weights held in memory W (``memory.weights_bytes``).
        flops_per_token: Forward FLOPs per generated token F, attention over the
            current context included (``compute.model_flops_per_token``).
        bandwidth_bytes_per_s: Memory bandwidth BW (``GPU.bandwidth_bytes_per_s``).
        peak_flops: Dense peak throughput in FLOP/s (``GPU.peak_flops``).
        memory_bytes: Memory available for weights and KV cache (``GPU.memory_bytes``).
        batch_size: Sequences decoded together B.
        kv_bytes_per_sequence: KV cache bytes K of one sequence at its current length.
        weight_bytes_read: Bytes of weights the step reads, if fewer than
            ``weight_bytes`` (a mixture-of-experts model at a small batch reads only the
            experts its tokens chose; see ``parameters_read`` in ``startup_math.params``).
        mbu: Fraction of the bandwidth the serving software reaches, in (0, 1].
        mfu: Fraction of the peak throughput it reaches, in (0, 1].

    Returns:
        The step: ``.seconds``, ``.bound``, ``.tokens_per_second`` and the parts.

    Raises:
        ValueError: if an argument is out of range, or the weights and the batch's KV
            cache do not fit in ``memory_bytes`` (the message gives the sizes).

    Example:
        >>> step = decode_step(14e9, 14e9, 3.35e12, 989e12, 80e9, batch_size=1000)
        >>> step.bound, round(step.tokens_per_second)  # 2N FLOPs a token caps it
        ('compute', 70643)
    """
    weights = positive_number("weight_bytes", weight_bytes)
    per_token = positive_number("flops_per_token", flops_per_token)
    batch = positive_int("batch_size", batch_size)
    kv = non_negative_number("kv_bytes_per_sequence", kv_bytes_per_sequence)
    read = weights
    if weight_bytes_read is not None:
        read = positive_number("weight_bytes_read", weight_bytes_read)
        if read > weights:
            raise ValueError(
                f"weight_bytes_read ({read:,.0f}) cannot exceed weight_bytes ({weights:,.0f})"
            )
    used = check_fits(weights, batch * kv, memory_bytes)
    times = roofline(
        read + batch * kv, batch * per_token, bandwidth_bytes_per_s, peak_flops, mbu=mbu, mfu=mfu
    )
    return DecodeStep(
        batch_size=batch,
        memory_used_bytes=used,
        bytes_read=read + batch * kv,
        flops=batch * per_token,
        memory_seconds=times.memory_seconds,
        compute_seconds=times.compute_seconds,
    )


def expected_tokens_per_step(acceptance_rate: float, draft_tokens: int) -> float:
    """Return the tokens a sequence gains per step of speculative decoding, on average.

    A draft proposes ``draft_tokens`` = gamma tokens; the target model checks them in one
    pass and keeps each with probability alpha (independently, the assumption of Leviathan,
    Kalman and Matias 2023, "Fast Inference from Transformers via Speculative Decoding",
    arXiv:2211.17192, equation 1), up to the first rejection, and always adds one token of
    its own:

        E = (1 - alpha^(gamma + 1)) / (1 - alpha),   gamma + 1 when alpha = 1.

    Args:
        acceptance_rate: alpha, the chance the target accepts a drafted token, in [0, 1].
        draft_tokens: gamma, tokens drafted per step, 0 or more.

    Returns:
        Expected tokens per step, from 1 to gamma + 1.

    Raises:
        ValueError: if an argument is out of range.

    Example:
        >>> round(expected_tokens_per_step(0.8, 4), 3)  # 1 + .8 + .64 + .512 + .4096
        3.362
    """
    alpha = non_negative_number("acceptance_rate", acceptance_rate)
    if alpha > 1:
        raise ValueError(f"acceptance_rate must be in [0, 1], got {acceptance_rate!r}")
    gamma = draft_tokens
    if isinstance(gamma, bool) or not isinstance(gamma, int) or gamma < 0:
        raise ValueError(f"draft_tokens must be a whole number, 0 or more, got {gamma!r}")
    if alpha == 1:
        return float(gamma + 1)
    return (1 - alpha ** (gamma + 1)) / (1 - alpha)


def speculative_step(
    target: DecodeStep,
    verify: Roofline,
    *,
    acceptance_rate: float,
    draft_tokens: int,
    draft: Roofline | None = None,
) -> DecodeStep:
    """Return a decoding step with speculative decoding: draft, then verify in one pass.

    Each step the draft runs ``draft_tokens`` (gamma) times, one token each, and the
    target reads its weights and the batch's KV cache once to score gamma + 1 positions
    of every sequence (``verify``: gamma + 1 times the FLOPs of a plain step, the weights
    of the experts those tokens pick). A sequence gains
    ``expected_tokens_per_step(acceptance_rate, draft_tokens)`` tokens per step. With
    the draft's time included, the step is slower than a plain one, so speculation pays
    where steps are memory-bound (small batches) and can lose where they are
    compute-bound. A multi-token-prediction (MTP) module or Medusa heads are a small
    draft; ``draft=None`` counts the draft as free.

    Args:
        target: The plain step (``decode_step``), for the batch and the memory held.
        verify: Roofline of the verifying pass.
        acceptance_rate: Chance a drafted token is accepted, in [0, 1].
        draft_tokens: Tokens drafted per step, at least 1.
        draft: Roofline of one draft step, or ``None``.

    Returns:
        The step, with ``tokens_per_step`` and ``draft_seconds`` set.

    Raises:
        ValueError: if an argument is out of range.
    """
    if isinstance(draft_tokens, bool) or not isinstance(draft_tokens, int) or draft_tokens < 1:
        raise ValueError(f"draft_tokens must be a whole number, at least 1, got {draft_tokens!r}")
    gain = expected_tokens_per_step(acceptance_rate, draft_tokens)
    return DecodeStep(
        batch_size=target.batch_size,
        memory_used_bytes=target.memory_used_bytes,
        bytes_read=target.bytes_read,
        flops=target.flops * (draft_tokens + 1),
        memory_seconds=verify.memory_seconds,
        compute_seconds=verify.compute_seconds,
        tokens_per_step=gain,
        draft_seconds=0.0 if draft is None else draft_tokens * draft.seconds,
    )
