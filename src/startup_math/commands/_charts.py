"""The data behind the calculator page's two charts, from the same estimates as the rows.

- **Monthly cost against requests per day**: the API bill (requests x the API's cost per
  request) and the self-hosted rent (the replicas that traffic needs x one replica's rent,
  a staircase), with the break-even volume of ``self_hosting.break_even``.
- **Output tokens per second against the batch size**, per replica and per sequence, as
  expected, from one sequence to the largest batch that fits next to the weights, with the
  batch from which decoding stops being bound by memory bandwidth and becomes bound by
  compute.

Each point comes from the functions that give the rows (``estimate_serving`` at another
batch, ``break_even``, ``replicas_needed``), so at the inputs' own batch and traffic a chart
shows exactly what the table says; a test holds them to that.
"""

import math
from typing import Any

from startup_math.commands._core import Inputs
from startup_math.self_hosting import DAYS_PER_MONTH, break_even, replicas_needed

COST_POINTS = 61  # log-spaced traffic levels over four decades
MAX_STEPS = 400  # replica counts drawn exactly; beyond, the grid alone
SPAN = 100.0  # the traffic axis runs from centre / SPAN to centre x SPAN
MAX_BATCH_POINTS = 24  # batch sizes 1, 2, 4, ... up to the largest that fits


def serving_charts(inputs: Inputs, serving) -> dict[str, Any]:
    """Chart data for a serving estimate (``_serving.Serving``) and the traffic inputs."""
    return {"cost": _cost(inputs, serving.expected), "speed": _speed(serving)}


def _cost(inputs: Inputs, estimate) -> dict[str, Any]:
    rent = estimate.replica_cost_per_month
    per_replica = estimate.requests_per_month / DAYS_PER_MONTH  # requests a day
    priced = inputs.given("api_input_price") and inputs.given("api_output_price")
    api = None
    volume = None
    if priced:
        result = break_even(
            estimate,
            api_price_per_million_input=inputs.get("api_input_price"),
            api_price_per_million_output=inputs.get("api_output_price"),
        )
        api = result.api_cost_per_request
        if result.break_even_requests_per_month is not None:
            volume = result.break_even_requests_per_month / DAYS_PER_MONTH
    given = float(inputs.get("requests_per_day")) if inputs.given("requests_per_day") else None
    centre = given or volume or per_replica
    low, high = centre / SPAN, centre * SPAN
    grid = {low * (high / low) ** (i / (COST_POINTS - 1)) for i in range(COST_POINTS)}
    steps = {k * per_replica for k in range(1, MAX_STEPS + 1) if low < k * per_replica < high}
    extra = {value for value in (given, volume) if value is not None}
    points = []
    for per_day in sorted(grid | steps | extra):
        monthly = per_day * DAYS_PER_MONTH
        replicas = replicas_needed(estimate, monthly)
        points.append(
            {"requests_per_day": per_day, "series": "self", "cost_per_month": replicas * rent}
        )
        if api is not None:
            points.append(
                {"requests_per_day": per_day, "series": "api", "cost_per_month": monthly * api}
            )
    return {
        "points": points,
        "requests_per_day": given,
        "break_even_requests_per_day": volume,
        "requests_per_day_per_replica": per_replica,
    }


def _speed(serving) -> dict[str, Any]:
    largest = serving.expected.max_batch_size
    sizes = {2**k for k in range(MAX_BATCH_POINTS) if 2**k <= largest}
    sizes |= {largest, serving.expected.batch_size}
    points = []
    compute_from = None
    for size in sorted(sizes):
        step = serving.at_batch(size).decode
        if step.bound == "compute" and compute_from is None:
            compute_from = size
        for series, value in (
            ("replica", step.tokens_per_second),
            ("sequence", step.tokens_per_second_per_sequence),
        ):
            points.append({"batch": size, "series": series, "tokens_per_s": value})
    return {
        "points": points,
        "batch": serving.expected.batch_size,
        "max_batch": largest,
        "compute_bound_from": compute_from,
    }


def finite(data: Any) -> bool:
    """Whether every number in nested chart data is finite (strict JSON can hold it)."""
    if isinstance(data, dict):
        return all(finite(value) for value in data.values())
    if isinstance(data, list):
        return all(finite(value) for value in data)
    return not isinstance(data, float) or math.isfinite(data)
