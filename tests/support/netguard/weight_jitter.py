"""Perturb a training example's initial weights by a relative amount, without touching its code.

Loaded by sitecustomize.py when SNIPPET_WEIGHT_JITTER is set (for example to 1e-6). It waits for
PyTorch's optimizers or Keras's to be imported, then multiplies every parameter an optimizer is
given by (1 + jitter * u), u in [-1, 1], once, before the first update:

- PyTorch: when an optimizer is constructed (the examples build it right before training);
- Keras: when an optimizer is built on its variables (fit builds it before the first step; the
  custom loops build it or apply their first gradients).

u is a function of the weight's own value (sin of a large multiple of it), not of a random
stream: the same weight gets the same nudge in every process and every copy of a model, so the
distributed examples' replicas stay identical and their one-process references see the same
start. The size matches what another CPU does to a training run after its first few steps:
float32 rounding differs at about 1e-7 of a value, and a few operations compound it.
"""

import atexit
import os
import sys

from after_import import when_imported

JITTER = float(os.environ.get("SNIPPET_WEIGHT_JITTER", "0"))
# Another phase gives another pattern of nudges of the same size (for exploring a recipe's spread).
PHASE = float(os.environ.get("SNIPPET_WEIGHT_JITTER_PHASE", "0"))
_FREQUENCY = 9973.0  # a large odd factor: neighbouring weights get unrelated nudges
_done: set[int] = set()  # ids of tensors already nudged (an optimizer may be built twice)
_values = [0]  # how many weights were nudged


def _report() -> None:
    # The robustness check reads this line: a run whose weights were never nudged proves nothing.
    # One write: the processes of a distributed run share stderr, and a pipe keeps a short
    # write whole, where print's two writes (text, newline) could interleave with another's.
    sys.stderr.write(
        f"weight jitter {JITTER:g}: nudged {len(_done)} tensors, {_values[0]} values\n"
    )
    sys.stderr.flush()


def _nudge_torch(params) -> None:
    import torch

    with torch.no_grad():
        for p in params:
            local = p.to_local() if hasattr(p, "to_local") else p  # FSDP2's DTensor: its shard
            if id(local) in _done or not local.is_floating_point():
                continue
            _done.add(id(local))
            _values[0] += local.numel()
            local.mul_(1 + JITTER * torch.sin(local * _FREQUENCY + PHASE))


def _patch_torch(module) -> None:
    optimizer = module.Optimizer
    original = optimizer.__init__

    def __init__(self, params, defaults, *args, **kwargs):
        original(self, params, defaults, *args, **kwargs)
        _nudge_torch(p for group in self.param_groups for p in group["params"])

    optimizer.__init__ = __init__


def _patch_keras(module) -> None:
    base = module.BaseOptimizer
    original = base.build

    def build(self, variables):
        original(self, variables)
        import tensorflow as tf

        with tf.init_scope():  # run now, once, even when built while a graph is traced
            for v in variables:
                if id(v) in _done or "float" not in str(v.dtype):
                    continue
                _done.add(id(v))
                _values[0] += int(tf.size(v.value))
                value = tf.convert_to_tensor(v.value)
                v.assign(value * (1 + JITTER * tf.sin(value * _FREQUENCY + PHASE)))

    base.build = build


if JITTER:
    when_imported("torch.optim.optimizer", _patch_torch)
    when_imported("keras.src.optimizers.base_optimizer", _patch_keras)
    atexit.register(_report)
