"""The checks of snippets/startup/retrieval_eval.py catch a wrong metric or a wrong BM25.

The snippet compares its own recall@k, reciprocal rank, nDCG@k and BM25 with hand cases and
scikit-learn. Each test swaps in a plausible mistake and expects the snippet to fail."""

import importlib.util
import math

import pytest

from tests.support.snippets import SNIPPETS

PATH = SNIPPETS / "startup" / "retrieval_eval.py"


@pytest.fixture
def snippet():
    spec = importlib.util.spec_from_file_location("retrieval_eval", PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines the functions; main() runs only as a script
    return module


def exponential_gain_ndcg(ranked, grades, k):
    """nDCG with gain 2**grade - 1: a valid metric, but not the one the page states."""
    dcg = sum((2 ** grades.get(d, 0) - 1) / math.log2(p + 1) for p, d in enumerate(ranked[:k], 1))
    ideal = sorted(grades.values(), reverse=True)[:k]
    return dcg / sum((2**g - 1) / math.log2(p + 1) for p, g in enumerate(ideal, 1))


def recall_is_precision(ranked, grades, k):
    return sum(d in grades for d in ranked[:k]) / k


def rank_counted_from_zero(ranked, grades):
    return next(1 / max(p, 1) for p, d in enumerate(ranked) if d in grades)


def no_length_normalisation(snippet):
    right = snippet.bm25_scores
    return lambda query, docs, k1=snippet.K1, b=snippet.B: right(query, docs, k1, 0.0)


def test_the_snippet_passes_its_checks(snippet, capsys):
    assert snippet.main([]) == 0
    assert "CHECK FAILED" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "wrong", "message"),
    [
        ("ndcg_at_k", exponential_gain_ndcg, "nDCG"),
        ("recall_at_k", recall_is_precision, "recall"),
        ("reciprocal_rank", rank_counted_from_zero, "RR"),
        ("bm25_scores", no_length_normalisation, "BM25 hand case"),
    ],
)
def test_a_wrong_implementation_fails_the_snippet(snippet, capsys, name, wrong, message):
    if wrong is no_length_normalisation:
        wrong = wrong(snippet)
    setattr(snippet, name, wrong)
    assert snippet.main([]) == 1
    out = capsys.readouterr().out
    assert "CHECK FAILED" in out
    assert message in out.split("CHECK FAILED", 1)[1]


@pytest.mark.parametrize("k", ["0", "51", "five"])
def test_a_bad_cutoff_is_refused(snippet, capsys, k):
    with pytest.raises(SystemExit) as exit_:
        snippet.main(["--k", k])
    assert exit_.value.code == 2
    assert "--k" in capsys.readouterr().err
