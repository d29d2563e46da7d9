"""On-demand prices of one H100 SXM GPU at four providers, per GPU-hour and per 730-hour month."""

from startup_math.hardware import PriceQuote

HOURS_PER_MONTH = 730  # 24 * 365 / 12, running around the clock
# A transcription of each provider's public pricing page, normalised to one GPU for one hour.
SOURCE = (
    "https://raw.githubusercontent.com/datareceipts/data-receipts/main/109-gpu-pricing/README.md"
)
READ = "read 2026-11-09"
GPU = "H100 SXM (80 GB)"
QUOTES = tuple(
    PriceQuote(READ, provider, offer, GPU, price, "USD", 3600, SOURCE)
    for provider, offer, price in (
        ("RunPod", "Community Cloud pod", 2.69),
        ("RunPod", "Secure Cloud pod", 3.99),
        ("AWS", "p5.48xlarge (8 GPUs)", 6.88),
        ("Azure", "ND96isr_H100_v5 (8 GPUs)", 12.29),
    )
)

print(f"On-demand {GPU}, one GPU, {READ}: {SOURCE}")
print(f"{'Provider and offer':<36}{'USD/hour':>10}{'USD/month':>11}")
for quote in QUOTES:
    hourly = quote.per_gpu_hour
    monthly = hourly * HOURS_PER_MONTH
    print(f"{quote.provider + ', ' + quote.offer:<36}{hourly:>10.2f}{monthly:>11,.0f}")
