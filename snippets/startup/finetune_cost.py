"""Compute, GPU-hours and cost of fine-tuning Llama 2 7B on 100M tokens."""

from startup_math import get_gpu, gpu_hours, preset, training_cost, training_flops

N = preset("llama-2-7b").parameter_count()
D = 100e6  # fine-tuning tokens (all epochs together)
gpu = get_gpu("A100-80GB-SXM")
PRICE = 2.0  # assumption: USD per GPU-hour
GPUS = 8

flops = training_flops(N, D)
print(f"fine-tuning FLOPs (6 N D)  {flops:.3e}")
print(f"{'MFU':>5}{'GPU-hours':>11}{f'hours on {GPUS} GPUs':>17}{'cost':>8}")
for mfu in (0.4, 0.2):  # short sequences and small batches often run at lower MFU
    hours = gpu_hours(flops, gpu.peak_flops, mfu)
    cost = training_cost(hours, PRICE)
    print(f"{mfu:>5.1f}{hours:>11.1f}{hours / GPUS:>17.1f}{f'${cost:,.0f}':>8}")
