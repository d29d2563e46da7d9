"""Measurements that serving engines' makers published: TensorRT-LLM, SGLang, NVIDIA NIM.

Throughput tables and runs with prefill and decode apart, then latency runs (one
sequence at a time).
"""

from startup_math.measured.measurement import Measurement

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


ENGINE_RUNS = (
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
"""The engines' runs, in the order ``MEASUREMENTS`` lists them."""
