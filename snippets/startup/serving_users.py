"""GPUs and monthly cost to serve Llama 2 7B to 1,000 users at once, each at 20 tokens/s."""

import math

from startup_math import decode_tokens_per_second, get_gpu, kv_cache_bytes, preset, weights_bytes

USERS = 1000  # sequences being generated at the same moment
TARGET = 20.0  # tokens/s each user should see
CONTEXT = 4096  # tokens held per sequence (worst case: a full context)
PRICE = 3.0  # assumption: USD per H100 GPU-hour
HOURS_PER_MONTH = 730  # 24 * 365 / 12, running around the clock

arch = preset("llama-2-7b")
gpu = get_gpu("H100-SXM")
weights = weights_bytes(arch.parameter_count(), "bf16")
kv = kv_cache_bytes(*arch.kv_cache_dims(), seq_len=CONTEXT)
fits = int((gpu.memory_bytes - weights) // kv)  # sequences whose KV cache fits: 30


def per_sequence(batch, efficiency):
    """Tokens/s one sequence sees: the bandwidth bound times the fraction reached."""
    bound = decode_tokens_per_second(weights, gpu.bandwidth_bytes_per_s, batch, kv)
    return efficiency * bound / batch


print(f"{'reached':>8}{'users/GPU':>11}{'tokens/s each':>15}{'GPUs':>6}{'per month':>12}")
for efficiency in (1.0, 0.5, 0.3):  # fraction of the bound a real server reaches
    batch = max(b for b in range(1, fits + 1) if per_sequence(b, efficiency) >= TARGET)
    gpus = math.ceil(USERS / batch)
    monthly = gpus * HOURS_PER_MONTH * PRICE
    speed = per_sequence(batch, efficiency)
    print(f"{efficiency:>8.0%}{batch:>11}{speed:>15.1f}{gpus:>6}{f'${monthly:,.0f}':>12}")
