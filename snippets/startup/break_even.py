"""Self-hosting Qwen3.5-35B-A3B on a rented H100 against paying an API per token."""

from startup_math import break_even, estimate_serving, get_gpu, preset
from startup_math.measured import fractions

PRICE = 3.0  # assumption: USD per H100 GPU-hour
PROMPT, OUTPUT = 1000, 500  # tokens per request
BATCH = 64  # assumption: sequences decoded together
WEIGHTS = "fp8"  # assumption: one byte per weight, as Qwen's FP8 checkpoints store most of them
# Venice API, qwen3-5-35b-a3b, USD per million tokens, as listed on its model page,
# checked December 2026
API_INPUT, API_OUTPUT = 0.15, 1.00
# Share of the roofline bound a server reaches: the medians of published runs
SHARES = {kind: fractions("throughput", moe=kind == "MoE").median for kind in ("MoE", "dense")}

arch, gpu = preset("qwen3.5-35b-a3b"), get_gpu("H100-SXM")


def compare(share, utilization):
    replica = estimate_serving(
        arch,
        gpu,
        batch_size=BATCH,
        prompt_tokens=PROMPT,
        output_tokens=OUTPUT,
        price_per_gpu_hour=PRICE,
        mfu=share,
        mbu=share,
        utilization=utilization,
        weight_dtype=WEIGHTS,
    )
    result = break_even(
        replica, api_price_per_million_input=API_INPUT, api_price_per_million_output=API_OUTPUT
    )
    return replica, result


print(f"USD per 1,000 requests of {PROMPT:,} prompt and {OUTPUT:,} output tokens")
columns = "".join(f"{f'{kind} {share:.2f}':>12}" for kind, share in SHARES.items())
print(f"{'use':>5}{columns}{'API':>8}")
for utilization in (0.1, 0.25, 0.5, 0.75, 1.0):
    costs = [compare(share, utilization)[1] for share in SHARES.values()]
    cells = "".join(f"{c.self_cost_per_request * 1000:>12.3f}" for c in costs)
    print(f"{utilization:>5.0%}{cells}{costs[0].api_cost_per_request * 1000:>8.3f}")
for kind, share in SHARES.items():
    replica, result = compare(share, 1.0)
    daily = replica.requests_per_month * 12 / 365
    print(
        f"at the {kind} median ({share:.2f}): cheaper than the API above "
        f"{result.break_even_utilization:.1%} use; {daily:,.0f} requests a day at 100%"
    )
volume = result.break_even_requests_per_month * 12 / 365
print(f"one replica's rent buys {volume:,.0f} requests a day from the API")
