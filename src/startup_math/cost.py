"""Training time and money.

A run that needs C FLOPs on GPUs with peak throughput P FLOP/s each, running at model
FLOPs utilization (MFU) u, takes C / (P u) GPU-seconds. MFU is the fraction of the peak
spent on the model's own arithmetic, rematerialization not counted (Chowdhery et al.
2022, "PaLM: Scaling Language Modeling with Pathways", arXiv:2204.02311, which reports
46.2% for PaLM 540B). The Llama 2 figures imply about 39% (see the tests).
"""

from startup_math._validate import fraction, non_negative_number, positive_number

SECONDS_PER_HOUR = 3600
HOURS_PER_DAY = 24


def gpu_hours(flops: float, peak_flops: float, mfu: float) -> float:
    """Return the GPU-hours needed to perform ``flops`` at a given utilization.

    Args:
        flops: Total compute in FLOPs, for example from ``training_flops``.
        peak_flops: Peak throughput of one GPU in FLOP/s (``GPU.peak_flops``).
        mfu: Model FLOPs utilization, 0 < mfu <= 1.

    Returns:
        GPU-hours, flops / (peak_flops * mfu * 3600).

    Raises:
        ValueError: if ``flops`` or ``peak_flops`` is not a finite number greater than
            zero, or ``mfu`` is not in (0, 1].

    Example:
        >>> round(gpu_hours(3600 * 312e12, 312e12, 0.5), 6)
        2.0
    """
    c = positive_number("flops", flops)
    peak = positive_number("peak_flops", peak_flops)
    u = fraction("mfu", mfu)
    return c / (peak * u) / SECONDS_PER_HOUR


def implied_mfu(flops: float, gpu_hours: float, peak_flops: float) -> float:
    """Return the utilization implied by a reported compute and GPU-hour figure.

    The inverse of ``gpu_hours``: flops / (gpu_hours * 3600 * peak_flops). The result is
    not checked against 1; a value above 1 means the inputs are inconsistent (for
    example the peak of the wrong precision).

    Args:
        flops: Total compute in FLOPs.
        gpu_hours: GPU-hours the run used.
        peak_flops: Peak throughput of one GPU in FLOP/s.

    Returns:
        Model FLOPs utilization.

    Raises:
        ValueError: if any argument is not a finite number greater than zero.
    """
    c = positive_number("flops", flops)
    hours = positive_number("gpu_hours", gpu_hours)
    peak = positive_number("peak_flops", peak_flops)
    return c / (hours * SECONDS_PER_HOUR * peak)


def wall_clock_days(gpu_hours: float, n_gpus: float) -> float:
    """Return the calendar days a run takes on ``n_gpus`` GPUs working in parallel.

    Assumes perfect scaling across GPUs at the MFU already used for ``gpu_hours`` and no
    downtime; restarts after hardware failures add to it in practice.

    Args:
        gpu_hours: GPU-hours the run needs.
        n_gpus: Number of GPUs.

    Returns:
        Days, gpu_hours / n_gpus / 24.

    Raises:
        ValueError: if either argument is not a finite number greater than zero.

    Example:
        >>> wall_clock_days(24_576, 1024)
        1.0
    """
    hours = positive_number("gpu_hours", gpu_hours)
    gpus = positive_number("n_gpus", n_gpus)
    return hours / gpus / HOURS_PER_DAY


def training_cost(gpu_hours: float, price_per_gpu_hour: float) -> float:
    """Return the cost of ``gpu_hours`` at a price per GPU-hour.

    Args:
        gpu_hours: GPU-hours the run needs.
        price_per_gpu_hour: Price of one GPU-hour, in any currency. Zero is allowed, for
            hardware already paid for.

    Returns:
        The cost in the currency of the price.

    Raises:
        ValueError: if ``gpu_hours`` is not a finite number greater than zero or
            ``price_per_gpu_hour`` is negative, NaN, infinite or not a number.

    Example:
        >>> training_cost(184_320, 2.0)
        368640.0
    """
    hours = positive_number("gpu_hours", gpu_hours)
    price = non_negative_number("price_per_gpu_hour", price_per_gpu_hour)
    return hours * price
