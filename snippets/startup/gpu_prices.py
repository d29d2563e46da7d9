"""A dated snapshot of on-demand GPU prices: per second as listed, per GPU-hour, per month."""

from startup_math.hardware import PRICE_SNAPSHOT

HOURS_PER_MONTH = 730  # 24 * 365 / 12, running around the clock

first = PRICE_SNAPSHOT[0]
print(f"{first.provider}, {first.checked}: {first.source}")
print(first.offer)
print(f"{'GPU':<33}{'USD/s':>9}{'USD/hour':>10}{'USD/month':>11}")
for quote in PRICE_SNAPSHOT:
    hourly = quote.per_gpu_hour
    monthly = hourly * HOURS_PER_MONTH
    print(f"{quote.gpu:<33}{quote.price:>9.5f}{hourly:>10.2f}{monthly:>11,.0f}")
