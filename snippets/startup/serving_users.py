"""GPUs and monthly cost to serve 1,000 users at once, each at 20 tokens/s."""

import math

from startup_math import estimate_serving, get_gpu, preset

USERS = 1000  # sequences being generated at the same moment
TARGET = 20.0  # tokens/s each user should see
PROMPT, OUTPUT = 1000, 500  # tokens per request: on average a sequence holds 1,250
PRICE = 3.0  # assumption: USD per H100 GPU-hour
HOURS_PER_MONTH = 730  # 24 * 365 / 12, running around the clock

gpu = get_gpu("H100-SXM")


def replica(arch, batch, mbu, weights):
    return estimate_serving(
        arch,
        gpu,
        batch_size=batch,
        prompt_tokens=PROMPT,
        output_tokens=OUTPUT,
        price_per_gpu_hour=PRICE,
        mfu=0.4,
        mbu=mbu,
        weight_dtype=weights,
    )


def largest_batch(arch, fits, mbu, weights):
    """The largest batch whose sequences still get TARGET tokens/s (speed falls with batch)."""
    low, high = 1, fits
    while low < high:
        mid = (low + high + 1) // 2
        if replica(arch, mid, mbu, weights).decode.tokens_per_second_per_sequence >= TARGET:
            low = mid
        else:
            high = mid - 1
    return low


print(
    f"{'model':16}{'mbu':>5}{'fit':>5}{'users/GPU':>11}{'tokens/s each':>15}"
    f"{'GPUs':>6}{'per month':>12}"
)
# weights in bf16, except the 2026 mixture of experts, served in fp8 as in the API comparison
for name, weights in (("llama-2-7b", "bf16"), ("llama-3-8b", "bf16"), ("qwen3.5-35b-a3b", "fp8")):
    arch = preset(name)
    for mbu in (1.0, 0.6, 0.3):  # share of the bandwidth a real server reaches
        fits = replica(arch, 1, mbu, weights).max_batch_size  # sequences whose KV cache fits
        batch = largest_batch(arch, fits, mbu, weights)
        gpus = math.ceil(USERS / batch)
        speed = replica(arch, batch, mbu, weights).decode.tokens_per_second_per_sequence
        print(
            f"{name:16}{mbu:>5.0%}{fits:>5}{batch:>11}{speed:>15.1f}{gpus:>6}"
            f"{f'${gpus * HOURS_PER_MONTH * PRICE:,.0f}':>12}"
        )
