"""A GRU encoder-decoder with attention translates English number words into Chinese, in Keras 3."""

# %%
import argparse
import os
import random
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # hide TensorFlow's C++ log
# oneDNN's custom CPU kernels are on by default only on some CPUs, where they change the
# rounding and announce themselves on stderr; off, every CPU runs the same kernels.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras
import numpy as np
import sacrebleu
import tensorflow as tf
from keras import ops
from matplotlib.figure import Figure

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "gpu"], default="auto")
parser.add_argument("--figure", default="translate_numbers_tf.png", help="where to save the plot")
# In Jupyter, ignore the kernel's own command-line arguments.
args = parser.parse_args([] if "ipykernel" in sys.modules else None)
if args.device == "cpu":
    tf.config.set_visible_devices([], "GPU")
elif args.device == "gpu" and not tf.config.list_physical_devices("GPU"):
    parser.error("--device gpu: no GPU is visible to TensorFlow")
print("device:", "gpu" if tf.config.list_logical_devices("GPU") else "cpu")

keras.utils.set_random_seed(0)  # seeds Python, NumPy and TensorFlow
tf.config.experimental.enable_op_determinism()
tf.config.experimental.enable_tensor_float_32_execution(False)  # float32 on GPUs too, no TF32

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
    out = np.full((len(rows), max(map(len, rows))), PAD, dtype="int32")
    for i, row in enumerate(rows):
        out[i, : len(row)] = row
    return out


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


train = encode(train_numbers)  # (source, decoder input, target)
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
class Seq2Seq(keras.Model):
    """Bidirectional GRU encoder, GRU decoder, Luong-style attention over the encoder outputs."""

    def __init__(self, n_src, n_tgt, emb=32, hidden=64):
        super().__init__()
        self.src_emb = keras.layers.Embedding(n_src, emb)
        self.tgt_emb = keras.layers.Embedding(n_tgt, emb)
        # Reads the words left to right and right to left, hidden // 2 units each way.
        self.encoder = keras.layers.Bidirectional(
            keras.layers.GRU(hidden // 2, return_sequences=True, return_state=True)
        )
        self.decoder = keras.layers.GRU(hidden, return_sequences=True, return_state=True)
        self.score = keras.layers.Dense(hidden, use_bias=False)  # score(dec, enc) = dec . W enc
        self.attention = keras.layers.Attention()  # dot-product scores, softmax, weighted sum
        self.combine = keras.layers.Dense(hidden, activation="tanh")
        self.out = keras.layers.Dense(n_tgt)

    def encode(self, src):
        mask = ops.not_equal(src, PAD)  # the GRU skips the padding
        enc, forward, backward = self.encoder(self.src_emb(src), mask=mask)
        # enc: (batch, src_len, hidden); the two directions' last states start the decoder.
        return enc, ops.concatenate([forward, backward], -1), mask

    def decode(self, tgt_in, enc, mask, state):
        dec, state = self.decoder(self.tgt_emb(tgt_in), initial_state=state)
        context, weights = self.attention(
            [dec, enc, self.score(enc)], mask=[None, mask], return_attention_scores=True
        )  # query, value, key; weights: (batch, tgt_len, src_len)
        logits = self.out(self.combine(ops.concatenate([dec, context], -1)))
        return logits, state, weights

    def call(self, inputs):  # teacher forcing: the true previous character as input
        src, tgt_in = inputs
        enc, state, mask = self.encode(src)
        return self.decode(tgt_in, enc, mask, state)[0]

    def greedy(self, src, max_len=9):
        """Feed back the most likely character until every row has produced </s>."""
        enc, state, mask = self.encode(src)
        token = np.full((len(src), 1), BOS, dtype="int32")
        outputs, attention = [], []
        for _ in range(max_len):
            logits, state, weights = self.decode(token, enc, mask, state)
            token = ops.convert_to_numpy(ops.argmax(logits, -1)).astype("int32")
            outputs.append(token)
            attention.append(ops.convert_to_numpy(weights))
            if (np.concatenate(outputs, 1) == EOS).any(1).all():
                break
        return np.concatenate(outputs, 1), np.concatenate(attention, 1)


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


model = Seq2Seq(len(src_vocab), len(tgt_vocab))
epochs, batch_size = 4, 128
# The learning rate falls along a cosine to zero by the last step: the model settles instead of
# ending mid-jump, so a rounding difference cannot flip a test translation.
steps = epochs * -(-len(train[2]) // batch_size)
model.compile(
    optimizer=keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(1e-2, steps)),
    # per-token cross-entropy; class 0 is padding and does not count
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=PAD),
)
model((train[0][:1], train[1][:1]))  # one call creates the weights
print(f"parameters: {model.count_params():,}")


# %%
class ValidationExactMatch(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        logs["val_exact"] = score(translate(val_src)[0], val_numbers)[1]


history = model.fit(
    train[:2],
    train[2],
    batch_size=batch_size,
    epochs=epochs,
    callbacks=[ValidationExactMatch()],
    verbose=0,
).history
for epoch in range(1, epochs + 1):
    print(
        f"epoch {epoch}  train loss {history['loss'][epoch - 1]:.4f}  "
        f"validation exact match {history['val_exact'][epoch - 1]:.4f}"
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
heat.imshow(attention[i, : len(chars), : len(words)], cmap="Blues", vmin=0, vmax=1)
heat.set_xticks(range(len(words)), words, rotation=45, ha="right")
heat.set_yticks(range(len(chars)), chars)
heat.set(ylabel="output (pinyin)", title=f"Attention: {EXAMPLES[i]}")
fig.savefig(args.figure, dpi=80, metadata={"Software": None})
print(f"figure saved: {args.figure}")
