"""Every snippet runs as a reader runs it, offline, and prints exactly what its page shows."""

import pytest

from tests.support.snippets import ROOT, all_snippets, check_run, display, run_snippet

SNIPPETS = all_snippets()


def test_there_are_snippets():
    assert len(SNIPPETS) >= 15


@pytest.mark.slow
@pytest.mark.parametrize("snippet", SNIPPETS, ids=[display(p) for p in SNIPPETS])
def test_snippet_runs_offline_and_prints_its_page_output(snippet, snippet_times):
    run = run_snippet(snippet)
    snippet_times[display(snippet)] = run.seconds
    check_run(run)
    assert "network access blocked" not in run.stderr


def test_snippets_live_under_the_repository():
    assert all(p.is_relative_to(ROOT / "snippets") for p in SNIPPETS)
