"""XOR: a linear model cannot separate it, a one-hidden-layer MLP can. In TensorFlow (Keras 3)."""

# %%
import argparse
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # hide TensorFlow's C++ log
# oneDNN's custom CPU kernels are on by default only on some CPUs, where they change the
# rounding and announce themselves on stderr; off, every CPU runs the same kernels.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras
import numpy as np
import tensorflow as tf
from matplotlib.figure import Figure

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "gpu"], default="auto")
parser.add_argument("--figure", default="xor_tf.png", help="where to save the plot")
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
# Noisy XOR: points scattered around the four corners of the unit square.
# The label is 1 when exactly one coordinate is near 1.
corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
labels = np.array([0, 1, 1, 0], dtype=np.float32)
rng = np.random.default_rng(0)


def sample(per_corner):
    x = np.repeat(corners, per_corner, axis=0)
    x = x + rng.normal(scale=0.15, size=x.shape).astype(np.float32)
    return x, np.repeat(labels, per_corner)


x_train, y_train = sample(100)  # 400 training points
x_test, y_test = sample(50)  # 200 held-out points, drawn separately
print(f"data: {len(x_train)} train / {len(x_test)} test points, 2 features, labels 0/1")

# %%
models = {
    # logistic regression: one weighted sum, one logit
    "linear": keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)]),
    # 8 hidden units
    "MLP": keras.Sequential(
        [keras.Input(shape=(2,)), keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(1)]
    ),
}


def accuracy(model, x, y):
    return float(((keras.ops.convert_to_numpy(model(x))[:, 0] > 0) == y).mean())


# %%
for name, model in models.items():
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.05),
        # sigmoid + binary cross-entropy, computed stably
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
    )
    # 300 full-batch gradient steps: all 400 points as one batch, repeated 300 times, in one
    # epoch (fit(epochs=300) gives the same weights but pays Keras's per-epoch cost 300 times)
    steps = tf.data.Dataset.from_tensors((x_train, y_train)).repeat(300)
    model.fit(steps, epochs=1, shuffle=False, verbose=0)
    loss = model.evaluate(x_train, y_train, verbose=0)
    print(
        f"{name:6s}  final train loss {loss:.4f}  "
        f"train accuracy {accuracy(model, x_train, y_train):.4f}  "
        f"test accuracy {accuracy(model, x_test, y_test):.4f}"
    )

# %%
test_linear = accuracy(models["linear"], x_test, y_test)
test_mlp = accuracy(models["MLP"], x_test, y_test)
if test_linear > 0.75 or test_mlp < 1.0:
    sys.exit(f"expected linear <= 0.75 and MLP = 1.0, got {test_linear:.4f} and {test_mlp:.4f}")
for name, model in models.items():
    p = keras.ops.convert_to_numpy(keras.ops.sigmoid(model(corners)))[:, 0]
    print(f"{name:6s}  P(label 1) at (0,0) (0,1) (1,0) (1,1): " + "  ".join(f"{v:.2f}" for v in p))

# %%
fig = Figure(figsize=(8, 3.8), layout="constrained")
axes = fig.subplots(1, 2, sharey=True)
xs = np.linspace(-0.6, 1.6, 221, dtype=np.float32)
mesh = np.stack(np.meshgrid(xs, xs), axis=-1).reshape(-1, 2)
for ax, (name, model) in zip(axes, models.items(), strict=True):
    p = keras.ops.convert_to_numpy(keras.ops.sigmoid(model(mesh)))
    ax.contourf(
        xs, xs, p.reshape(len(xs), len(xs)), levels=[0, 0.5, 1], colors=["#dbe4f3", "#f6dcc6"]
    )
    for label, marker, colour in ((0, "o", "#1f5aa6"), (1, "^", "#c0561a")):
        chosen = x_test[y_test == label]
        ax.scatter(
            chosen[:, 0], chosen[:, 1], s=12, marker=marker, color=colour, label=f"label {label}"
        )
    accuracy_text = f"test accuracy {accuracy(model, x_test, y_test):.2f}"
    ax.set(title=f"{name}: {accuracy_text}", xlabel="x1", aspect="equal")
axes[0].set(ylabel="x2")
axes[1].legend(loc="center")
fig.savefig(args.figure, dpi=80, metadata={"Software": None})
print(f"figure saved: {args.figure}")
