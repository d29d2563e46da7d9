"""scripts/ensure-browser.sh: installs only what is missing, and says what when it cannot."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "ensure-browser.sh"
NOTO = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: Noto Sans CJK SC:style=Regular"
LIBERATION = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf: Liberation Sans"


def run_script(tmp_path, fonts, chromium):
    """Run the script as a user without root or sudo, with `fc-list` printing `fonts`
    (the first of 50,000 lines: grep finds it long before fc-list is done writing)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    listing = tmp_path / "fonts.txt"
    filler = "\n".join(f"/usr/share/fonts/x/Filler{i}.ttf: Filler {i}" for i in range(50_000))
    listing.write_text("\n".join([*fonts, filler]) + "\n", encoding="utf-8")
    fakes = {
        "fc-list": f'cat "{listing}"',
        "id": "echo 1000",
        "sudo": "exit 1",
        "apt-get": "echo apt-get must not run >&2; exit 3",
    }
    for name, body in fakes.items():
        fake = bin_dir / name
        fake.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        fake.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "CHROMIUM": chromium, "HOME": str(tmp_path)}
    return subprocess.run(
        ["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60
    )


def test_nothing_to_install_when_all_is_there(tmp_path):
    for attempt in range(5):  # a pipe closed early by `grep -q` once made this fail at random
        done = run_script(tmp_path / str(attempt), [NOTO, LIBERATION], chromium="/bin/sh")
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("fonts", "chromium", "missing"),
    [
        ([], "/nonexistent/chromium", "chromium fonts-noto-cjk fonts-liberation"),
        ([NOTO], "/bin/sh", "fonts-liberation"),
        ([NOTO, LIBERATION], "/nonexistent/chromium", "chromium"),
    ],
)
def test_without_root_it_names_only_what_is_missing(tmp_path, fonts, chromium, missing):
    done = run_script(tmp_path, fonts, chromium)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"need Chromium and fonts: apt-get install {missing}\n" in done.stderr
    assert "name a Chromium in $CHROMIUM" in done.stderr
