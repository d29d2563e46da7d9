"""Llama 2 7B: the ZeRO paper's formulas next to what DeepSpeed's and accelerate's
estimators report, rebuilt from their source (DeepSpeed 0.19.8, accelerate 1.16.0).
Both tools print GiB (2**30 bytes) under the label "GB"."""

from startup_math import preset
from startup_math.parallel import zero_model_state

arch = preset("llama-2-7b")
PSI = arch.parameter_count()
N = 8  # GPUs
LARGEST = arch.vocab_size * arch.d_model  # largest single module: the embedding
GIB = 2**30


def show(label, nbytes, params):
    print(f"  {label:40}{nbytes / params:>8.2f}{nbytes / 1e9:>9.2f}{nbytes / GIB:>9.2f}")


print(f"{'':42}{'B/param':>8}{'GB':>9}{'GiB':>9}")
print(f"DeepSpeed, per GPU on {N} GPUs, {PSI:,} parameters, largest layer {LARGEST:,}")
show("ZeRO-2, paper: 2 + 14/N", zero_model_state(PSI, 2, N).total, PSI)
# DeepSpeed adds fp32 gradients, 4 bytes per parameter sharded: 2 + 18/N
show("ZeRO-2, DeepSpeed: 2 + 18/N", zero_model_state(PSI, 2, N, fp32_gradients=True).total, PSI)
show("ZeRO-3, paper: 16/N", zero_model_state(PSI, 3, N).total, PSI)
# DeepSpeed: 2 (16-bit weights) + 16 (fp32 weights, fp32 grads, Adam) per parameter,
# no 16-bit gradient shard, plus 4 bytes per parameter of the largest layer
show("ZeRO-3, DeepSpeed: 18/N + largest layer", 18 * PSI / N + 4 * LARGEST, PSI)
show("  of which the largest layer", 4 * LARGEST, PSI)

# accelerate builds AutoModel (LlamaModel, no LM head) and sizes it in fp32
base = PSI - arch.parameter_breakdown()["lm_head"]
print(f"accelerate, bf16 mixed precision, {base:,} parameters")
show("model (fp32 weights)", 4 * base, base)
show("gradients (fp32 + fp16)", 6 * base, base)
show("optimizer (Adam m and v)", 8 * base, base)
show("sum of the parts", 18 * base, base)
show("reported: the largest part", 8 * base, base)
show("ZeRO paper, same parameters", zero_model_state(base, 0, 1).total, base)
