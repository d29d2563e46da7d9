"""Fields, parsed inputs and result rows: what every command is made of."""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class InputError(ValueError):
    """A bad input, with the name of the field it came from.

    Attributes:
        field: The input's name, for example ``"mfu"``.
    """

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Row:
    """One result: a JSON key, an English label, a value and how a table shows it.

    Attributes:
        key: Stable name of the result, used as the JSON key.
        label: Short English label for the table.
        value: The number (or text, or ``None`` when there is none), as JSON prints it.
        text: The value formatted for a table, with its unit.
    """

    key: str
    label: str
    value: Any
    text: str


@dataclass(frozen=True)
class Field:
    """One input of a command.

    Attributes:
        name: The input's name; the command line spells it ``--name-with-dashes``.
        kind: ``"number"``, ``"integer"``, ``"choice"``, ``"flag"`` or ``"text"``.
        help: One line for ``--help``.
        default: The value used when the input is not given (``None``: no default).
        choices: The allowed values of a ``"choice"``.
        group: Heading the field is listed under.
        minimum: Smallest value a number may take (inclusive), or ``None``.
        maximum: Largest value a number may take (inclusive), or ``None``. The limits
            keep every result finite: a value beyond them is an error naming the field,
            never an ``inf`` in the output.
        unit: What a number counts or costs, for ``--help`` (``"USD"``, ``"ms"``, ...).
        required: The command cannot run without it (inputs needed only together with
            another input are checked by the command, which says which one).
        validator: A further check ``validator(name, value)`` from
            ``startup_math._validate`` (for example ``fraction``); its ``ValueError``
            becomes an ``InputError`` on this field.

    ``--help`` (``describe``), the calculator page's form and the checks in ``Inputs.get``
    all come from these attributes, so the three cannot disagree.
    """

    name: str
    kind: str
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    group: str = "inputs"
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    required: bool = False
    validator: Callable[[str, Any], Any] | None = field(default=None, repr=False, compare=False)

    @property
    def flag(self) -> str:
        """The command-line spelling, ``--name-with-dashes``."""
        return "--" + self.name.replace("_", "-")

    def describe(self) -> str:
        """The ``--help`` line: what it is, its unit, whether it is required, its default
        and the values it accepts."""
        parts = [self.help + (f", in {self.unit}" if self.unit else "")]
        if self.required:
            parts.append("required")
        elif self.default is not None and self.kind != "flag":
            number = self.kind in ("number", "integer")
            parts.append(f"default {_number(self.default) if number else self.default}")
        if self.kind == "choice":
            parts.append(f"one of {', '.join(self.choices)}")
        if self.minimum is not None and self.maximum is not None:
            parts.append(f"{_number(self.minimum)} to {_number(self.maximum)}")
        elif self.minimum is not None:
            parts.append(f"at least {_number(self.minimum)}")
        if self.validator is not None:
            parts.append(_rule(self.validator))
        return "; ".join(parts)


@dataclass(frozen=True)
class Command:
    """A calculator: its fields, the function from parsed inputs to rows, and optionally
    the function from parsed inputs to the data of its charts (``run_charts``)."""

    name: str
    help: str
    fields: tuple[Field, ...]
    compute: Callable[["Inputs"], list[Row]] = field(repr=False)
    charts: Callable[["Inputs"], dict[str, Any]] | None = field(default=None, repr=False)


def _count(value: float) -> str:
    return f"{value:,.0f}"


def _sci(value: float) -> str:
    return f"{value:.3e}"


def _gb(value: float) -> str:
    return f"{value / 1e9:,.2f} GB"


def _fixed(digits: int, unit: str = "") -> Callable[[float], str]:
    return lambda value: f"{value:,.{digits}f}{unit}"


def _money(value: float) -> str:
    return f"{value:,.2f}" if value < 1000 else f"{value:,.0f}"


def _row(
    key: str, label: str, value: Any, show: Callable[[Any], str] = str, none: str = "n/a"
) -> Row:
    return Row(key, label, value, none if value is None else show(value))


class Inputs:
    """The raw inputs of one run and the parsed value of each field, parsed on first use."""

    def __init__(self, command: Command, raw: Mapping[str, Any]):
        self.command = command
        self.fields = {f.name: f for f in command.fields}
        unknown = sorted(set(raw) - set(self.fields))
        if unknown:
            raise InputError(
                unknown[0],
                f"{command.name} has no input {unknown[0]!r}; "
                f"its inputs are {', '.join(self.fields)}",
            )
        self.raw = {name: raw.get(name) for name in self.fields}

    def given(self, name: str) -> bool:
        """Whether the input was given (not missing, not an empty string)."""
        value = self.raw[name]
        return value is not None and not (isinstance(value, str) and value.strip() == "")

    def get(self, name: str) -> Any:
        """The parsed and checked value of a field, its default when not given.

        Raises:
            InputError: if the field is required and not given, malformed, out of its
                limits, or refused by its validator.
        """
        spec = self.fields[name]
        if not self.given(name):
            if spec.required:
                raise InputError(name, f"{name} is required")
            return spec.default
        value = _parse(spec, self.raw[name])
        if spec.validator is None:
            return value
        try:
            return spec.validator(name, value)
        except ValueError as error:
            raise InputError(name, str(error)) from None

    def require(self, name: str, why: str = "") -> Any:
        """The parsed value of a field that must be given."""
        value = self.get(name)
        if value is None:
            raise InputError(name, f"{name} is required{why}")
        return value


class _Blame:
    """Context manager: a ValueError raised inside is re-raised as an InputError on a field."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if error is not None and isinstance(error, ValueError):
            if isinstance(error, InputError):
                return False
            raise InputError(self.name, str(error)) from None
        return False


def _parse(spec: Field, value: Any) -> Any:
    """Turn a raw input (a string from a shell or a form, or a Python value) into its type."""
    name = spec.name
    if spec.kind == "text":
        return str(value).strip()
    if spec.kind == "flag":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1", "on"):
            return True
        if text in ("false", "no", "0", "off"):
            return False
        raise InputError(name, f"{name} must be true or false, got {value!r}")
    if spec.kind == "choice":
        text = str(value).strip()
        for choice in spec.choices:
            if choice.lower() == text.lower():
                return choice
        raise InputError(
            name, f"unknown {name} {text!r}: {name} must be one of {', '.join(spec.choices)}"
        )
    if isinstance(value, bool):
        raise InputError(name, f"{name} must be a number, got {value!r}")
    if spec.kind == "integer":
        if isinstance(value, int):
            return _in_range(spec, value, value)
        text = str(value).strip().replace(",", "").replace("_", "")
        try:
            whole = int(text)
        except ValueError:
            raise InputError(name, f"{name} must be a whole number, got {value!r}") from None
        return _in_range(spec, whole, value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "").replace("_", "")
        try:
            number = float(text)
        except ValueError:
            raise InputError(name, f"{name} must be a number, got {value!r}") from None
    if math.isnan(number) or math.isinf(number):
        raise InputError(name, f"{name} must be finite, got {value!r}")
    return _in_range(spec, number, value)


def _number(value: float) -> str:
    """A limit or default as ``--help`` shows it: 4,096, 0.5, 1e15."""
    if float(value).is_integer() and abs(value) < 1e6:
        return f"{value:,.0f}"
    return f"{value:g}".replace("e+0", "e").replace("e+", "e")


def _rule(validator: Callable[[str, Any], Any]) -> str:
    """What a validator accepts, from its docstring's first line ("Return ``value`` as a
    float if it is a finite number with 0 < value <= 1." gives "0 < value <= 1")."""
    first = (validator.__doc__ or "").strip().splitlines()[0].rstrip(".")
    return first.split(" with ", 1)[1] if " with " in first else first


def _in_range(spec: Field, number: float, raw: Any) -> Any:
    """``number`` if it lies within the field's limits, else an InputError naming the field."""
    if spec.minimum is not None and number < spec.minimum:
        raise InputError(spec.name, f"{spec.name} must be at least {spec.minimum:,g}, got {raw!r}")
    if spec.maximum is not None and number > spec.maximum:
        raise InputError(spec.name, f"{spec.name} must be at most {spec.maximum:,g}, got {raw!r}")
    return number
