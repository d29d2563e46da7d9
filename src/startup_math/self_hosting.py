"""What self-hosting costs: rented GPUs per million tokens and per month, against an API.

Renting a replica costs ``gpus * price_per_gpu_hour`` for every hour, busy or not, so
every cost per token is divided by the utilization, the share of the paid hours spent
serving. ``cost_per_million_tokens`` prices replica time per token; ``break_even``
compares a replica (``serving.estimate_serving``) with an API that charges per token, and
``replicas_needed`` sizes a fleet for a monthly traffic.
"""

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from startup_math._validate import fraction, non_negative_number, positive_int, positive_number

if TYPE_CHECKING:  # a replica's estimate, which the functions here price
    from startup_math.serving import ServingEstimate

SECONDS_PER_HOUR = 3600
HOURS_PER_MONTH = 730.0
"""24 x 365 / 12: a replica running around the clock for one month."""
DAYS_PER_MONTH = 365 / 12
TOKENS_PER_MILLION = 1e6


def cost_per_million_tokens(
    seconds_per_token: float, price_per_gpu_hour: float, *, gpus: int = 1, utilization: float = 1.0
) -> float:
    """Return what a million tokens cost on rented GPUs.

    cost = price x gpus x seconds per token x 10^6 / 3600 / utilization.

    Args:
        seconds_per_token: Replica time per token, all of the replica's GPUs together.
        price_per_gpu_hour: Price of one GPU-hour, in any currency (0 for owned hardware).
        gpus: GPUs in the replica.
        utilization: Share of the paid time spent serving, in (0, 1].

    Returns:
        Cost of 10^6 tokens in the currency of the price.

    Raises:
        ValueError: if an argument is out of range.

    Example:
        >>> round(cost_per_million_tokens(1e-3, 3.0), 4)  # 1,000 tokens/s at $3 an hour
        0.8333
    """
    seconds = positive_number("seconds_per_token", seconds_per_token)
    price = non_negative_number("price_per_gpu_hour", price_per_gpu_hour)
    count = positive_int("gpus", gpus)
    busy = fraction("utilization", utilization)
    return price * count * seconds * TOKENS_PER_MILLION / SECONDS_PER_HOUR / busy


@dataclass(frozen=True)
class BreakEven:
    """Self-hosting against paying an API per token, for requests of one shape.

    Attributes:
        api_cost_per_request: What one request costs at the API's prices.
        self_cost_per_request: What it costs on the replica at the assumed utilization.
        break_even_utilization: The utilization above which self-hosting costs less per
            request; above 1 means never, even with the replica always busy.
        break_even_requests_per_month: The monthly requests at which one replica's rent
            equals the API bill; ``None`` when self-hosting costs more per request at the
            assumed utilization, so that no volume makes it cheaper.
        requests_per_month: Monthly traffic assumed, if given.
        replicas: Replicas that traffic needs at the assumed utilization (at least 1).
        self_cost_per_month: Their monthly rent.
        api_cost_per_month: The API bill for that traffic.
    """

    api_cost_per_request: float
    self_cost_per_request: float
    break_even_utilization: float
    break_even_requests_per_month: float | None
    requests_per_month: float | None = None
    replicas: int | None = None
    self_cost_per_month: float | None = None
    api_cost_per_month: float | None = None


def replicas_needed(estimate: "ServingEstimate", requests_per_month: float) -> int:
    """Replicas that serve ``requests_per_month`` at the estimate's utilization (at least 1).

    Example:
        >>> from startup_math import estimate_serving, preset
        >>> est = estimate_serving(preset("llama-3-8b"), "H100-SXM", batch_size=32,
        ...     prompt_tokens=1000, output_tokens=500, price_per_gpu_hour=3.0)
        >>> replicas_needed(est, 1), replicas_needed(est, 2.5 * est.requests_per_month)
        (1, 3)
    """
    traffic = positive_number("requests_per_month", requests_per_month)
    return max(1, math.ceil(traffic / estimate.requests_per_month))


def break_even(
    estimate: "ServingEstimate",
    *,
    api_price_per_million_input: float,
    api_price_per_million_output: float,
    requests_per_month: float | None = None,
) -> BreakEven:
    """Compare a self-hosted replica with an API that charges per token.

    One request takes s replica-seconds (``estimate.busy_seconds_per_request``) and
    costs a = P p_in + O p_out at the API. A replica rented for a month costs C and,
    at utilization u, serves u x 730 x 3600 / s requests, so self-hosting costs less
    per request once u exceeds u* = C s / (730 x 3600 x a). Above u*, one replica's
    rent equals the API bill at C / a requests a month: the break-even volume. More
    traffic needs more replicas, each cheaper per request than the API.

    Args:
        estimate: A replica, from ``estimate_serving``.
        api_price_per_million_input: The API's price per million prompt tokens.
        api_price_per_million_output: Its price per million generated tokens.
        requests_per_month: Traffic to price both ways, optional.

    Returns:
        The comparison.

    Raises:
        ValueError: if a price is negative or both are zero, or ``requests_per_month``
            is not greater than zero.
    """
    price_in = non_negative_number("api_price_per_million_input", api_price_per_million_input)
    price_out = non_negative_number("api_price_per_million_output", api_price_per_million_output)
    api = (
        estimate.prompt_tokens * price_in + estimate.output_tokens * price_out
    ) / TOKENS_PER_MILLION
    if api == 0:
        raise ValueError("the API prices cannot both be zero: nothing to break even with")
    rent = estimate.replica_cost_per_month
    capacity = estimate.requests_per_month
    own = rent / capacity
    threshold = estimate.utilization * own / api
    volume = rent / api if own <= api else None
    if requests_per_month is None:
        return BreakEven(api, own, threshold, volume)
    traffic = positive_number("requests_per_month", requests_per_month)
    replicas = replicas_needed(estimate, traffic)
    return BreakEven(
        api,
        own,
        threshold,
        volume,
        requests_per_month=traffic,
        replicas=replicas,
        self_cost_per_month=replicas * rent,
        api_cost_per_month=traffic * api,
    )
