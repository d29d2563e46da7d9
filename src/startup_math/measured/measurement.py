"""What a published measurement records: the figure, the setup it was made on, its source."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    """One published measurement and the setup it was made on.

    Attributes:
        key: Short unique name.
        model: The preset the run's model has the architecture of (``params.PRESETS``).
        gpu: The GPU (``hardware.GPUS``).
        gpus: GPUs the measured system used.
        weight_dtype: Weight format as published.
        kv_dtype: KV cache format as published; where the source does not say, the
            format the engine uses with those weights (the ``note`` says so).
        phase: ``"end-to-end"`` (requests in, answers out), ``"prefill"`` or
            ``"decode"`` (prefill and decode on separate GPUs).
        regime: ``"throughput"`` or ``"latency"``.
        value: The measured figure.
        unit: What ``value`` counts, for example ``"output tokens/s per 8 GPUs"``.
        per_gpus: The number of GPUs ``value`` is per (8 for a per-node figure).
        prompt_tokens: Mean prompt length; ``None`` where not published (the bound then
            takes 1).
        output_tokens: Mean output length.
        engine: Serving software.
        source: Who published it, and where.
        url: Address of the source.
        date: When it was published (``YYYY-MM``), or ``"undated"`` with the version.
        note: Anything that affects the comparison.
        batch: Sequences decoded together in a latency run; ``None`` for throughput runs.
        draft_tokens: Tokens drafted per step by speculative decoding (0: none).
        attention: ``"tensor"`` or ``"data"`` (see ``serving.estimate_serving``).
    """

    key: str
    model: str
    gpu: str
    gpus: int
    weight_dtype: str
    kv_dtype: str
    phase: str
    regime: str
    value: float
    unit: str
    per_gpus: int
    prompt_tokens: int | None
    output_tokens: int
    engine: str
    source: str
    url: str
    date: str
    note: str = ""
    batch: int | None = None
    draft_tokens: int = 0
    attention: str = "tensor"
