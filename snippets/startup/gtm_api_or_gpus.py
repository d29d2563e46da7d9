"""First product: pay an API per token, or rent a GPU? Break-even utilization and traffic."""

from startup_math import break_even, estimate_serving, get_gpu, preset
from startup_math.measured import fractions

# Assumptions: replace them with yours.
PROMPT, OUTPUT = 4000, 300  # tokens per request: instructions, examples, a document; fields out
PRICE = 3.0  # USD per H100 GPU-hour, rented by the hour
BATCH = 64  # sequences decoded together
# Shares of peak FLOP/s and bandwidth: the median of published mixture-of-experts runs
SHARE = fractions("throughput", moe=True).median
UTILIZATION = 0.5  # share of the paid GPU hours spent serving
WEIGHTS = "fp8"  # one byte per weight
# Venice API, qwen3-5-35b-a3b, USD per million tokens, as listed on its model page,
# checked December 2026
API_INPUT, API_OUTPUT = 0.15, 1.00
DAYS_PER_MONTH = 365 / 12
API = {"api_price_per_million_input": API_INPUT, "api_price_per_million_output": API_OUTPUT}

replica = estimate_serving(
    preset("qwen3.5-35b-a3b"),
    get_gpu("H100-SXM"),
    batch_size=BATCH,
    prompt_tokens=PROMPT,
    output_tokens=OUTPUT,
    price_per_gpu_hour=PRICE,
    mfu=SHARE,
    mbu=SHARE,
    utilization=UTILIZATION,
    weight_dtype=WEIGHTS,
)
result = break_even(replica, **API)
rows = [
    ("API, USD per 1,000 requests", f"{result.api_cost_per_request * 1e3:.3f}"),
    (
        f"own GPU at {UTILIZATION:.0%} utilization, USD per 1,000 requests",
        f"{result.self_cost_per_request * 1e3:.3f}",
    ),
    ("own GPU cheaper per request above utilization", f"{result.break_even_utilization:.1%}"),
    ("one GPU's rent, USD per month", f"{replica.replica_cost_per_month:,.0f}"),
    (
        "API bill equals that rent at requests per day",
        f"{result.break_even_requests_per_month / DAYS_PER_MONTH:,.0f}",
    ),
    (
        f"one GPU serves, at {UTILIZATION:.0%} utilization, requests per day",
        f"{replica.requests_per_month / DAYS_PER_MONTH:,.0f}",
    ),
]
print(f"Qwen3.5-35B-A3B in {WEIGHTS} on one H100 SXM, {SHARE:.2f} of the bound")
print(f"a request is {PROMPT:,} prompt + {OUTPUT:,} output tokens")
for label, value in rows:
    print(f"{label:<58}{value:>9}")
print()
print(f"{'requests/day':>12}{'API USD/month':>15}{'GPUs':>6}{'GPU rent USD/month':>20}")
for daily in (1_000, 10_000, 100_000, 1_000_000):
    month = break_even(replica, **API, requests_per_month=daily * DAYS_PER_MONTH)
    print(
        f"{daily:>12,}{month.api_cost_per_month:>15,.0f}{month.replicas:>6}"
        f"{month.self_cost_per_month:>20,.0f}"
    )
