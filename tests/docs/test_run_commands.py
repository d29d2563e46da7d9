"""The shell commands that pages show (`python snippets/...`) run as written.

The fenced blocks come from the page checks' reading of each page (sitebuild/markdown.py); the
shell blocks that start with `python snippets/` run with bash from the repository root, offline,
like the snippet tests.
"""

import contextlib
import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import pages as P
from tests.support.snippets import NETGUARD, SNIPPETS, launch_command

SHELL = {"bash", "sh", "shell", "console"}
BLOCKS = [
    (page.path, block)
    for lang in P.LANGUAGES
    for page in P.pages(lang).values()
    for block in page.scan.fences
    if block.language in SHELL and block.code.lstrip().startswith("python snippets/")
]
# The two languages show the same commands: each distinct command runs once, on its first page.
DISTINCT = list({block.code.strip(): (page, block) for page, block in reversed(BLOCKS)}.values())[
    ::-1
]


def test_pages_show_run_commands():
    assert len(BLOCKS) >= 2
    # Every command shown in one language is shown in the other.
    by_language = {
        lang: sorted(b.code.strip() for p, b in BLOCKS if p.is_relative_to(P.DOCS / lang))
        for lang in P.LANGUAGES
    }
    assert by_language["zh"] == by_language["en"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page", "block"),
    DISTINCT,
    ids=[f"{p.relative_to(P.DOCS)}:{b.line}" for p, b in DISTINCT],
)
def test_run_command_from_page_succeeds(page, block, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(NETGUARD))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    # A folder that looks like the repository root to the command, so that figures and other
    # files the snippet writes land there and not in the working tree.
    (tmp_path / "snippets").symlink_to(P.ROOT / "snippets")
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block.code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    where = f"{page.relative_to(P.ROOT)}:{block.line}"
    assert done.returncode == 0, f"{where}: command failed:\n{block.code}\n{done.stderr[-2000:]}"


# torchrun commands. The single-machine one (`--standalone`) is the launch line in the snippet's
# own docstring, which the snippet tests run and whose output they compare with the .out file;
# the multi-node ones (rendezvous flags, Slurm) cannot run here, so their flags are checked with
# torchrun's own argument parser and their script must exist.
def _torchrun_lines(code: str) -> list[str]:
    joined = code.replace("\\\n", " ")
    lines = []
    for line in joined.splitlines():
        words = line.split()
        if "torchrun" in words and not line.lstrip().startswith("#"):
            lines.append(" ".join(words[words.index("torchrun") :]))
    return lines


TORCHRUN = [
    (page.path, block.line, line)
    for lang in P.LANGUAGES
    for page in P.pages(lang).values()
    for block in page.scan.fences
    if block.language in SHELL
    for line in _torchrun_lines(block.code)
]


def test_pages_show_torchrun_commands_for_one_and_several_machines():
    commands = [line for _, _, line in TORCHRUN]
    assert any("--standalone" in c for c in commands)
    assert any("--rdzv_endpoint" in c for c in commands)


@pytest.mark.parametrize(
    ("page", "lineno", "line"),
    TORCHRUN,
    ids=[f"{p.relative_to(P.DOCS)}:{n}:{i}" for i, (p, n, _) in enumerate(TORCHRUN)],
)
def test_torchrun_command_on_page_is_valid(page, lineno, line):
    from torch.distributed.run import get_args_parser

    where = f"{page.relative_to(P.ROOT)}:{lineno}"
    argv = shlex.split(line)[1:]
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors):
            parsed = get_args_parser().parse_args(argv)
    except SystemExit:
        pytest.fail(f"{where}: torchrun rejects `{line}`:\n{errors.getvalue()[-500:]}")
    script = P.ROOT / parsed.training_script
    assert script.is_file() and script.is_relative_to(SNIPPETS), f"{where}: no such snippet"
    if parsed.standalone:
        launcher = launch_command(script)
        assert launcher is not None, f"{where}: {parsed.training_script} names no launcher"
        tested = " ".join([*launcher, parsed.training_script, *parsed.training_script_args])
        assert line == tested, f"{where}: the page shows `{line}`, the tests run `{tested}`"


def test_a_wrong_torchrun_flag_is_caught():
    from torch.distributed.run import get_args_parser

    with contextlib.redirect_stderr(io.StringIO()) as errors, pytest.raises(SystemExit):
        get_args_parser().parse_args(["--nprocs=2", "snippets/practice/ddp_torch.py"])
    assert "unrecognized arguments: --nprocs=2" in errors.getvalue()
