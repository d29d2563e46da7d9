"""A small CNN that reads scikit-learn's 8x8 handwritten digits, in TensorFlow (Keras 3)."""

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
from sklearn.datasets import load_digits
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "gpu"], default="auto")
parser.add_argument("--figure", default="digits_cnn_tf.png", help="where to save the plot")
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
# 1,797 grey-scale images of 8x8 pixels (values 0-16), shipped with scikit-learn.
digits = load_digits()
x = (digits.images / 16.0).astype(np.float32)[..., None]  # (N, height, width, channel)
y = digits.target
x_train, x_rest, y_train, y_rest = train_test_split(x, y, test_size=0.4, stratify=y, random_state=0)
x_val, x_test, y_val, y_test = train_test_split(
    x_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=0
)
print(
    f"data: {len(x_train)} train / {len(x_val)} validation / {len(x_test)} test images, "
    f"8x8 pixels, {len(digits.target_names)} classes"
)

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(8, 8, 1)),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),  # 8x8 -> 8x8
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),  # 8x8 -> 8x8
        keras.layers.MaxPooling2D(2),  # 8x8 -> 4x4
        keras.layers.Flatten(),
        keras.layers.Dropout(0.3),  # while training, zero 30% of the features at random
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10),  # one logit per digit; softmax is inside the loss
    ]
)
epochs, batch_size = 15, 32
# The learning rate falls along a cosine to zero by the last step: the model settles, so a CPU's
# rounding cannot tip the images near a decision boundary from one class to another.
steps = epochs * -(-len(x_train) // batch_size)
model.compile(
    optimizer=keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(3e-3, steps)),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
print(f"parameters: {model.count_params():,}")

# %%
history = model.fit(
    x_train,
    y_train,
    batch_size=batch_size,
    epochs=epochs,
    validation_data=(x_val, y_val),
    verbose=0,
).history
for epoch in range(3, epochs + 1, 3):
    print(
        f"epoch {epoch:2d}  train loss {history['loss'][epoch - 1]:.4f}  "
        f"validation accuracy {history['val_accuracy'][epoch - 1]:.4f}"
    )

# %%
predicted = model.predict(x_test, verbose=0).argmax(axis=1)
test_accuracy = float((predicted == y_test).mean())
print(f"test accuracy: {test_accuracy:.4f} ({(predicted == y_test).sum()}/{len(y_test)})")
if test_accuracy < 0.95:
    sys.exit(f"test accuracy {test_accuracy:.4f} is below the 0.95 bar")

# %%
fig = Figure(figsize=(9, 3.6), layout="constrained")
curve, matrix = fig.subplots(1, 2, width_ratios=[1.2, 1])
steps = range(1, epochs + 1)
curve.plot(steps, history["loss"], marker="o", label="train loss")
curve.plot(steps, history["val_accuracy"], marker="s", label="validation accuracy")
curve.set(xlabel="epoch", ylim=(0, 2.4), title="Training curve")
curve.legend()
counts = confusion_matrix(y_test, predicted)
matrix.imshow(counts, cmap="Blues")
for (i, j), n in np.ndenumerate(counts):
    if n:
        matrix.text(j, i, n, ha="center", va="center", color="white" if n > 20 else "black")
matrix.set(
    xticks=range(10),
    yticks=range(10),
    xlabel="predicted",
    ylabel="true",
    title="Test set confusion matrix",
)
fig.savefig(args.figure, dpi=80, metadata={"Software": None})
print(f"figure saved: {args.figure}")
