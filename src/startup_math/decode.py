"""Memory-bandwidth bound on decoding throughput.

Generating one token per sequence takes one forward pass, and at small batch sizes
that pass is limited by memory bandwidth, not arithmetic: every decoding step reads all
the weights once, plus the KV cache of every sequence in the batch. With weights of W
bytes, a batch of B sequences each holding K bytes of KV cache, and a bandwidth of
BW bytes/s, a step takes at least (W + B K) / BW seconds and yields B tokens:

    tokens/s <= B * BW / (W + B * K).

This is an upper bound. It ignores activations, kernel launch and communication
overhead, and the compute limit (about 2 N FLOPs per token, see
``startup_math.compute.inference_flops_per_token``) that takes over at large batches.
Measured decode speed is typically well below it.
"""

from startup_math._validate import non_negative_number, positive_int, positive_number


def decode_step_seconds(
    weight_bytes: float,
    bandwidth_bytes_per_s: float,
    batch_size: int = 1,
    kv_bytes_per_sequence: float = 0.0,
) -> float:
    """Return the least time one decoding step can take, (W + B K) / BW.

    Args:
        weight_bytes: Bytes of weights read per step W (``memory.weights_bytes``).
        bandwidth_bytes_per_s: Memory bandwidth BW in bytes per second
            (``GPU.bandwidth_bytes_per_s``).
        batch_size: Sequences decoded together B.
        kv_bytes_per_sequence: KV cache bytes K of one sequence at its current length
            (``memory.kv_cache_bytes`` with ``batch_size=1``); 0 ignores the cache.

    Returns:
        Seconds per step.

    Raises:
        ValueError: if ``weight_bytes`` or ``bandwidth_bytes_per_s`` is not a finite number
            greater than zero, ``batch_size`` is not a positive integer, or
            ``kv_bytes_per_sequence`` is negative or not a finite number.
    """
    weights = positive_number("weight_bytes", weight_bytes)
    bandwidth = positive_number("bandwidth_bytes_per_s", bandwidth_bytes_per_s)
    batch = positive_int("batch_size", batch_size)
    kv = non_negative_number("kv_bytes_per_sequence", kv_bytes_per_sequence)
    return (weights + batch * kv) / bandwidth


def decode_tokens_per_second(
    weight_bytes: float,
    bandwidth_bytes_per_s: float,
    batch_size: int = 1,
    kv_bytes_per_sequence: float = 0.0,
) -> float:
    """Return the bandwidth bound on decode throughput, summed over the batch.

    tokens/s <= B * BW / (W + B * K); divide by ``batch_size`` for the speed each
    sequence sees.

    Args:
        weight_bytes: Bytes of weights read per step W.
        bandwidth_bytes_per_s: Memory bandwidth BW in bytes per second.
        batch_size: Sequences decoded together B.
        kv_bytes_per_sequence: KV cache bytes K of one sequence; 0 ignores the cache.

    Returns:
        Tokens per second, all sequences together.

    Raises:
        ValueError: as ``decode_step_seconds``.

    Example:
        >>> round(decode_tokens_per_second(14e9, 3.35e12), 1)  # 7B in bf16 on an H100 SXM
        239.3
    """
    step = decode_step_seconds(
        weight_bytes, bandwidth_bytes_per_s, batch_size, kv_bytes_per_sequence
    )
    return batch_size / step
