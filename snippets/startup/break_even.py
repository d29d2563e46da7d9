"""Self-hosting Llama 3 8B on rented H100s against paying an API per token."""

from startup_math import break_even, estimate_serving, get_gpu, preset

PRICE = 3.0  # assumption: USD per H100 GPU-hour
PROMPT, OUTPUT = 1000, 500  # tokens per request
BATCH, MFU, MBU = 64, 0.4, 0.6  # assumption: how the server runs
# Cloudflare Workers AI, @cf/meta/llama-3.1-8b-instruct, USD per million tokens,
# as listed on its model page, checked December 2026
API_INPUT, API_OUTPUT = 0.28, 0.83

arch, gpu = preset("llama-3-8b"), get_gpu("H100-SXM")
print(f"{'use':>5}{'USD per 1k requests':>21}{'API':>7}{'break-even requests/day':>25}")
for utilization in (0.05, 0.1, 0.2, 0.5, 1.0):
    replica = estimate_serving(
        arch,
        gpu,
        batch_size=BATCH,
        prompt_tokens=PROMPT,
        output_tokens=OUTPUT,
        price_per_gpu_hour=PRICE,
        mfu=MFU,
        mbu=MBU,
        utilization=utilization,
    )
    result = break_even(
        replica, api_price_per_million_input=API_INPUT, api_price_per_million_output=API_OUTPUT
    )
    volume = result.break_even_requests_per_month
    shown = "never" if volume is None else f"{volume * 12 / 365:,.0f}"
    print(
        f"{utilization:>5.0%}{result.self_cost_per_request * 1000:>21.3f}"
        f"{result.api_cost_per_request * 1000:>7.3f}{shown:>25}"
    )
print(f"self-hosting is cheaper above {result.break_even_utilization:.1%} utilization")
print(f"one replica serves {replica.requests_per_month * 12 / 365:,.0f} requests a day at 100%")
