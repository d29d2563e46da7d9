"""Softmax, by hand with NumPy (the numerically stable form) and with TensorFlow."""

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # hide TensorFlow's start-up log

import numpy as np
import tensorflow as tf

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "gpu"], default="auto")
args = parser.parse_args()
if args.device == "cpu":
    tf.config.set_visible_devices([], "GPU")
elif args.device == "gpu" and not tf.config.list_physical_devices("GPU"):
    parser.error("--device gpu: no GPU is visible to TensorFlow")
print("device:", "gpu" if tf.config.list_logical_devices("GPU") else "cpu")


def fmt(values):
    return "[" + ", ".join(f"{v:.4f}" for v in np.ravel(values)) + "]"


z = np.array([2.0, 1.0, 0.1])  # logits for 3 classes


def softmax(logits):
    shifted = logits - logits.max()  # same result, but exp() cannot overflow
    e = np.exp(shifted)
    return e / e.sum()


p = softmax(z)
p_tf = tf.nn.softmax(z).numpy()
np.testing.assert_allclose(p_tf, p, rtol=1e-12)

with np.errstate(over="ignore", invalid="ignore"):
    naive = np.exp(z + 1000) / np.exp(z + 1000).sum()
big = softmax(z + 1000)
big_tf = tf.nn.softmax(z + 1000).numpy()
np.testing.assert_allclose(big, p, rtol=1e-12)
np.testing.assert_allclose(big_tf, p, rtol=1e-12)

print(f"softmax(z) (NumPy)            = {fmt(p)}")
print(f"softmax(z) (tf.nn.softmax)    = {fmt(p_tf)}")
print(f"sum of probabilities          = {p.sum():.4f}")
print(f"naive exp(z + 1000) / sum     = {naive.tolist()}")
print(f"stable softmax(z + 1000)      = {fmt(big)}")
print("NumPy and TensorFlow agree")
