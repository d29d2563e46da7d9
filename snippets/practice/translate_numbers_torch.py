"""A GRU encoder-decoder with attention translates English number words into Chinese, in PyTorch."""

# %%
import argparse
import os
import random
import sys

import numpy as np
import sacrebleu
import torch
from matplotlib.figure import Figure
from torch import nn

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps", "xpu"], default="auto")
parser.add_argument(
    "--figure", default="translate_numbers_torch.png", help="where to save the plot"
)
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
torch.backends.fp32_precision = "ieee"  # float32 on GPUs too: no TF32 convolutions or RNNs
if args.device == "cpu":
    torch.set_num_threads(1)  # matrices this small gain nothing from a second thread

# %%
ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
DIGITS = "零一二三四五六七八九"


def english(n):
    """British English: 'and' before the tens and ones when they follow hundreds or thousands."""
    words = []
    if n >= 1000:
        words += [ONES[n // 1000], "thousand"]
    if n // 100 % 10:
        words += [ONES[n // 100 % 10], "hundred"]
    rest = n % 100
    if rest:
        if words:
            words.append("and")
        if rest < 20:
            words.append(ONES[rest])
        else:
            words.append(TENS[rest // 10] + (f"-{ONES[rest % 10]}" if rest % 10 else ""))
    return " ".join(words)


def chinese(n):
    """Chinese numerals with 二 throughout (二百, 二千), one 零 per gap, 十二 not 一十二."""
    out, gap = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit == 0:
            gap = bool(out)  # a zero after a non-zero digit; written only if more follows
            continue
        out += ("零" if gap else "") + DIGITS[digit] + unit
        gap = False
    return out[1:] if 10 <= n <= 19 else out


# Unit checks on known values.
for n, en, zh in [
    (7, "seven", "七"),
    (12, "twelve", "十二"),
    (20, "twenty", "二十"),
    (105, "one hundred and five", "一百零五"),
    (110, "one hundred and ten", "一百一十"),
    (342, "three hundred and forty-two", "三百四十二"),
    (1005, "one thousand and five", "一千零五"),
    (1050, "one thousand and fifty", "一千零五十"),
    (2200, "two thousand two hundred", "二千二百"),
    (7016, "seven thousand and sixteen", "七千零一十六"),
    (9999, "nine thousand nine hundred and ninety-nine", "九千九百九十九"),
]:
    assert english(n) == en, (n, english(n))
    assert chinese(n) == zh, (n, chinese(n))

# %%
# Every number 1..9999, split at random; the examples shown at the end are put in the test set.
EXAMPLES = [110, 342, 1005, 2020, 7016]
rest = [n for n in range(1, 10000) if n not in EXAMPLES]
random.Random(0).shuffle(rest)
test_numbers = EXAMPLES + rest[:995]
val_numbers = rest[995:1995]
train_numbers = rest[1995:]
assert not set(test_numbers) & set(train_numbers + val_numbers)

# Source tokens are words (hyphens split "forty-two"), target tokens are characters.
PAD, BOS, EOS = 0, 1, 2
src_vocab = ["<pad>"] + sorted(
    {w for n in range(1, 10000) for w in english(n).replace("-", " ").split()}
)
tgt_vocab = ["<pad>", "<s>", "</s>"] + sorted(set(DIGITS + "十百千"))
src_index = {w: i for i, w in enumerate(src_vocab)}
print(
    f"data: {len(train_numbers)} train / {len(val_numbers)} validation / {len(test_numbers)} "
    f"test numbers, vocabulary {len(src_vocab) - 1} words -> {len(tgt_vocab) - 3} characters"
)


def pad(rows):
    out = torch.full((len(rows), max(map(len, rows))), PAD)
    for i, row in enumerate(rows):
        out[i, : len(row)] = torch.tensor(row)
    return out.to(args.device)


def encode(numbers):
    """Padded source ids, decoder inputs (<s> + target) and targets (target + </s>)."""
    src = [[src_index[w] for w in english(n).replace("-", " ").split()] for n in numbers]
    tgt = [[tgt_vocab.index(c) for c in chinese(n)] for n in numbers]
    return pad(src), pad([[BOS] + t for t in tgt]), pad([t + [EOS] for t in tgt])


def score(hypotheses, numbers):
    """Corpus BLEU (sacreBLEU, one reference, characters as tokens) and exact-match rate."""
    references = [chinese(n) for n in numbers]
    bleu = sacrebleu.corpus_bleu(hypotheses, [references], tokenize="zh").score
    exact = np.mean([h == r for h, r in zip(hypotheses, references, strict=True)])
    return bleu, exact


train = encode(train_numbers)
val_src = encode(val_numbers)[0]
test_src = encode(test_numbers)[0]

# %%
# Baseline: a word-for-word lookup table, blind to context (so no 零 and no 一十).
LOOKUP = {"hundred": "百", "thousand": "千", "and": ""}
LOOKUP.update({w: DIGITS[i] for i, w in enumerate(ONES[1:10], 1)})
LOOKUP.update({w: "十" + DIGITS[i - 10] * (i > 10) for i, w in enumerate(ONES[10:], 10)})
LOOKUP.update({w: DIGITS[i] + "十" for i, w in enumerate(TENS[2:], 2)})
lookup = ["".join(LOOKUP[w] for w in english(n).replace("-", " ").split()) for n in test_numbers]
bleu, exact = score(lookup, test_numbers)
print(f"baseline, word-for-word lookup: test BLEU {bleu:.4f}, exact match {exact:.4f}")


# %%
class Seq2Seq(nn.Module):
    """Bidirectional GRU encoder, GRU decoder, Luong-style attention over the encoder outputs."""

    def __init__(self, n_src, n_tgt, emb=32, hidden=64):
        super().__init__()
        self.src_emb = nn.Embedding(n_src, emb, padding_idx=PAD)
        self.tgt_emb = nn.Embedding(n_tgt, emb, padding_idx=PAD)
        # Reads the words left to right and right to left, hidden // 2 units each way.
        self.encoder = nn.GRU(emb, hidden // 2, batch_first=True, bidirectional=True)
        self.decoder = nn.GRU(emb, hidden, batch_first=True)
        self.score = nn.Linear(hidden, hidden, bias=False)  # score(dec, enc) = dec . W enc
        self.combine = nn.Linear(2 * hidden, hidden)
        self.out = nn.Linear(hidden, n_tgt)

    def encode(self, src):
        # Packing makes the GRU skip the padding, so each direction ends on a real word.
        lengths = (src != PAD).sum(1).cpu()
        packed = nn.utils.rnn.pack_padded_sequence(
            self.src_emb(src), lengths, batch_first=True, enforce_sorted=False
        )
        enc, last = self.encoder(packed)
        enc = nn.utils.rnn.pad_packed_sequence(enc, batch_first=True, total_length=src.shape[1])[0]
        # enc: (batch, src_len, hidden); the two directions' last states start the decoder.
        return enc, torch.cat([last[0], last[1]], -1).unsqueeze(0)

    def decode(self, tgt_in, enc, src, state):
        dec, state = self.decoder(self.tgt_emb(tgt_in), state)  # (batch, tgt_len, hidden)
        scores = dec @ self.score(enc).transpose(1, 2)  # (batch, tgt_len, src_len)
        weights = scores.masked_fill((src == PAD).unsqueeze(1), -1e9).softmax(-1)
        context = weights @ enc
        logits = self.out(torch.tanh(self.combine(torch.cat([dec, context], -1))))
        return logits, state, weights

    def forward(self, src, tgt_in):  # teacher forcing: the true previous character as input
        enc, state = self.encode(src)
        return self.decode(tgt_in, enc, src, state)[0]

    @torch.no_grad()
    def greedy(self, src, max_len=9):
        """Feed back the most likely character until every row has produced </s>."""
        self.eval()
        enc, state = self.encode(src)
        token = torch.full((len(src), 1), BOS, device=src.device)
        outputs, attention = [], []
        for _ in range(max_len):
            logits, state, weights = self.decode(token, enc, src, state)
            token = logits.argmax(-1)
            outputs.append(token)
            attention.append(weights)
            if (torch.cat(outputs, 1) == EOS).any(1).all():
                break
        return torch.cat(outputs, 1), torch.cat(attention, 1)


def to_chinese(ids):
    text = ""
    for i in ids.tolist():
        if i == EOS:
            break
        text += tgt_vocab[i] if i > EOS else ""
    return text


def translate(src):
    ids, attention = model.greedy(src)
    return [to_chinese(row) for row in ids], attention


model = Seq2Seq(len(src_vocab), len(tgt_vocab)).to(args.device)
loss_fn = nn.CrossEntropyLoss(ignore_index=PAD)  # per-token, padding ignored
epochs, batch_size = 4, 128
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
# The learning rate falls along a cosine to zero by the last step: the model settles instead of
# ending mid-jump, so a rounding difference cannot flip a test translation.
steps = epochs * -(-len(train_numbers) // batch_size)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
print(f"parameters: {sum(p.numel() for p in model.parameters()):,}")

# %%
order = torch.Generator().manual_seed(0)  # shuffles the same way on every run
history = {"loss": [], "val_exact": []}
for epoch in range(1, epochs + 1):
    model.train()
    total = 0.0
    for batch in torch.randperm(len(train_numbers), generator=order).split(batch_size):
        src, tgt_in, tgt_out = (t[batch.to(args.device)] for t in train)
        optimizer.zero_grad()
        logits = model(src, tgt_in)
        loss = loss_fn(logits.reshape(-1, len(tgt_vocab)), tgt_out.reshape(-1))
        loss.backward()
        optimizer.step()
        schedule.step()
        total += loss.item() * len(batch)
    history["loss"].append(total / len(train_numbers))
    history["val_exact"].append(score(translate(val_src)[0], val_numbers)[1])
    print(
        f"epoch {epoch}  train loss {history['loss'][-1]:.4f}  "
        f"validation exact match {history['val_exact'][-1]:.4f}"
    )

# %%
hypotheses, attention = translate(test_src)
bleu, exact = score(hypotheses, test_numbers)
print(f"test BLEU (sacreBLEU, tokenize=zh): {bleu:.4f}")
# The default 13a tokenizer splits on spaces: each number would be one token, with no 2-grams.
bleu_13a = sacrebleu.corpus_bleu(hypotheses, [[chinese(n) for n in test_numbers]]).score
print(f"the same output scored with the default tokenize=13a: {bleu_13a:.4f}")
print(f"test exact match: {exact:.4f} ({round(exact * len(test_numbers))}/{len(test_numbers)})")
for i, n in enumerate(EXAMPLES):
    mark = "ok" if hypotheses[i] == chinese(n) else "WRONG"
    print(f"  {english(n):36} -> {hypotheses[i]} (reference {chinese(n)}) {mark}")
if bleu < 90:
    sys.exit(f"test BLEU {bleu:.4f} is below the bar of 90")

# %%
fig = Figure(figsize=(10, 3.4), layout="constrained")
loss_ax, exact_ax, heat = fig.subplots(1, 3, width_ratios=[1, 1, 0.9])
steps = range(1, epochs + 1)
loss_ax.semilogy(steps, history["loss"], marker="o")
loss_ax.set(xlabel="epoch", xticks=steps, title="Train loss (per token, log scale)")
exact_ax.plot(steps, history["val_exact"], marker="s", color="tab:orange")
exact_ax.set(xlabel="epoch", xticks=steps, ylim=(0.8, 1.01), title="Validation exact match")
# Attention of one test example: which source word each output character looked at.
i = EXAMPLES.index(7016)
words = english(EXAMPLES[i]).replace("-", " ").split()
pinyin = "ling yi er san si wu liu qi ba jiu shi bai qian".split()
PINYIN = dict(zip(DIGITS + "十百千", pinyin, strict=True))  # the default font has no Chinese
# Not the step that writes </s>: once the number is complete, where it looks is arbitrary.
chars = [PINYIN[c] for c in hypotheses[i]]
heat.imshow(attention[i, : len(chars), : len(words)].cpu(), cmap="Blues", vmin=0, vmax=1)
heat.set_xticks(range(len(words)), words, rotation=45, ha="right")
heat.set_yticks(range(len(chars)), chars)
heat.set(ylabel="output (pinyin)", title=f"Attention: {EXAMPLES[i]}")
fig.savefig(args.figure, dpi=80, metadata={"Software": None})
print(f"figure saved: {args.figure}")
