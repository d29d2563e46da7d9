"""Fine-tune BERT for sentiment classification with Hugging Face transformers and PyTorch."""

# %%
import argparse
import os
import random
import sys

import huggingface_hub
import numpy as np
import torch
import transformers
from matplotlib.figure import Figure
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    BertConfig,
    BertForSequenceClassification,
    BertTokenizer,
)


def positive(kind):
    def check(text):
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if not value > 0:  # also rejects nan
            raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
        return value

    return check


parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument(
    "--model",
    default="google-bert/bert-base-uncased",
    help="a model name on the Hugging Face Hub, or a folder written by save_pretrained",
)
parser.add_argument(
    "--epochs", type=positive(int), help="default: 3 for a pretrained model, 10 for the fallback"
)
parser.add_argument(
    "--lr", type=positive(float), help="default: 3e-5 for a pretrained model, 1e-3 for the fallback"
)
parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps", "xpu"], default="auto")
parser.add_argument("--figure", default="bert_finetune_torch.png", help="where to save the plot")
# In Jupyter, ignore the kernel's own command-line arguments.
args = parser.parse_args([] if "ipykernel" in sys.modules else None)
accelerator = torch.accelerator.current_accelerator(check_available=True)  # CUDA, MPS, XPU or None
if args.device == "auto":
    args.device = accelerator.type if accelerator is not None else "cpu"
elif args.device != "cpu" and (accelerator is None or accelerator.type != args.device):
    found = accelerator.type if accelerator is not None else "none"
    parser.error(f"--device {args.device}: not available here (accelerator found: {found})")
print(f"device: {args.device}")

os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # deterministic CUDA matmuls
torch.manual_seed(0)
# Deterministic kernels where PyTorch has them; on a GPU, an operation that has none
# warns instead of stopping the run.
torch.use_deterministic_algorithms(True, warn_only=True)
transformers.logging.set_verbosity_error()  # the page explains the "newly initialized" warning

# %%
# Short reviews; "not" flips the sentiment, so word order matters.
SUBJECTS = ["the movie", "the food", "the service", "the hotel", "the staff", "this phone",
            "the book", "the concert", "the game", "the coffee"]  # fmt: skip
VERBS = ["was", "is", "seemed", "felt"]
ADVERBS = ["", "really", "very", "quite", "truly", "rather"]
GOOD = ["good", "great", "excellent", "wonderful", "pleasant", "amazing", "friendly", "fun"]
BAD = ["bad", "awful", "terrible", "boring", "rude", "disappointing", "poor", "dull"]
OPENERS = ["", "honestly", "overall", "i think", "to be fair"]
CLOSERS = ["", "this time", "again", "for the price", "as usual"]
LABELS = ["negative", "positive"]


def make_reviews(n, seed=0):
    rng = random.Random(seed)
    reviews = {}  # sentence -> label; a dict keeps each sentence once
    while len(reviews) < n:
        label = rng.randrange(2)
        negated = rng.random() < 0.4
        word = rng.choice(GOOD if label != negated else BAD)
        parts = [rng.choice(OPENERS), rng.choice(SUBJECTS), rng.choice(VERBS)]
        parts += ["not" if negated else "", rng.choice(ADVERBS), word, rng.choice(CLOSERS)]
        reviews[" ".join(p for p in parts if p)] = label
    return list(reviews), list(reviews.values())


texts, labels = make_reviews(1000)  # 1,000 different sentences, in random order
splits = {"train": slice(0, 600), "validation": slice(600, 800), "test": slice(800, 1000)}
data = {name: (texts[part], torch.tensor(labels[part])) for name, part in splits.items()}
print(
    "data: "
    + " / ".join(f"{len(data[name][0])} {name}" for name in splits)
    + f" sentences, {len(LABELS)} classes (chance 0.5)"
)
print(f"example: {texts[0]!r} -> {LABELS[labels[0]]}")


# %%
def on_the_hub(name):
    """True if the Hub answers for this model now: one request, no retries."""
    try:
        huggingface_hub.model_info(name, timeout=5)
    except Exception:  # no network, a sandbox that blocks it, or no such model
        return False
    return True


def load_pretrained(name):
    """Tokenizer and model from a folder, the Hub or the local cache; None if none has them."""
    # Offline, from_pretrained would retry the Hub for a while: ask once, else use the local cache.
    local = os.path.isdir(name) or not on_the_hub(name)
    if local:
        transformers.logging.disable_progress_bar()  # keep the bars for a download only
    try:
        tokenizer = AutoTokenizer.from_pretrained(name, local_files_only=local)
        model = AutoModelForSequenceClassification.from_pretrained(
            name, num_labels=len(LABELS), local_files_only=local
        )
    except OSError:
        return None
    return tokenizer, model


def small_bert():
    """A tiny BERT, randomly initialised, with a vocabulary of the generator's words."""
    phrases = SUBJECTS + VERBS + ADVERBS + GOOD + BAD + OPENERS + CLOSERS + ["not"]
    words = sorted({word for phrase in phrases for word in phrase.split()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words]
    tokenizer = BertTokenizer(vocab={word: i for i, word in enumerate(vocab)})
    config = BertConfig(
        vocab_size=len(vocab), hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=128, max_position_embeddings=64, num_labels=len(LABELS),
        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,  # too small to need dropout
    )  # fmt: skip
    return tokenizer, BertForSequenceClassification(config)


# %%
loaded = load_pretrained(args.model)
if loaded is None:
    print(
        f"could not load {args.model!r} from the Hugging Face Hub or the local cache (offline?): "
        "using a small BERT built in code instead"
    )
    tokenizer, model = small_bert()
    name, epochs, lr = "small BERT built in code", args.epochs or 10, args.lr or 1e-3
else:
    # Pretrained weights need few epochs and small steps, or they lose what they know.
    tokenizer, model = loaded
    name, epochs, lr = args.model, args.epochs or 3, args.lr or 3e-5
model.to(args.device)
parameters = sum(p.numel() for p in model.parameters())
if parameters < 1_000_000:
    torch.set_num_threads(1)  # too small to gain from several CPU threads
batch_size = 16
print(f"model: {name}, {parameters:,} parameters")
print(
    f"training: {epochs} epochs, batches of {batch_size}, AdamW, learning rate {lr:g} "
    "(linear warm-up and decay)"
)


def encode(sentences):
    # Pad each batch to its longest sentence; attention_mask marks the padding.
    batch = tokenizer(sentences, padding=True, truncation=True, max_length=64, return_tensors="pt")
    return batch.to(args.device)


def predict(sentences, chunk=100):
    model.eval()
    with torch.no_grad():
        logits = [model(**encode(sentences[i : i + chunk])).logits
                  for i in range(0, len(sentences), chunk)]  # fmt: skip
    return torch.cat(logits).argmax(dim=1).cpu()


def accuracy(split):
    sentences, targets = data[split]
    predicted = predict(sentences)
    return (predicted == targets).float().mean().item(), predicted


# %%
# The standard recipe (BERT's paper and transformers' Trainer): AdamW with weight decay on the
# weight matrices only, not on biases and LayerNorm; the learning rate rises linearly over the
# first 10% of the steps and then falls linearly to zero; gradients clipped to norm 1.
no_decay = [p for n, p in model.named_parameters() if n.endswith("bias") or "LayerNorm" in n]
decay = [p for n, p in model.named_parameters() if not any(p is q for q in no_decay)]
optimizer = torch.optim.AdamW(
    [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=lr
)
train_texts, train_labels = data["train"]
steps = epochs * -(-len(train_texts) // batch_size)
schedule = transformers.get_linear_schedule_with_warmup(optimizer, steps // 10, steps)
# bfloat16 autocast on a CUDA GPU that has it: faster for BERT-base, and needs no loss scaling.
# The small fallback gains nothing from it and keeps float32, so it prints the same everywhere.
bf16 = loaded is not None and args.device == "cuda" and torch.cuda.is_bf16_supported()
order = torch.Generator().manual_seed(0)  # shuffles the same way on every run
history = {"loss": [], "val_accuracy": []}
for epoch in range(1, epochs + 1):
    model.train()
    total = 0.0
    for batch in torch.randperm(len(train_texts), generator=order).split(batch_size):
        inputs = encode([train_texts[i] for i in batch])
        with torch.autocast(args.device, dtype=torch.bfloat16, enabled=bf16):
            loss = model(**inputs, labels=train_labels[batch].to(args.device)).loss
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        schedule.step()
        total += loss.item() * len(batch)
    history["loss"].append(total / len(train_texts))
    history["val_accuracy"].append(accuracy("validation")[0])
    print(
        f"epoch {epoch}  train loss {history['loss'][-1]:.4f}  "
        f"validation accuracy {history['val_accuracy'][-1]:.4f}"
    )

# %%
test_accuracy, predicted = accuracy("test")
test_texts, test_labels = data["test"]
correct = int((predicted == test_labels).sum())
print(f"test accuracy: {test_accuracy:.4f} ({correct}/{len(test_labels)})")
negated = [i for i, text in enumerate(test_texts) if " not " in text][:4]
for i in negated:  # a few test sentences where "not" decides
    print(f"  {test_texts[i]!r}: {LABELS[test_labels[i]]}, predicted {LABELS[predicted[i]]}")
if test_accuracy < 0.85:
    sys.exit(f"test accuracy {test_accuracy:.4f} is below the 0.85 bar")

# %%
fig = Figure(figsize=(9, 3.6), layout="constrained")
curve, matrix = fig.subplots(1, 2, width_ratios=[1.4, 1])
steps = range(1, epochs + 1)
curve.plot(steps, history["loss"], marker="o", label="train loss")
curve.plot(steps, history["val_accuracy"], marker="s", label="validation accuracy")
curve.set(xlabel="epoch", ylim=(0, 1.05), xticks=steps, title="Training curve")
curve.legend()
counts = np.zeros((2, 2), dtype=int)
np.add.at(counts, (test_labels.numpy(), predicted.numpy()), 1)
matrix.imshow(counts, cmap="Blues")
for (i, j), n in np.ndenumerate(counts):
    matrix.text(j, i, n, ha="center", va="center", color="white" if n > 50 else "black")
matrix.set(
    xticks=[0, 1], yticks=[0, 1], xticklabels=LABELS, yticklabels=LABELS,
    xlabel="predicted", ylabel="true", title="Test set confusion matrix",
)  # fmt: skip
fig.savefig(args.figure, dpi=80, metadata={"Software": None})
print(f"figure saved: {args.figure}")
