"""Input checks shared by the calculators.

Each check returns the value converted to a plain ``float``, ``int`` or ``bool``, or raises
``ValueError`` with a message that names the argument.
"""

import math
from collections.abc import Mapping
from numbers import Integral, Real
from typing import TypeVar

T = TypeVar("T")


def _finite_number(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite real number (``bool`` excluded)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


def positive_number(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number greater than zero.

    Raises:
        ValueError: if ``value`` is not a real number (``bool`` included), is NaN or
            infinite, or is not greater than zero. The message names the argument.
    """
    number = _finite_number(name, value)
    if number <= 0:
        raise ValueError(f"{name} must be greater than zero, got {value!r}")
    return number


def non_negative_number(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number greater than or equal to zero.

    Raises:
        ValueError: if ``value`` is not a real number (``bool`` included), is NaN or
            infinite, or is negative. The message names the argument.
    """
    number = _finite_number(name, value)
    if number < 0:
        raise ValueError(f"{name} must be zero or greater, got {value!r}")
    return number


def fraction(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number with 0 < value <= 1.

    Raises:
        ValueError: if ``value`` is not a real number (``bool`` included), is NaN or
            infinite, or lies outside (0, 1]. The message names the argument.
    """
    number = _finite_number(name, value)
    if not 0 < number <= 1:
        raise ValueError(f"{name} must be greater than zero and at most 1, got {value!r}")
    return number


def positive_int(name: str, value: object) -> int:
    """Return ``value`` as an int if it is an integer greater than zero.

    Floats are refused even when whole (``12.0``): a size is a count, and a float
    usually means a unit mix-up upstream.

    Raises:
        ValueError: if ``value`` is not an integer (``bool`` and ``float`` included) or is
            not greater than zero. The message names the argument.
    """
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    number = int(value)
    if number <= 0:
        raise ValueError(f"{name} must be greater than zero, got {value!r}")
    return number


def non_negative_int(name: str, value: object) -> int:
    """Return ``value`` as an int if it is an integer, zero or greater.

    Raises:
        ValueError: if ``value`` is not an integer (``bool`` and ``float`` included) or is
            negative. The message names the argument.
    """
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be zero or greater, got {value!r}")
    return int(value)


def optional_positive_int(name: str, value: object) -> None:
    """Check that ``value`` is ``None`` or a positive integer (see ``positive_int``)."""
    if value is not None:
        positive_int(name, value)


def boolean(name: str, value: object) -> bool:
    """Return ``value`` if it is a ``bool``.

    Raises:
        ValueError: if ``value`` is not ``True`` or ``False`` (``0``, ``1`` and strings
            included). The message names the argument.
    """
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return value


def divides(name: str, divisor: int, other_name: str, dividend: int) -> None:
    """Check that ``divisor`` divides ``dividend`` exactly.

    Raises:
        ValueError: if ``dividend`` is not a multiple of ``divisor``; the message names
            both arguments.
    """
    if dividend % divisor != 0:
        raise ValueError(
            f"{name} ({divisor}) must divide {other_name} ({dividend}) exactly, "
            f"remainder {dividend % divisor}"
        )


def at_most(name: str, value: int, other_name: str, other: int) -> None:
    """Check ``value <= other``.

    Raises:
        ValueError: if ``value`` exceeds ``other``; the message names both arguments.
    """
    if value > other:
        raise ValueError(f"{name} ({value}) must be at most {other_name} ({other})")


def lookup(
    table: Mapping[str, T], key: object, *, arg: str, what: str, known: list[str] | None = None
) -> T:
    """Return ``table[key.lower()]``, or raise a ValueError that lists the known names.

    Raises:
        ValueError: if ``key`` is not a string, or not (case-insensitively) in ``table``.
    """
    if not isinstance(key, str):
        raise ValueError(f"{arg} must be a string, got {type(key).__name__} {key!r}")
    try:
        return table[key.lower()]
    except KeyError:
        names = ", ".join(known if known is not None else table)
        raise ValueError(f"unknown {what} {key!r}: {arg} must be one of {names}") from None
