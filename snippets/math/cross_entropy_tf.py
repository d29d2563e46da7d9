"""Categorical cross-entropy from logits, by hand with NumPy and with TensorFlow."""

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


logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])  # N = 2 samples, K = 3 classes
labels = np.array([0, 1])  # true class of each sample
one_hot = np.eye(3)[labels]

shifted = logits - logits.max(axis=1, keepdims=True)
log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # log softmax
per_sample = -(one_hot * log_p).sum(axis=1)  # natural log, summed over classes
loss = per_sample.mean()  # averaged over samples

per_sample_tf = tf.nn.softmax_cross_entropy_with_logits(one_hot, logits).numpy()
cce = tf.keras.losses.CategoricalCrossentropy(from_logits=True, dtype="float64")
loss_tf = float(cce(one_hot, logits))
sparse = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
np.testing.assert_allclose(per_sample_tf, per_sample, rtol=1e-12)
np.testing.assert_allclose(loss_tf, loss, rtol=1e-12)
np.testing.assert_allclose(float(sparse(labels, logits)), loss, rtol=1e-12)

# A single sample with true label [1, 0] and predicted probabilities [0.9, 0.1]
single = -(1 * np.log(0.9) + 0 * np.log(0.1))
single_tf = tf.keras.losses.CategoricalCrossentropy(dtype="float64")([[1.0, 0.0]], [[0.9, 0.1]])
np.testing.assert_allclose(float(single_tf), single, rtol=1e-6)  # Keras clips p to [1e-7, 1 - 1e-7]

print(f"probabilities, sample 1      = {fmt(np.exp(log_p[0]))}")
print(f"probabilities, sample 2      = {fmt(np.exp(log_p[1]))}")
print(f"per-sample loss (NumPy)      = {fmt(per_sample)}")
print(f"per-sample loss (TensorFlow) = {fmt(per_sample_tf)}")
print(f"mean loss (NumPy)            = {loss:.4f}")
print(f"mean loss (keras CCE)        = {loss_tf:.4f}")
print(f"one sample, p = [0.9, 0.1]   = {single:.4f}")
print("NumPy and TensorFlow agree")
