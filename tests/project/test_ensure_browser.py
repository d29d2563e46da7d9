"""scripts/ensure-browser.sh: installs only what is missing, and says what when it cannot."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "ensure-browser.sh"
PATHS = ROOT / "sitebuild" / "chromium-paths.txt"  # read by the script and by sitebuild.browser
NOTO = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: Noto Sans CJK SC:style=Regular"
LIBERATION = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf: Liberation Sans"
WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc: WenQuanYi Micro Hei:style=Regular"
ALL_FONTS = [NOTO, LIBERATION, WQY]


def run_script(tmp_path, fonts, chromium, pdftotext=True, paths=None):
    """Run the script as a user without root or sudo, with `fc-list` printing `fonts`
    (the first of 50,000 lines: grep finds it long before fc-list is done writing), and
    poppler's `pdftotext` present or not: the PATH holds only the fakes and grep.

    `chromium` is $CHROMIUM; None leaves it unset, and the script then reads its list of
    Chromium paths: a copy of the script runs beside `paths`, written as
    sitebuild/chromium-paths.txt (the repository's own list when `paths` is None)."""
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
        **({"pdftotext": "exit 0"} if pdftotext else {}),
    }
    for name, body in fakes.items():
        fake = bin_dir / name
        fake.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        fake.chmod(0o755)
    for tool in ("grep", "cat"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
    script = SCRIPT
    if chromium is not None:
        env["CHROMIUM"] = chromium
    elif paths is not None:
        script = tmp_path / "repo" / "scripts" / SCRIPT.name
        script.parent.mkdir(parents=True)
        shutil.copy(SCRIPT, script)
        (tmp_path / "repo" / "sitebuild").mkdir()
        (tmp_path / "repo" / "sitebuild" / PATHS.name).write_text("\n".join(paths) + "\n")
    return subprocess.run(
        [shutil.which("bash"), str(script)], env=env, capture_output=True, text=True, timeout=60
    )


def test_nothing_to_install_when_all_is_there(tmp_path):
    for attempt in range(5):  # a pipe closed early by `grep -q` once made this fail at random
        done = run_script(tmp_path / str(attempt), ALL_FONTS, chromium="/bin/sh")
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("fonts", "chromium", "pdftotext", "missing"),
    [
        (
            [],
            "/nonexistent/chromium",
            False,
            "chromium fonts-noto-cjk fonts-liberation fonts-wqy-microhei poppler-utils",
        ),
        ([NOTO, WQY], "/bin/sh", True, "fonts-liberation"),
        (ALL_FONTS, "/nonexistent/chromium", True, "chromium"),
        ([NOTO, LIBERATION], "/bin/sh", True, "fonts-wqy-microhei"),
        (ALL_FONTS, "/bin/sh", False, "poppler-utils"),
    ],
)
def test_without_root_it_names_only_what_is_missing(tmp_path, fonts, chromium, pdftotext, missing):
    done = run_script(tmp_path, fonts, chromium, pdftotext)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"need Chromium and fonts: apt-get install {missing}\n" in done.stderr
    assert "name a Chromium in $CHROMIUM" in done.stderr


@pytest.mark.parametrize(
    ("listed", "installs_chromium"),
    [
        (["/nonexistent/chromium", "/bin/sh"], False),  # the second path exists
        (["/nonexistent/chromium", "/nonexistent/chromium-browser"], True),
    ],
)
def test_without_chromium_set_it_reads_the_same_list_as_the_build(
    tmp_path, monkeypatch, listed, installs_chromium
):
    done = run_script(tmp_path, ALL_FONTS, chromium=None, paths=listed)
    if installs_chromium:
        assert done.returncode == 1
        assert "apt-get install chromium\n" in done.stderr
    else:
        assert (done.returncode, done.stderr) == (0, "")
    # The build's lookup, given the same list, agrees
    from sitebuild import browser

    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(browser, "CHROMIUM_PATHS", listed)
    assert (browser.chromium() is None) == installs_chromium
