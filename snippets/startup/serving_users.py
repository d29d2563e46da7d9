"""GPUs and monthly cost to serve 1,000 users at once, each at 20 tokens/s."""

import math

from startup_math import estimate_serving, get_gpu, preset

USERS = 1000  # sequences being generated at the same moment
TARGET = 20.0  # tokens/s each user should see
PROMPT, OUTPUT = 1000, 500  # tokens per request: on average a sequence holds 1,250
PRICE = 3.0  # assumption: USD per H100 GPU-hour
HOURS_PER_MONTH = 730  # 24 * 365 / 12, running around the clock

gpu = get_gpu("H100-SXM")


def replica(arch, batch, mbu):
    return estimate_serving(
        arch,
        gpu,
        batch_size=batch,
        prompt_tokens=PROMPT,
        output_tokens=OUTPUT,
        price_per_gpu_hour=PRICE,
        mfu=0.4,
        mbu=mbu,
    )


print(
    f"{'model':12}{'mbu':>5}{'fit':>5}{'users/GPU':>11}{'tokens/s each':>15}"
    f"{'GPUs':>6}{'per month':>12}"
)
for name in ("llama-2-7b", "llama-3-8b"):
    arch = preset(name)
    for mbu in (1.0, 0.6, 0.3):  # share of the bandwidth a real server reaches
        fits = replica(arch, 1, mbu).max_batch_size  # sequences whose KV cache fits
        fast = [
            b
            for b in range(1, fits + 1)
            if replica(arch, b, mbu).decode.tokens_per_second_per_sequence >= TARGET
        ]
        batch = max(fast)
        gpus = math.ceil(USERS / batch)
        speed = replica(arch, batch, mbu).decode.tokens_per_second_per_sequence
        print(
            f"{name:12}{mbu:>5.0%}{fits:>5}{batch:>11}{speed:>15.1f}{gpus:>6}"
            f"{f'${gpus * HOURS_PER_MONTH * PRICE:,.0f}':>12}"
        )
