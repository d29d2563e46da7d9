"""MLPerf Inference results (Offline scenario, 8 GPUs), as published measurements."""

from startup_math.measured.measurement import Measurement

_MLPERF = "MLCommons, MLPerf Inference {} results, {} ({}), mlperf_log_summary.txt"
_MLPERF_URL = "https://github.com/mlcommons/inference_results_{}/blob/main/{}/performance/run_1/mlperf_log_summary.txt"
_MLPERF_NOTE = (
    "MLPerf counts output tokens only; the mean output length is tokens/s over samples/s "
    "from the same summary ({} / {}); the prompt length is not in the summary, so the "
    "bound takes a 1-token prompt"
)


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


_V41 = "v4.1"
_V51 = "v5.1"
_NV41 = "closed/NVIDIA/results/{}/{}/Offline"
_AMD51 = "{}/AMD/results/{}/{}/Offline"

MLPERF_RUNS = (
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
)
"""MLPerf Inference runs, in the order ``MEASUREMENTS`` lists them."""
