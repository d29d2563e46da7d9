"""Corpus BLEU (Papineni et al. 2002) computed by hand, checked against sacreBLEU."""

import argparse
import math
import sys
from collections import Counter

import sacrebleu

parser = argparse.ArgumentParser(description=__doc__)
parser.parse_args()

# Already tokenised: tokens are separated by single spaces, one reference per sentence.
hypotheses = ["the cat sat on the mat", "a dog is in the the garden"]
references = ["the cat sat on the red mat", "there is a dog in the garden"]
MAX_N = 4  # n-grams of order 1 to 4, uniform weights 1/4


def ngrams(tokens, n):
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def corpus_bleu(hyps, refs):
    """Return (matches, totals, c, r, p, bp, bleu) with counts pooled over the corpus."""
    matches, totals = [0] * MAX_N, [0] * MAX_N
    c = r = 0
    for hyp, ref in zip(hyps, refs, strict=True):
        h, g = hyp.split(), ref.split()
        c, r = c + len(h), r + len(g)
        for n in range(1, MAX_N + 1):
            h_counts, g_counts = ngrams(h, n), ngrams(g, n)
            # clipping: an n-gram counts at most as often as it occurs in the reference
            matches[n - 1] += sum(min(k, g_counts[gram]) for gram, k in h_counts.items())
            totals[n - 1] += sum(h_counts.values())
    p = [m / t for m, t in zip(matches, totals, strict=True)]
    bp = 1.0 if c > r else math.exp(1 - r / c)
    # geometric mean of p_1..p_4; it is 0 as soon as one p_n is 0 (no smoothing)
    bleu = bp * math.exp(sum(math.log(x) for x in p) / MAX_N) if min(p) > 0 else 0.0
    return matches, totals, c, r, p, bp, bleu


def sacre(hyps, refs):
    # tokenize="none": split on whitespace only; smooth_method="none": the plain formula
    return sacrebleu.corpus_bleu(hyps, [refs], tokenize="none", smooth_method="none")


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


matches, totals, c, r, p, bp, bleu = corpus_bleu(hypotheses, references)
sb = sacre(hypotheses, references)

failures = []
if (matches, totals, c, r) != (sb.counts, sb.totals, sb.sys_len, sb.ref_len):
    failures.append("n-gram counts or lengths")
if not all(close(x, y / 100) for x, y in zip(p, sb.precisions, strict=True)):
    failures.append("precisions")
if not close(bp, sb.bp):
    failures.append("brevity penalty")
if not close(bleu, sb.score / 100):
    failures.append("BLEU")

# Without clipping, every hypothesis word found in the reference counts, however often it repeats.
unclipped = sum(
    w in g.split() for h, g in zip(hypotheses, references, strict=True) for w in h.split()
)

print(f"c = {c} hypothesis tokens, r = {r} reference tokens")
for n in range(1, MAX_N + 1):
    print(f"p_{n} = {matches[n - 1]:2d} / {totals[n - 1]:2d} = {p[n - 1]:.4f}")
print(f"p_1 without clipping = {unclipped:2d} / {totals[0]:2d} = {unclipped / totals[0]:.4f}")
rule = f"exp(1 - {r}/{c})" if c <= r else "1, since c > r"
print(f"BP   = {rule} = {bp:.4f}")
print(f"BLEU (by hand)              = {bleu:.4f}")
print(f"BLEU (sacrebleu, score/100) = {sb.score / 100:.4f}")

sentence = []
for h, g in zip(hypotheses, references, strict=True):
    s_bleu = corpus_bleu([h], [g])[-1]
    if not close(s_bleu, sacre([h], [g]).score / 100):
        failures.append(f"sentence BLEU of {h!r}")
    sentence.append(s_bleu)
shown = ", ".join(f"{s:.4f}" for s in sentence)
print(f"sentence BLEU (no smoothing) = {shown}, mean {sum(sentence) / len(sentence):.4f}")

if failures:
    sys.exit("hand formula and sacreBLEU disagree on: " + ", ".join(failures))
print("hand formula and sacreBLEU agree")
