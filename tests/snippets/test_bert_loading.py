"""The BERT example loads a model from a folder, falls back offline, and rejects bad arguments."""

import pytest

from tests.support.snippets import SNIPPETS, run_snippet

SNIPPET = SNIPPETS / "practice" / "bert_finetune_torch.py"
FALLBACK = (
    "could not load 'google-bert/bert-base-uncased' from the Hugging Face Hub or the local cache "
    "(offline?): using a small BERT built in code instead"
)


@pytest.fixture(scope="module")
def local_model(tmp_path_factory):
    """A tiny random BERT (the fallback's architecture) and its tokenizer, saved to a folder."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    torch.manual_seed(0)  # with the sorted vocabulary: the same start as the fallback
    folder = tmp_path_factory.mktemp("tiny-bert")
    words = sorted(
        "the movie food service hotel staff this phone book concert game coffee was is seemed "
        "felt really very quite truly rather good great excellent wonderful pleasant amazing "
        "friendly fun bad awful terrible boring rude disappointing poor dull honestly overall i "
        "think to be fair time again for price as usual not".split()
    )
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words]
    BertTokenizer(vocab={w: i for i, w in enumerate(vocab)}).save_pretrained(folder)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=128,
        max_position_embeddings=64,
        num_labels=2,
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    return folder


@pytest.mark.slow
def test_a_local_folder_is_loaded_and_fine_tuned(local_model, tmp_path):
    # Random weights, so train as long and as fast as the fallback does.
    run = run_snippet(
        SNIPPET, "--model", str(local_model), "--epochs", "10", "--lr", "2e-3", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert f"model: {local_model}, " in run.stdout
    assert "could not load" not in run.stdout
    assert "epoch 10  train loss" in run.stdout
    accuracy = float(run.stdout.split("test accuracy: ")[1].split()[0])
    assert accuracy >= 0.85
    assert run.stderr == ""  # a folder needs no network, and transformers' warnings are silenced
    assert (tmp_path / "bert_finetune_torch.png").exists()


@pytest.mark.slow
def test_offline_the_hub_model_falls_back_in_one_plain_line(tmp_path):
    run = run_snippet(SNIPPET, "--epochs", "1", cwd=tmp_path)
    assert FALLBACK in run.stdout.splitlines()
    assert "model: small BERT built in code, 79,170 parameters" in run.stdout
    # The failed attempt leaves nothing on stderr but the test guard's own lines (none if the
    # runner sets HF_HUB_OFFLINE); then one epoch misses the bar and the run ends with its message.
    *attempts, last = run.stderr.splitlines()
    assert all(line.startswith("network access blocked in tests: ") for line in attempts)
    assert last.startswith("test accuracy 0.") and last.endswith(" is below the 0.85 bar")
    assert run.returncode == 1


def test_the_committed_output_shows_the_fallback():
    assert FALLBACK in SNIPPET.with_suffix(".out").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--epochs", "0"], "argument --epochs: expected a positive number, got '0'"),
        (["--lr=-1e-3"], "argument --lr: expected a positive number, got '-1e-3'"),
        (["--device", "tpu"], "argument --device: invalid choice: 'tpu'"),
    ],
)
def test_invalid_arguments_are_a_usage_error(args, message, tmp_path):
    run = run_snippet(SNIPPET, *args, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stdout == ""
    assert "usage: bert_finetune_torch.py" in run.stderr
    assert message in run.stderr
