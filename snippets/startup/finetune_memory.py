"""Model-state memory of full fine-tuning of Llama 2 7B with mixed-precision AdamW."""

from startup_math import get_gpu, preset, training_memory

N = preset("llama-2-7b").parameter_count()
parts = training_memory(N).as_dict()  # 16 bytes per parameter, activations not included
gpu = get_gpu("A100-80GB-SXM")

labels = {
    "weights": "bf16 weights (2 B)",
    "gradients": "bf16 gradients (2 B)",
    "master_weights": "fp32 master weights (4 B)",
    "adam_m": "Adam momentum m (4 B)",
    "adam_v": "Adam variance v (4 B)",
    "total": "total (16 B/parameter)",
}
for key, label in labels.items():
    print(f"{label:28}{parts[key] / 1e9:>8.2f} GB")
print(f"{'one ' + gpu.name:28}{gpu.memory_gb:>8.2f} GB")
# ZeRO stage 3 splits all of it evenly across the data-parallel GPUs
for gpus in (2, 8):
    print(f"{f'per GPU, sharded over {gpus}':28}{parts['total'] / gpus / 1e9:>8.2f} GB")
