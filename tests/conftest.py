import time

import pytest


@pytest.fixture(scope="session")
def snippet_times():
    """Collects each snippet's run time; printed at the end of the session."""
    times: dict[str, float] = {}
    yield times
    if times:
        total = sum(times.values())
        lines = [f"  {seconds:6.1f} s  {name}" for name, seconds in sorted(times.items())]
        print(f"\nsnippet run times ({len(times)} snippets, {total:.1f} s in all):")
        print("\n".join(lines))


@pytest.fixture
def stopwatch():
    start = time.perf_counter()
    return lambda: time.perf_counter() - start
