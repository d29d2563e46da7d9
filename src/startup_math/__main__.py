"""Command-line interface: ``python -m startup_math <command> ...``.

Each command of ``startup_math.commands`` becomes a subcommand whose options are the
command's inputs (``--price``, ``--gpus-per-replica``, ...). It prints an aligned table,
or JSON with ``--json``. Bad input ends with exit status 2 and the message on standard
error. The guide's calculator page runs the same commands, so both show the same numbers.
"""

import argparse
import sys
from collections.abc import Sequence

from startup_math.commands import COMMANDS, InputError, as_table, run_command, to_json


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="python -m startup_math",
        description="Calculators for the numbers a large-model startup needs first.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS.values():
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        sub.add_argument("--json", action="store_true", help="print JSON instead of a table")
        groups: dict[str, argparse._ArgumentGroup] = {}
        for spec in command.fields:
            group = groups.setdefault(spec.group, sub.add_argument_group(spec.group))
            text = spec.describe()
            if spec.kind == "flag":
                group.add_argument(
                    spec.flag, dest=spec.name, action=argparse.BooleanOptionalAction, help=text
                )
            else:
                metavar = spec.name.upper()
                group.add_argument(spec.flag, dest=spec.name, metavar=metavar, help=text)
        sub.set_defaults(subparser=sub, fields=[spec.name for spec in command.fields])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (errors exit with status 2)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    subparser: argparse.ArgumentParser = args.subparser
    inputs = {name: getattr(args, name) for name in args.fields}
    try:
        rows = run_command(args.command, inputs)
    except InputError as error:
        flag = "--" + error.field.replace("_", "-")
        subparser.error(f"{flag}: {error}")
    if args.json:
        print(to_json(rows))
    else:
        print(as_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
