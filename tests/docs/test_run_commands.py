"""The shell commands that pages show (`python snippets/...`) run as written.

pytest-codeblocks extracts the fenced blocks; its own runner would also try to execute the
`--8<--` include fences as Python, so only the shell blocks are taken here and run with bash
from the repository root, offline, like the snippet tests.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_codeblocks import extract_from_file

from tests.support import pages as P
from tests.support.snippets import NETGUARD

SHELL = {"bash", "sh", "shell", "console"}
BLOCKS = [
    (page.path, block)
    for lang in P.LANGUAGES
    for page in P.pages(lang).values()
    for block in extract_from_file(page.path)
    if block.syntax in SHELL and block.code.lstrip().startswith("python snippets/")
]


def test_pages_show_run_commands():
    assert len(BLOCKS) >= 2


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page", "block"),
    BLOCKS,
    ids=[f"{p.relative_to(P.DOCS)}:{b.lineno}" for p, b in BLOCKS],
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
    where = f"{page.relative_to(P.ROOT)}:{block.lineno}"
    assert done.returncode == 0, f"{where}: command failed:\n{block.code}\n{done.stderr[-2000:]}"
