"""Cost and gross margin per task: an API at list prices against a self-hosted open model."""

from startup_math import break_even, estimate_serving, get_gpu, preset
from startup_math.measured import fractions

# Assumptions: the task. One task makes 4 model calls; each call reads 3,000 tokens and
# writes 1,000 thinking tokens and a 300-token answer.
CALLS, INPUT, THINKING, ANSWER = 4, 3_000, 1_000, 300
OUTPUT = THINKING + ANSWER  # thinking tokens are billed, and generated, as output

# API list prices, USD per million input and output tokens, as of December 2026 (table above).
APIS = {"GPT-6.2 Sol": (2.00, 10.00), "deepseek-flash, peak": (0.30, 1.20)}

# Assumptions: self-hosting an open-weight model on one rented H100.
MODEL, GPU = "qwen3.5-35b-a3b", "H100-SXM"
GPU_HOUR = 3.00  # USD per GPU-hour
BATCH = 64  # sequences decoded together
# Shares of peak FLOP/s and bandwidth: the median of published mixture-of-experts runs
SHARE = fractions("throughput", moe=True).median
UTILIZATIONS = (0.3, 0.6)  # share of the paid hours spent serving

# Assumptions: what the customer pays.
PER_TASK_PRICES = (0.05, 0.25, 1.00)  # USD per task
SUBSCRIPTION = 20.00  # USD per user per month, flat
TARGET_MARGIN = 0.70  # the gross margin the business plan needs


def replica(utilization):
    return estimate_serving(
        preset(MODEL),
        get_gpu(GPU),
        batch_size=BATCH,
        prompt_tokens=INPUT,
        output_tokens=OUTPUT,
        price_per_gpu_hour=GPU_HOUR,
        weight_dtype="fp8",
        mfu=SHARE,
        mbu=SHARE,
        utilization=utilization,
    )


costs = {}  # USD per task
for name, (price_in, price_out) in APIS.items():
    costs[f"API {name}"] = CALLS * (INPUT * price_in + OUTPUT * price_out) / 1e6
for utilization in UTILIZATIONS:
    est = replica(utilization)
    per_call = est.replica_cost_per_month / est.requests_per_month
    costs[f"self-hosted, {utilization:.0%} use"] = CALLS * per_call

est = replica(UTILIZATIONS[0])
print(f"task: {CALLS} calls x ({INPUT:,} in, {THINKING:,} thinking + {ANSWER} answer out)")
print(
    f"self-hosted: {MODEL}, fp8, one {GPU} at USD {GPU_HOUR:.2f}/hour, batch {BATCH}, "
    f"{SHARE:.2f} of the bound, {est.decode.tokens_per_second_per_sequence:.0f} tokens/s per call"
)
print()
print("gross margin (price - cost) / price, at a price per task of USD")
print(f"{'cost source':<28}{'USD/task':>9}" + "".join(f"{p:>8.2f}" for p in PER_TASK_PRICES))
for name, cost in costs.items():
    margins = [(price - cost) / price for price in PER_TASK_PRICES]
    print(f"{name:<28}{cost:>9.4f}" + "".join(f"{m:>8.1%}" for m in margins))
print()
print(f"flat USD {SUBSCRIPTION:.0f} a month: tasks per user per month at which the margin falls to")
print(f"{'cost source':<28}{TARGET_MARGIN:>9.0%}{'zero':>8}")
for name, cost in costs.items():
    at_target = SUBSCRIPTION * (1 - TARGET_MARGIN) / cost
    at_zero = SUBSCRIPTION / cost
    print(f"{name:<28}{at_target:>9,.0f}{at_zero:>8,.0f}")
print()
for name, (price_in, price_out) in APIS.items():
    result = break_even(
        est, api_price_per_million_input=price_in, api_price_per_million_output=price_out
    )
    share = result.break_even_utilization
    print(f"self-hosting costs less per call than {name} above {share:.1%} use")
