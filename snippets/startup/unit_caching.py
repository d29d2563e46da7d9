"""What prompt caching, batch processing and off-peak hours do to the cost of one task."""

# Assumptions: every task sends the same 10,000-token prefix (instructions, tool
# definitions, reference documents), then 1,000 tokens of its own, and gets 500 back.
PREFIX, OWN, OUTPUT = 10_000, 1_000, 500
READS_PER_WRITE = 99  # assumption: each cached prefix is written once, then hit 99 times

# USD per million tokens as listed by each vendor, as of December 2026; see the table above.
SOL = {"input": 2.00, "write": 2.50, "hit": 0.10, "output": 10.00}  # GPT-6.2 Sol
FLASH_PEAK = {"input": 0.30, "write": 0.30, "hit": 0.006, "output": 1.20}  # deepseek-flash
FLASH_OFF_PEAK = {"input": 0.15, "write": 0.15, "hit": 0.003, "output": 0.60}
SONNET = {"input": 2.00, "output": 10.00}  # Claude Sonnet 5.5
BATCH = 0.5  # OpenAI and Anthropic: the Batch API costs 50% of standard rates


def uncached(p, scale=1.0):
    """USD for one task that sends its whole prompt at the input price."""
    return scale * ((PREFIX + OWN) * p["input"] + OUTPUT * p["output"]) / 1e6


def cached(p):
    """USD for one task, the prefix's cache write spread over the tasks that hit it."""
    writes = 1 / (1 + READS_PER_WRITE)  # share of tasks that write the prefix
    prefix = PREFIX * (writes * p["write"] + (1 - writes) * p["hit"])
    return (prefix + OWN * p["input"] + OUTPUT * p["output"]) / 1e6


rows = [
    ("GPT-6.2 Sol", "standard", uncached(SOL)),
    ("GPT-6.2 Sol", "prefix cached", cached(SOL)),
    ("GPT-6.2 Sol", "batch", uncached(SOL, BATCH)),
    ("Claude Sonnet 5.5", "standard", uncached(SONNET)),
    ("Claude Sonnet 5.5", "batch", uncached(SONNET, BATCH)),
    ("deepseek-flash", "peak", uncached(FLASH_PEAK)),
    ("deepseek-flash", "peak, prefix cached", cached(FLASH_PEAK)),
    ("deepseek-flash", "off-peak, cached", cached(FLASH_OFF_PEAK)),
]
print(f"one task: {PREFIX:,}-token shared prefix + {OWN:,} own input tokens, {OUTPUT:,} output")
print(f"cache: 1 write per {READS_PER_WRITE} hits")
print(f"{'model':<19}{'mode':<21}{'USD/1,000 tasks':>16}{'saved':>7}")
base = {}
for model, mode, cost in rows:
    base.setdefault(model, cost)
    saved = 1 - cost / base[model]
    print(f"{model:<19}{mode:<21}{cost * 1000:>16.2f}{saved:>7.0%}")
