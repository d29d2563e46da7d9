"""Published measurements of LLM serving, held against the calculator's bounds.

Each ``Measurement`` is a throughput or a per-user speed that a vendor, a benchmark or a
serving engine published for a stated setup (model, GPUs, precision, prompt and output
lengths), with its source and date. ``bound(m)`` computes what ``startup_math.serving``
says is the most that setup can do: the roofline with every efficiency at 1, at the
largest batch that fits for throughput runs, at the stated batch for latency runs. A
measurement above its bound means the model of the hardware misses something; the tests
assert that none is.

The ratio of a measurement to its bound is the share of the roofline a real system
reached. ``fractions()`` summarises it by regime: throughput runs (all the GPUs busy with
as many sequences as fit) and latency runs (one sequence, or a few, as fast as they go).
The calculator's expected values are the bound times the median of its regime, and its
range the lowest and highest share measured.

What the bounds leave out, and so what the share absorbs: communication between GPUs,
kernel efficiency, scheduling, the prefill and decode of a real server interleaving, and
the benchmark's own overheads. Where a setup is not fully published, the bound takes the
value that makes it largest (a prompt of 1 token when only the output length is known,
every drafted token accepted when the acceptance rate is not given), so that it stays a
bound; such runs then reach a lower share.
"""

import functools
import statistics
from dataclasses import dataclass

from startup_math.measured.engines import ENGINE_RUNS
from startup_math.measured.measurement import Measurement
from startup_math.measured.mlperf import MLPERF_RUNS
from startup_math.params.presets import PRESETS
from startup_math.serving import estimate_serving

REGIMES = ("throughput", "latency")

MEASUREMENTS: tuple[Measurement, ...] = MLPERF_RUNS + ENGINE_RUNS
"""The published measurements, by source: MLPerf's (``mlperf``), then the serving engines'
own (``engines``)."""


@dataclass(frozen=True)
class Comparison:
    """A measurement next to its bound.

    Attributes:
        measurement: The published figure and its setup.
        bound: The most the calculator says the setup can reach, in the same unit.
        binding: ``"memory"`` or ``"compute"``: the limit that sets the bound.
        batch: The batch the bound is taken at.
    """

    measurement: Measurement
    bound: float
    binding: str
    batch: int

    @property
    def fraction(self) -> float:
        """The measured value over the bound: the share of the roofline reached."""
        return self.measurement.value / self.bound


def _estimate(m: Measurement, batch: int, prefill_batch: int | None = None):
    return estimate_serving(
        PRESETS[m.model],
        m.gpu,
        batch_size=batch,
        prompt_tokens=m.prompt_tokens or 1,
        output_tokens=m.output_tokens,
        price_per_gpu_hour=0.0,
        gpus=m.gpus,
        weight_dtype=m.weight_dtype,
        kv_dtype=m.kv_dtype,
        prefill_batch=prefill_batch,
        draft_tokens=m.draft_tokens,
        acceptance_rate=1.0 if m.draft_tokens else 0.0,
        attention=m.attention,
    )


def bound(m: Measurement) -> Comparison:
    """Return the calculator's bound for the setup of ``m``, in the unit of ``m.value``.

    Throughput runs are taken at the largest batch whose KV cache fits (and prefill at
    the largest pass that fits); latency runs at their stated batch. Every efficiency is
    1: the result is a bound, not an estimate.

    Example:
        >>> c = bound(MEASUREMENTS[0])  # Llama 2 70B on 8 H100s, MLPerf v4.1
        >>> c.binding, round(c.fraction, 2)
        ('compute', 0.22)
    """
    scale = m.per_gpus / m.gpus
    if m.regime == "latency":
        est = _estimate(m, m.batch or 1)
        step = est.decode
        return Comparison(m, step.tokens_per_second_per_sequence, step.bound, est.batch_size)
    largest = _estimate(m, 1).max_batch_size
    est = _estimate(m, largest, largest)
    if m.phase == "prefill":
        return Comparison(m, scale / est.prefill_seconds_per_token, est.prefill.bound, largest)
    if m.phase == "decode":
        return Comparison(m, scale * est.decode.tokens_per_second, est.decode.bound, largest)
    per_request = est.busy_seconds_per_request
    binding = est.decode.bound
    return Comparison(m, scale * m.output_tokens / per_request, binding, largest)


@functools.cache
def comparisons() -> tuple[Comparison, ...]:
    """Every measurement with its bound, in table order."""
    return tuple(bound(m) for m in MEASUREMENTS)


@dataclass(frozen=True)
class Spread:
    """The share of the bound measured systems reached, in one regime.

    Attributes:
        regime: ``"throughput"`` or ``"latency"``.
        count: Measurements.
        low: The smallest share.
        median: The median share.
        high: The largest share.
    """

    regime: str
    count: int
    low: float
    median: float
    high: float


def fractions(regime: str, *, moe: bool | None = None) -> Spread:
    """Return the spread of measured/bound over the fully described runs of one regime.

    A run counts when its source gives every length the bound needs (``prompt_tokens`` is
    known): MLPerf's summaries, which give no prompt length, check the bound but would
    make the share look lower than it is.

    Args:
        regime: ``"throughput"`` or ``"latency"``.
        moe: ``True`` for mixture-of-experts models only, ``False`` for dense models only,
            ``None`` for both. With fewer than three such runs, both kinds count.

    Returns:
        The count, the lowest, median and highest share.

    Raises:
        ValueError: if ``regime`` is unknown.

    Example:
        >>> spread = fractions("throughput")
        >>> 0 < spread.low <= spread.median <= spread.high <= 1
        True
    """
    if regime not in REGIMES:
        raise ValueError(f"regime must be one of {', '.join(REGIMES)}, got {regime!r}")
    runs = [
        c
        for c in comparisons()
        if c.measurement.regime == regime and c.measurement.prompt_tokens is not None
    ]
    if moe is not None:
        kind = [c for c in runs if is_moe(c.measurement) == moe]
        runs = kind if len(kind) >= 3 else runs
    shares = sorted(c.fraction for c in runs)
    return Spread(regime, len(shares), shares[0], statistics.median(shares), shares[-1])


def is_moe(m: Measurement) -> bool:
    """Whether the measured model is a mixture of experts."""
    arch = PRESETS[m.model]
    return arch.active_parameter_count() < arch.parameter_count()
