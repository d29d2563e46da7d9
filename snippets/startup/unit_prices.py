"""A dated snapshot of API prices per million tokens, as each vendor's own page lists them."""

from collections import namedtuple

AS_OF = "December 2026"  # when each price below was checked on the vendor's page
Price = namedtuple("Price", "vendor model tier currency input cached output source")

OPENAI = "https://developers.openai.com/api/docs/models/gpt-6.2-sol"
CLAUDE = "https://platform.claude.com/docs/en/models/sonnet-5-5/overview"
DEEPSEEK = "https://api-docs.deepseek.com/quick_start/pricing"
DEEPSEEK_CNY = "https://api-docs.deepseek.com/zh-cn/quick_start/pricing"

# Per million tokens. cached: price of a cache hit, None where not listed here.
PRICES = [
    Price("OpenAI", "GPT-6.2 Sol", "standard", "USD", 2.00, 0.10, 10.00, OPENAI),
    Price("Anthropic", "Claude Opus 5.5", "standard", "USD", 4.00, None, 20.00, CLAUDE),
    Price("Anthropic", "Claude Sonnet 5.5", "standard", "USD", 2.00, None, 10.00, CLAUDE),
    Price("DeepSeek", "deepseek-flash", "peak", "USD", 0.30, 0.006, 1.20, DEEPSEEK),
    Price("DeepSeek", "deepseek-flash", "off-peak", "USD", 0.15, 0.003, 0.60, DEEPSEEK),
    Price("DeepSeek", "deepseek-flash", "peak", "CNY", 2.00, 0.04, 8.00, DEEPSEEK_CNY),
]


def show(value):
    return "-" if value is None else f"{value:g}"


print(f"API prices per million tokens, as of {AS_OF}: a snapshot, not a promise")
print(
    f"{'vendor':<10}{'model':<19}{'tier':<9}{'cur':<4}"
    f"{'input':>7}{'cached':>8}{'output':>8}{'out/in':>8}"
)
for p in PRICES:
    print(
        f"{p.vendor:<10}{p.model:<19}{p.tier:<9}{p.currency:<4}"
        f"{show(p.input):>7}{show(p.cached):>8}{show(p.output):>8}{p.output / p.input:>8.1f}"
    )
print()
print("sources:")
for source in dict.fromkeys(p.source for p in PRICES):
    print(f"  {source}")
