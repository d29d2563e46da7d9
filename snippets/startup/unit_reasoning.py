"""Thinking tokens are billed as output tokens: one task's cost with and without them."""

# Assumption: one task reads 2,000 input tokens and writes a 500-token answer.
INPUT_TOKENS, ANSWER_TOKENS = 2_000, 500
THINKING = (0, 2_000, 8_000, 32_000)  # thinking tokens per task, to compare

# USD per million input and output tokens, standard (peak) prices as of December 2026;
# see the price table above for the sources.
PRICES = {
    "Claude Opus 5.5": (4.00, 20.00),
    "GPT-6.2 Sol, Sonnet 5.5": (2.00, 10.00),  # the same prices
    "deepseek-flash": (0.30, 1.20),
}


def task_cost(price_in, price_out, thinking):
    """USD for one task: thinking and answer tokens both at the output price."""
    return (INPUT_TOKENS * price_in + (thinking + ANSWER_TOKENS) * price_out) / 1e6


print(f"USD per 1,000 tasks of {INPUT_TOKENS:,} input and {ANSWER_TOKENS:,} answer tokens")
print(f"{'thinking tokens':<24}" + "".join(f"{n:>9,}" for n in THINKING))
for model, (price_in, price_out) in PRICES.items():
    costs = [task_cost(price_in, price_out, n) * 1000 for n in THINKING]
    print(f"{model:<24}" + "".join(f"{c:>9.2f}" for c in costs))
    print(f"{'  x no thinking':<24}" + "".join(f"{c / costs[0]:>9.1f}" for c in costs))
share = 8_000 / (8_000 + ANSWER_TOKENS)
print(f"with 8,000 thinking tokens, {share:.0%} of the output tokens are never shown to the user")
