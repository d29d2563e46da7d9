"""Fine-tune or keep prompting? When a LoRA fine-tune pays for itself."""

import math

from startup_math import estimate_serving, get_gpu, gpu_hours, preset, training_cost, training_flops
from startup_math.measured import fractions
from startup_math.serving import HOURS_PER_MONTH

# Assumptions: replace them with yours.
DOCUMENT, INSTRUCTIONS, OUTPUT = 1000, 3000, 300  # tokens: the input, the prompt around it, fields
EXAMPLES, EPOCHS = 2000, 3  # labelled examples (document + answer) and passes over them
RUNS = 5  # training runs, counting hyperparameter tries and reruns
TRAIN_GPU, TRAIN_PRICE, TRAIN_MFU = "A100-80GB-SXM", 2.0, 0.2  # USD per GPU-hour, MFU
PEOPLE = 10_000  # USD: labelling, engineering, evaluation (a placeholder, not a market rate)
SERVE_PRICE, BATCH, UTILIZATION = 3.0, 64, 0.5  # H100 SXM serving, weights in fp8
SHARE = fractions("throughput", moe=True).median  # of the roofline bound, as published MoE runs
DAYS_PER_MONTH = 365 / 12

# One-off cost. 6ND FLOPs per run, N the active parameters, is an upper bound for LoRA,
# which skips the gradients of the frozen weights.
small, large = preset("qwen3.5-35b-a3b"), preset("qwen3.5-397b-a17b")
tokens = EXAMPLES * (DOCUMENT + OUTPUT) * EPOCHS
flops = training_flops(small.active_parameter_count(), tokens)
hours = gpu_hours(flops, get_gpu(TRAIN_GPU).peak_flops, TRAIN_MFU)
gpu_cost = RUNS * training_cost(hours, TRAIN_PRICE)
one_off = gpu_cost + PEOPLE
for label, value in (
    (f"training tokens per run ({EXAMPLES:,} x {DOCUMENT + OUTPUT:,} x {EPOCHS})", f"{tokens:,}"),
    (f"{TRAIN_GPU} GPU-hours per run at MFU {TRAIN_MFU}", f"{hours:.1f}"),
    (f"GPU cost of {RUNS} runs, USD", f"{gpu_cost:,.0f}"),
    ("one-off cost with people's time, USD", f"{one_off:,.0f}"),
):
    print(f"{label:<50}{value:>12}")
print()


def replica(arch, gpus, prompt):
    """One self-hosted replica on H100 SXMs at the assumed utilization."""
    return estimate_serving(
        arch,
        get_gpu("H100-SXM"),
        gpus=gpus,
        batch_size=BATCH,
        prompt_tokens=prompt,
        output_tokens=OUTPUT,
        price_per_gpu_hour=SERVE_PRICE,
        mfu=SHARE,
        mbu=SHARE,
        utilization=UTILIZATION,
        weight_dtype="fp8",
    )


def per_request(r):
    return r.replica_cost_per_month / r.requests_per_month


setups = {
    "397B-A17B, 8 GPUs, prompted": replica(large, 8, DOCUMENT + INSTRUCTIONS),
    "35B-A3B, 1 GPU, prompted": replica(small, 1, DOCUMENT + INSTRUCTIONS),
    "35B-A3B + LoRA, 1 GPU, short": replica(small, 1, DOCUMENT),
}
tuned = setups["35B-A3B + LoRA, 1 GPU, short"]
print(f"{'Qwen3.5 at ' + f'{UTILIZATION:.0%}' + ' utilization':<32}{'USD/1k requests':>16}")
for name, r in setups.items():
    print(f"{name:<32}{per_request(r) * 1e3:>16.3f}")
print()

print(f"{'pays back after requests':<32}{'GPU only':>12}{'with people':>14}")
for name, before in (
    ("shorter prompt (35B-A3B)", setups["35B-A3B, 1 GPU, prompted"]),
    ("smaller model (from 397B)", setups["397B-A17B, 8 GPUs, prompted"]),
):
    saving = per_request(before) - per_request(tuned)
    print(f"{name:<32}{gpu_cost / saving:>12,.0f}{one_off / saving:>14,.0f}")
print()


def gpus(r, per_day):
    """GPUs a fleet of replicas needs for the traffic (at least one replica)."""
    return r.gpus * max(1, math.ceil(per_day * DAYS_PER_MONTH / r.requests_per_month))


print("whole GPUs: what the fleet saves each month, and the months to recover the one-off cost")
print(f"{'requests/day':>12}  {'change':<26}{'GPUs':>9}{'USD/month':>11}{'months':>8}")
for per_day in (10_000, 100_000, 1_000_000):
    for name, before in (
        ("shorter prompt (35B-A3B)", setups["35B-A3B, 1 GPU, prompted"]),
        ("smaller model (from 397B)", setups["397B-A17B, 8 GPUs, prompted"]),
    ):
        old, new = gpus(before, per_day), gpus(tuned, per_day)
        monthly = (old - new) * SERVE_PRICE * HOURS_PER_MONTH
        months = f"{one_off / monthly:.1f}" if monthly > 0 else "never"
        print(f"{per_day:>12,}  {name:<26}{f'{old} to {new}':>9}{monthly:>11,.0f}{months:>8}")
print()

# On an API, prompt caching already bills repeated instructions at the cached price (see
# "Caching and batch discounts" on the unit economics page; GPT-6.2 Sol's list prices there).
FRESH, WRITE, HIT = 2.00, 2.50, 0.10  # USD per million input tokens: fresh, cache write, cache hit
READS_PER_WRITE = 99  # as on that page: each cached prefix written once, then hit 99 times
writes = 1 / (1 + READS_PER_WRITE)
cached = writes * WRITE + (1 - writes) * HIT  # average USD per million cached-prefix tokens
print(f"on an API: what dropping the {INSTRUCTIONS:,} instruction tokens saves per request")
print(f"{'instructions billed at':<32}{'USD/1k requests':>16}{'pays back after':>17}")
for name, price in (("fresh input price", FRESH), ("cached price", cached)):
    saving = INSTRUCTIONS * price / 1e6
    print(f"{name:<32}{saving * 1e3:>16.3f}{one_off / saving:>17,.0f}")
