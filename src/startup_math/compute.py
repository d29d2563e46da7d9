"""Training compute.

The standard estimate for dense transformers (Kaplan et al. 2020, "Scaling Laws
for Neural Language Models", arXiv:2001.08361, section 2.1) is

    C = 6 * N * D

floating-point operations, where N is the number of non-embedding parameters and D
the number of training tokens: about 2N FLOPs per token for the forward pass and
4N for the backward pass. It leaves out the attention score computation, which is
small when the context length is short compared with 12 times the model width.
"""

from startup_math._validate import positive_number

FLOPS_PER_PARAM_PER_TOKEN = 6
"""Forward (2) plus backward (4) multiply-adds, counted as FLOPs, per parameter and token."""


def training_flops(n_params: float, n_tokens: float) -> float:
    """Estimate the floating-point operations needed to train a dense transformer.

    Args:
        n_params: Number of model parameters N (for example ``7e9``).
        n_tokens: Number of training tokens D (for example ``2e12``).

    Returns:
        The compute C = 6 N D in FLOPs.

    Raises:
        ValueError: if either argument is not a finite number greater than zero.

    Example:
        >>> f"{training_flops(175e9, 300e9):.3e}"
        '3.150e+23'
    """
    n = positive_number("n_params", n_params)
    d = positive_number("n_tokens", n_tokens)
    return FLOPS_PER_PARAM_PER_TOKEN * n * d
