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

from startup_math.params import PRESETS
from startup_math.serving import estimate_serving

REGIMES = ("throughput", "latency")


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


_MLPERF = "MLCommons, MLPerf Inference {} results, {} ({}), mlperf_log_summary.txt"
_MLPERF_URL = "https://github.com/mlcommons/inference_results_{}/blob/main/{}/performance/run_1/mlperf_log_summary.txt"
_MLPERF_NOTE = (
    "MLPerf counts output tokens only; the mean output length is tokens/s over samples/s "
    "from the same summary ({} / {}); the prompt length is not in the summary, so the "
    "bound takes a 1-token prompt"
)
_TRTLLM = "NVIDIA TensorRT-LLM 1.0 documentation, Performance overview, Throughput Measurements"
_TRTLLM_URL = (
    "https://github.com/NVIDIA/TensorRT-LLM/blob/00f37686aa854010d68bcbd0f4ab000221541ca6/"
    "docs/source/performance/perf-overview.md"
)
_TRTLLM_NOTE = (
    "trtllm-bench, requests of exactly this length at an infinite rate; 'Total Output "
    "Throughput (tokens/sec)'; ModelOpt checkpoints, KV cache format not stated"
)
_R1_BEST = (
    "https://github.com/NVIDIA/TensorRT-LLM/blob/main/docs/source/blogs/"
    "Best_perf_practice_on_DeepSeek-R1_in_TensorRT-LLM.md"
)
_R1_B200 = (
    "https://github.com/NVIDIA/TensorRT-LLM/blob/main/docs/source/blogs/tech_blog/"
    "blog1_Pushing_Latency_Boundaries_Optimizing_DeepSeek-R1_Performance_on_NVIDIA_B200_GPUs.md"
)
_R1_BEST_TITLE = "NVIDIA TensorRT-LLM, 'How to get best performance on DeepSeek-R1 in TensorRT LLM'"
_R1_B200_TITLE = (
    "NVIDIA TensorRT-LLM tech blog 1, 'Pushing Latency Boundaries: Optimizing DeepSeek-R1 "
    "Performance on NVIDIA B200 GPUs'"
)
_SGLANG = "https://github.com/lm-sys/lm-sys.github.io/blob/main/blog/2025-05-05-large-scale-ep.md"


def _mlperf(key, model, gpu, weights, kv, value, samples, version, path, system, date, engine):
    output = round(value / samples)
    return Measurement(
        key=key,
        model=model,
        gpu=gpu,
        gpus=8,
        weight_dtype=weights,
        kv_dtype=kv,
        phase="end-to-end",
        regime="throughput",
        value=value,
        unit="output tokens/s, 8 GPUs",
        per_gpus=8,
        prompt_tokens=None,
        output_tokens=output,
        engine=engine,
        source=_MLPERF.format(version, system, "Offline scenario"),
        url=_MLPERF_URL.format(version, path),
        date=date,
        note=_MLPERF_NOTE.format(f"{value:,}", f"{samples:,}"),
    )


def _trtllm(key, model, gpu, gpus, weights, prompt, output, value):
    return Measurement(
        key=key,
        model=model,
        gpu=gpu,
        gpus=gpus,
        weight_dtype=weights,
        kv_dtype=weights if weights == "fp8" else "fp8",
        phase="end-to-end",
        regime="throughput",
        value=value,
        unit=f"output tokens/s, {gpus} GPU{'s' if gpus > 1 else ''}",
        per_gpus=gpus,
        prompt_tokens=prompt,
        output_tokens=output,
        engine="TensorRT-LLM 1.0 (PyTorch backend)",
        source=_TRTLLM,
        url=_TRTLLM_URL,
        date="undated (TensorRT-LLM 1.0)",
        note=_TRTLLM_NOTE + "; the bound takes an FP8 cache",
        attention="data" if model.startswith("qwen3") else "tensor",
    )


def _sglang(phase, gpus, value, engine, note):
    """One of SGLang's DeepSeek-V3 runs on H100 nodes, prefill and decode apart, per 8 GPUs."""
    tokens = "input" if phase == "prefill" else "output"
    return Measurement(
        key=f"sglang-deepseek-v3-{phase}-{gpus}xh100",
        model="deepseek-v3",
        gpu="H100-SXM",
        gpus=gpus,
        weight_dtype="fp8",
        kv_dtype="bf16",
        phase=phase,
        regime="throughput",
        value=value,
        unit=f"{tokens} tokens/s per 8 GPUs",
        per_gpus=8,
        prompt_tokens=2000,
        output_tokens=1,
        engine=engine,
        source=(
            "LMSYS Org blog, 'Deploying DeepSeek with PD Disaggregation and Large-scale "
            "Expert Parallelism on 96 H100 GPUs'"
        ),
        url=_SGLANG,
        date="2025-05",
        note=note,
        attention="data",
    )


def _batch_one(
    key,
    gpu,
    weights,
    value,
    engine,
    source,
    note,
    *,
    model="deepseek-v3",
    gpus=8,
    kv_dtype="bf16",
    lengths=(1, 1),
    date="undated (TensorRT-LLM main)",
    draft_tokens=0,
):
    """A latency run: one sequence decoding as fast as it goes, in output tokens/s per user."""
    title, url = source
    return Measurement(
        key=key,
        model=model,
        gpu=gpu,
        gpus=gpus,
        weight_dtype=weights,
        kv_dtype=kv_dtype,
        phase="decode",
        regime="latency",
        value=value,
        unit="output tokens/s per user",
        per_gpus=gpus,
        prompt_tokens=lengths[0],
        output_tokens=lengths[1],
        engine=engine,
        source=title,
        url=url,
        date=date,
        note=note,
        batch=1,
        draft_tokens=draft_tokens,
    )


_V41 = "v4.1"
_V51 = "v5.1"
_NV41 = "closed/NVIDIA/results/{}/{}/Offline"
_AMD51 = "{}/AMD/results/{}/{}/Offline"

MEASUREMENTS: tuple[Measurement, ...] = (
    # MLPerf Inference, Offline scenario, 8 GPUs.
    _mlperf(
        "mlperf-4.1-llama-2-70b-8xh100",
        "llama-2-70b",
        "H100-SXM",
        "fp8",
        "fp8",
        24524.9,
        84.4792,
        _V41,
        _NV41.format("DGX-H100_H100-SXM-80GBx8_TRT", "llama2-70b-99"),
        "NVIDIA DGX H100, llama2-70b-99",
        "2024-08",
        "TensorRT-LLM (TensorRT 10.2)",
    ),
    _mlperf(
        "mlperf-4.1-llama-2-70b-8xh200",
        "llama-2-70b",
        "H200-SXM",
        "fp8",
        "fp8",
        31302.7,
        107.477,
        _V41,
        _NV41.format("H200-SXM-141GBx8_TRT", "llama2-70b-99"),
        "NVIDIA 8x H200-SXM-141GB, llama2-70b-99",
        "2024-08",
        "TensorRT-LLM (TensorRT 10.2)",
    ),
    _mlperf(
        "mlperf-4.1-mixtral-8x7b-8xh100",
        "mixtral-8x7b",
        "H100-SXM",
        "fp8",
        "fp8",
        52415.9,
        359.173,
        _V41,
        _NV41.format("DGX-H100_H100-SXM-80GBx8_TRT", "mixtral-8x7b"),
        "NVIDIA DGX H100, mixtral-8x7b",
        "2024-08",
        "TensorRT-LLM (TensorRT 10.2)",
    ),
    _mlperf(
        "mlperf-5.1-llama-2-70b-8xb200",
        "llama-2-70b",
        "B200-SXM",
        "fp4",
        "fp8",
        101527,
        371.423,
        _V51,
        "closed/NVIDIA/results/B200-SXM-180GBx8_TRT/llama2-70b-99/Offline",
        "NVIDIA DGX B200, llama2-70b-99",
        "2025-09",
        "TensorRT-LLM (TensorRT 10.11)",
    ),
    _mlperf(
        "mlperf-5.1-llama-3.1-405b-8xb200",
        "llama-3.1-405b",
        "B200-SXM",
        "fp4",
        "fp8",
        1624.11,
        2.49245,
        _V51,
        "closed/NVIDIA/results/B200-SXM-180GBx8_TRT/llama3.1-405b/Offline",
        "NVIDIA DGX B200, llama3.1-405b",
        "2025-09",
        "TensorRT-LLM (TensorRT 10.11)",
    ),
    _mlperf(
        "mlperf-5.1-deepseek-r1-8xb200",
        "deepseek-v3",
        "B200-SXM",
        "fp4",
        "fp8",
        33379,
        8.93431,
        _V51,
        "closed/NVIDIA/results/B200-SXM-180GBx8_TRT/deepseek-r1/Offline",
        "NVIDIA DGX B200, deepseek-r1 (the DeepSeek-V3 architecture)",
        "2025-09",
        "TensorRT-LLM (TensorRT 10.11), wide expert parallelism, attention data-parallel",
    ),
    _mlperf(
        "mlperf-5.1-llama-2-70b-8xmi300x",
        "llama-2-70b",
        "MI300X",
        "fp8",
        "fp8",
        27803.9,
        92.1544,
        _V51,
        _AMD51.format("closed", "8xMI300X_2xEPYC_9575F", "llama2-70b-99"),
        "AMD 8x MI300X, llama2-70b-99",
        "2025-09",
        "vLLM 0.9 (ROCm 6.4.1)",
    ),
    _mlperf(
        "mlperf-5.1-mixtral-8x7b-8xmi300x",
        "mixtral-8x7b",
        "MI300X",
        "fp8",
        "fp8",
        53017.3,
        369.007,
        _V51,
        _AMD51.format("closed", "8xMI300X_2xEPYC_9575F", "mixtral-8x7b"),
        "AMD 8x MI300X, mixtral-8x7b",
        "2025-09",
        "vLLM 0.9 (ROCm 6.4.1)",
    ),
    _mlperf(
        "mlperf-5.1-llama-2-70b-8xmi325x",
        "llama-2-70b",
        "MI325X",
        "fp8",
        "fp8",
        34520.4,
        114.7,
        _V51,
        _AMD51.format("closed", "8xMI325X_2xEPYC_9575F_1", "llama2-70b-99"),
        "AMD 8x MI325X, llama2-70b-99",
        "2025-09",
        "vLLM 0.9 (ROCm 6.4.1)",
    ),
    _mlperf(
        "mlperf-5.1-llama-2-70b-8xmi355x-open",
        "llama-2-70b",
        "MI355X",
        "fp4",
        "fp8",
        93045.8,
        333.216,
        _V51,
        _AMD51.format("open", "8xMI355X_2xEPYC_9575F", "llama2-70b-99"),
        "AMD 8x MI355X, llama2-70b-99, open division (MXFP4 weights)",
        "2025-09",
        "vLLM 0.9 (ROCm 6.5)",
    ),
    # TensorRT-LLM's published throughput table, requests of fixed lengths.
    _trtllm("trtllm-llama-3.3-70b-2xh100", "llama-3.3-70b", "H100-SXM", 2, "fp8", 1000, 1000, 4205),
    _trtllm("trtllm-llama-3.3-70b-1xh200", "llama-3.3-70b", "H200-SXM", 1, "fp8", 1000, 1000, 2909),
    _trtllm("trtllm-llama-3.3-70b-1xb200", "llama-3.3-70b", "B200-SXM", 1, "fp4", 1000, 1000, 7007),
    _trtllm(
        "trtllm-llama-3.3-70b-2xh100-long-prompt",
        "llama-3.3-70b",
        "H100-SXM",
        2,
        "fp8",
        2048,
        128,
        762,
    ),
    _trtllm(
        "trtllm-llama-3.1-405b-8xh100", "llama-3.1-405b", "H100-SXM", 8, "fp8", 1000, 1000, 2919
    ),
    _trtllm(
        "trtllm-llama-3.1-405b-8xh200", "llama-3.1-405b", "H200-SXM", 8, "fp8", 1000, 1000, 3330
    ),
    _trtllm(
        "trtllm-llama-3.1-405b-4xb200", "llama-3.1-405b", "B200-SXM", 4, "fp4", 1000, 1000, 5209
    ),
    _trtllm("trtllm-llama-3.1-8b-1xh100", "llama-3.1-8b", "H100-SXM", 1, "fp8", 1000, 1000, 15220),
    _trtllm("trtllm-llama-3.1-8b-1xh200", "llama-3.1-8b", "H200-SXM", 1, "fp8", 1000, 1000, 17744),
    _trtllm(
        "trtllm-llama-3.1-8b-1xh100-long-prompt",
        "llama-3.1-8b",
        "H100-SXM",
        1,
        "fp8",
        5000,
        500,
        3459,
    ),
    _trtllm("trtllm-qwen3-235b-8xh200", "qwen3-235b-a22b", "H200-SXM", 8, "fp8", 1000, 1000, 23789),
    _trtllm("trtllm-qwen3-235b-8xb200", "qwen3-235b-a22b", "B200-SXM", 8, "fp4", 1000, 1000, 42391),
    _trtllm(
        "trtllm-qwen3-30b-a3b-1xb200", "qwen3-30b-a3b", "B200-SXM", 1, "fp4", 1000, 1000, 25828
    ),
    # Prefill and decode on separate nodes: DeepSeek-V3 with expert parallelism (SGLang).
    _sglang(
        "prefill",
        32,
        54543,
        "SGLang (DeepEP, DeepGEMM, two-batch overlap), expert parallelism 32",
        "'On 4 nodes (4x8xH100, EP32), the system achieved per-node throughputs of 57,674, "
        "54,543, and 50,302 tokens per second for prompt lengths of 1K, 2K, and 4K'; FP8 "
        "matrix multiplications (DeepGEMM)",
    ),
    _sglang(
        "decode",
        72,
        22282,
        "SGLang (DeepEP low-latency dispatch, DeepGEMM, CUDA graphs), expert parallelism 72",
        "'Evaluated on 9 nodes (9x8xH100, EP72 ...), the system achieved 22,282 tokens/sec per "
        "node for 2K inputs'; the bound takes each sequence at 2,000 tokens of context",
    ),
    Measurement(
        key="trtllm-deepseek-r1-8xh200-max-throughput",
        model="deepseek-v3",
        gpu="H200-SXM",
        gpus=8,
        weight_dtype="fp8",
        kv_dtype="fp8",
        phase="end-to-end",
        regime="throughput",
        value=11489.2671,
        unit="output tokens/s, 8 GPUs",
        per_gpus=8,
        prompt_tokens=None,
        output_tokens=1,
        engine="TensorRT-LLM, attention data-parallel",
        source=_R1_BEST_TITLE,
        url=_R1_BEST,
        date="undated (TensorRT-LLM main)",
        note=(
            "'Total Output Throughput (tokens/sec): 11489.2671' in the expected result of "
            "the H200 max-throughput recipe; lengths not restated there, so the bound takes "
            "a 1-token prompt and decodes at a context of 1"
        ),
        attention="data",
    ),
    # Latency: one sequence at a time.
    _batch_one(
        "trtllm-deepseek-r1-8xh200-batch-1-mtp",
        "H200-SXM",
        "fp8",
        158.1196,
        "TensorRT-LLM, multi-token prediction (3 layers)",
        (_R1_BEST_TITLE, _R1_BEST),
        "'Per User Output Throughput (tokens/sec/user): 158.1196' at batch 1 with MTP "
        "(num_nextn_predict_layers 3); the bound accepts every drafted token and counts the "
        "MTP layers as free",
        draft_tokens=3,
    ),
    _batch_one(
        "trtllm-deepseek-r1-8xb200-batch-1-mtp",
        "B200-SXM",
        "fp4",
        368,
        "TensorRT-LLM, multi-token prediction (3 layers, relaxed acceptance)",
        (_R1_B200_TITLE, _R1_B200),
        "368 tokens/s per user at batch 1; NVFP4 expert and dense layers, BF16 attention (the "
        "bound takes all weights in FP4); relaxed acceptance trades some accuracy for speed",
        draft_tokens=3,
    ),
    _batch_one(
        "trtllm-deepseek-r1-8xb200-batch-1",
        "B200-SXM",
        "fp4",
        111,
        "TensorRT-LLM, no speculative decoding",
        (_R1_B200_TITLE, _R1_B200),
        "the blog's ablation table: 'Without MTP | 1.00 | 111' tokens/s per user",
    ),
    _batch_one(
        "nim-llama-3.3-70b-2xh100-concurrency-1",
        "H100-SXM",
        "fp8",
        52.85,
        "NVIDIA NIM 1.8.0",
        (
            "NVIDIA NIM LLM Benchmarking Guide, Performance, Llama-3.3-70b-instruct",
            "https://docs.nvidia.com/nim/benchmarking/llm/1.0.0/performance.md",
        ),
        "'2 x H100 80G, fp8 TP2, 500 Input Tokens / 2000 Output Tokens': concurrency 1, ITL "
        "18.91 ms, 52.85 tokens/s; the page does not say SXM or PCIe, and the bound takes the "
        "faster SXM",
        model="llama-3.3-70b",
        gpus=2,
        kv_dtype="fp8",
        lengths=(500, 2000),
        date="undated (NIM 1.8.0)",
    ),
)
"""The published measurements, by source."""


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
