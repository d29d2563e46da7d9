"""Latency and cost of one agent task: n model calls, each rereading a growing context."""

# Assumptions: replace them with your own measurements and your vendor's price list.
PROMPT = 3_000  # tokens: system prompt and tool definitions, sent with every call
TASK = 500  # tokens: the user's request
CALL = 150  # tokens: one tool call written by the model
RESULT = 1_000  # tokens: one tool result appended to the context
ANSWER = 500  # tokens: the final answer, written by the last call
THINK = 2_000  # thinking tokens per call in reasoning mode; earlier thinking is not resent
DECODE = 60.0  # output tokens per second for one request
FIRST = 0.5  # seconds from sending a call to its first token (queue and prefill)
TOOL_SECONDS = 1.0  # seconds to run one tool
PRICE_IN, PRICE_OUT = 3.0, 15.0  # USD per million input and output tokens
DAYS_PER_MONTH = 365 / 12  # the month the other pages use (30.4167 days)


def task(steps, think):
    """Input tokens, output tokens, thinking tokens, USD and seconds for one task."""
    tokens_in = tokens_out = thinking = 0
    seconds = 0.0
    for i in range(steps):  # every call but the last ends in a tool call
        last = i == steps - 1
        written = think + (ANSWER if last else CALL)
        tokens_in += PROMPT + TASK + i * (CALL + RESULT)
        tokens_out += written
        thinking += think
        seconds += FIRST + written / DECODE + (0.0 if last else TOOL_SECONDS)
    usd = (tokens_in * PRICE_IN + tokens_out * PRICE_OUT) / 1e6
    return tokens_in, tokens_out, thinking, usd, seconds


print(
    f"{'calls':>5}{'thinking':>10}{'input tokens':>14}{'output tokens':>15}"
    f"{'USD/task':>10}{'thinking share':>16}{'seconds':>9}"
)
for steps in (1, 5, 10, 20):
    for think in (0, THINK):
        tokens_in, tokens_out, thinking, usd, seconds = task(steps, think)
        share = thinking * PRICE_OUT / 1e6 / usd
        print(
            f"{steps:>5}{'on' if think else 'off':>10}{tokens_in:>14,}{tokens_out:>15,}"
            f"{usd:>10.4f}{share:>16.0%}{seconds:>9.1f}"
        )
one, ten = task(1, THINK), task(10, THINK)
print()
cost_ratio, time_ratio = ten[3] / one[3], ten[4] / one[4]
print(f"10 calls against 1, reasoning on: {cost_ratio:.1f}x the cost, {time_ratio:.1f}x the time")
monthly = ten[3] * 1000 * DAYS_PER_MONTH
print(f"1,000 tasks a day of 10 calls, reasoning on: USD {monthly:,.0f} a month")
