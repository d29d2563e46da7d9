"""Input checks shared by the calculators."""

import math
from numbers import Real


def positive_number(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number greater than zero.

    Raises:
        ValueError: if ``value`` is not a real number (``bool`` included), is NaN or
            infinite, or is not greater than zero. The message names the argument.
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if number <= 0:
        raise ValueError(f"{name} must be greater than zero, got {value!r}")
    return number
