"""Where Chromium is and how it is launched: one answer for the build (diagrams, the
calculator's charts), the PDF script and the browser tests.

The Chromium is $CHROMIUM when set, else the first of chromium-paths.txt (beside this file,
also read by scripts/ensure-browser.sh, which installs Debian's chromium when none is there)
that exists, else the one Playwright installs (`python -m playwright install chromium`).
"""

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

PATHS_FILE = Path(__file__).resolve().parent / "chromium-paths.txt"
CHROMIUM_PATHS = PATHS_FILE.read_text(encoding="utf-8").split()
# Headless, in containers (no sandbox, no GPU), and quiet: no requests of its own to Google's
# services, so offline runs and the tests' network guard see only the site's requests.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

T = TypeVar("T")


class NoChromium(RuntimeError):
    """No Chromium could start."""


def chromium() -> str | None:
    """The Chromium to launch (None: Playwright's own, if it has one installed)."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    return next((path for path in CHROMIUM_PATHS if Path(path).exists()), None)


def launch(playwright, **options):
    """Launch headless Chromium with the site's flags from a Playwright instance."""
    return playwright.chromium.launch(executable_path=chromium(), args=LAUNCH_ARGS, **options)


def in_chromium(task: Callable[[Any], T], who: str) -> T:
    """``task(page)`` on a blank page of a headless Chromium, which then closes.

    Playwright's synchronous API refuses to run in a thread with an asyncio loop (a caller's
    own Playwright session, say), so the browser gets a thread of its own. ``who`` names
    the caller in the message (NoChromium) when no Chromium can start.
    """
    outcome: dict = {}

    def work() -> None:
        try:
            outcome["result"] = _in_chromium(task, who)
        except BaseException as error:  # noqa: BLE001 (re-raised in the caller's thread)
            outcome["error"] = error

    thread = threading.Thread(target=work, name=f"chromium-{who}")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _in_chromium(task: Callable[[Any], T], who: str) -> T:
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = launch(playwright)
        except Error as error:
            raise NoChromium(
                f"{who}: no Chromium to draw with "
                f"({str(error).splitlines()[0]}). Install it with `make browser` "
                "(Debian's chromium) or `python -m playwright install chromium`, "
                "or name one in $CHROMIUM."
            ) from None
        try:
            return task(browser.new_page())
        finally:
            browser.close()
