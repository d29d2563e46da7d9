"""What `serve` and `plan` share to weigh a replica against an API: prices, traffic, rows."""

from startup_math.commands._core import (
    Field,
    InputError,
    Inputs,
    Row,
    _Blame,
    _count,
    _fixed,
    _row,
)
from startup_math.self_hosting import DAYS_PER_MONTH, break_even

_TRAFFIC = (
    Field(
        "api_input_price",
        "number",
        "API price per million input tokens",
        group="API",
        unit="USD",
        minimum=0,
        maximum=1e6,
    ),
    Field(
        "api_output_price",
        "number",
        "API price per million output tokens",
        group="API",
        unit="USD",
        minimum=0,
        maximum=1e6,
    ),
    Field(
        "requests_per_day",
        "integer",
        "requests per day, to size the fleet",
        group="API",
        minimum=1,
        maximum=1e13,
    ),
)


def _break_even_rows(inputs: Inputs, estimate) -> list[Row]:
    if not (inputs.given("api_input_price") or inputs.given("api_output_price")):
        if inputs.given("requests_per_day"):
            raise InputError("api_input_price", "requests_per_day needs the API's prices")
        return []
    why = " with the other API price"
    price_in = inputs.require("api_input_price", why)
    price_out = inputs.require("api_output_price", why)
    per_day = None
    if inputs.given("requests_per_day"):
        per_day = float(inputs.get("requests_per_day"))
    with _Blame("api_output_price"):
        result = break_even(
            estimate,
            api_price_per_million_input=price_in,
            api_price_per_million_output=price_out,
            requests_per_month=None if per_day is None else per_day * DAYS_PER_MONTH,
        )
    volume = result.break_even_requests_per_month
    rows = [
        _row(
            "api_cost_per_request", "API cost per request", result.api_cost_per_request, _fixed(5)
        ),
        _row(
            "self_cost_per_request",
            "self-hosted cost per request",
            result.self_cost_per_request,
            _fixed(5),
        ),
        _row(
            "break_even_utilization",
            "self-hosting is cheaper above utilization",
            result.break_even_utilization if result.break_even_utilization <= 1 else None,
            _fixed(3),
            none="never (the API costs less even at full load)",
        ),
        _row(
            "break_even_requests_per_day",
            "break-even requests per day",
            None if volume is None else volume / DAYS_PER_MONTH,
            _fixed(0),
            none="none at this utilization",
        ),
    ]
    if per_day is not None:
        rows += [
            _row("requests_per_day", "requests per day", per_day, _fixed(0)),
            _row("replicas", "replicas needed", result.replicas, _count),
            _row(
                "self_cost_per_month",
                "self-hosted cost per month",
                result.self_cost_per_month,
                _fixed(0),
            ),
            _row("api_cost_per_month", "API cost per month", result.api_cost_per_month, _fixed(0)),
        ]
    return rows
