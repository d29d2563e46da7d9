"""First product: pay an API per token, or rent a GPU? Break-even utilization and traffic."""

from startup_math import break_even, estimate_serving, get_gpu, preset

# Assumptions: replace them with yours.
PROMPT, OUTPUT = 4000, 300  # tokens per request: instructions, examples, a document; fields out
PRICE = 3.0  # USD per H100 GPU-hour, rented by the hour
BATCH, MFU, MBU = 64, 0.4, 0.6  # how the server runs: batch, shares of peak FLOP/s and bandwidth
UTILIZATION = 0.5  # share of the paid GPU hours spent serving
# Cloudflare Workers AI, @cf/meta/llama-3.1-8b-instruct, USD per million tokens,
# listed as 0.282 and 0.827 on its pricing page, checked December 2026
API_INPUT, API_OUTPUT = 0.28, 0.83
DAYS_PER_MONTH = 365 / 12
API = {"api_price_per_million_input": API_INPUT, "api_price_per_million_output": API_OUTPUT}

replica = estimate_serving(
    preset("llama-3-8b"),  # the architecture of Llama 3.1 8B too
    get_gpu("H100-SXM"),
    batch_size=BATCH,
    prompt_tokens=PROMPT,
    output_tokens=OUTPUT,
    price_per_gpu_hour=PRICE,
    mfu=MFU,
    mbu=MBU,
    utilization=UTILIZATION,
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
print(f"Llama 3 8B on one H100 SXM; a request is {PROMPT:,} prompt + {OUTPUT:,} output tokens")
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
