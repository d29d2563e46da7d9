"""Calculators for the numbers a large-model startup needs first.

The functions are small and exact, validate their input, and say where each
formula comes from. The guide's chapters call them from runnable snippets.

* ``params``: exact parameter counts of GPT-2, Llama and BERT architectures.
* ``compute``: training and inference FLOPs.
* ``hardware``: peak figures of common GPUs.
* ``cost``: GPU-hours, wall-clock days and money for a training run.
* ``memory``: weights, KV cache and mixed-precision training memory.
* ``scaling``: Chinchilla compute-optimal model size.
* ``decode``: memory-bandwidth bound on decode throughput.

``python -m startup_math --help`` runs them from the command line.
"""

from startup_math.compute import inference_flops_per_token, training_flops
from startup_math.cost import gpu_hours, implied_mfu, training_cost, wall_clock_days
from startup_math.decode import decode_step_seconds, decode_tokens_per_second
from startup_math.hardware import GPU, GPUS, get_gpu, gpu_names
from startup_math.memory import (
    DTYPE_BYTES,
    TrainingMemory,
    dtype_bytes,
    kv_cache_bytes,
    training_memory,
    weights_bytes,
)
from startup_math.params import (
    PRESETS,
    BertArchitecture,
    GPT2Architecture,
    LlamaArchitecture,
    preset,
)
from startup_math.scaling import ComputeOptimal, chinchilla_optimal, chinchilla_tokens

__all__ = [
    "DTYPE_BYTES",
    "GPU",
    "GPUS",
    "PRESETS",
    "BertArchitecture",
    "ComputeOptimal",
    "GPT2Architecture",
    "LlamaArchitecture",
    "TrainingMemory",
    "chinchilla_optimal",
    "chinchilla_tokens",
    "decode_step_seconds",
    "decode_tokens_per_second",
    "dtype_bytes",
    "get_gpu",
    "gpu_hours",
    "gpu_names",
    "implied_mfu",
    "inference_flops_per_token",
    "kv_cache_bytes",
    "preset",
    "training_cost",
    "training_flops",
    "training_memory",
    "wall_clock_days",
    "weights_bytes",
]
__version__ = "0.1.0"
