"""Training and inference compute.

The standard estimate for dense transformers (Kaplan et al. 2020, "Scaling Laws
for Neural Language Models", arXiv:2001.08361, section 2.1) is

    C = 6 * N * D

floating-point operations, where N is the number of non-embedding parameters and D
the number of training tokens: about 2N FLOPs per token for the forward pass and
4N for the backward pass. It leaves out the attention score computation, which is
small when the context length is short compared with 12 times the model width.

Kaplan et al. (Table 1) also give that term: the forward pass costs

    C_forward ≈ 2 N + 2 n_layer n_ctx d_attn

FLOPs per token, with n_ctx the context length and d_attn the attention width (the model
width in standard transformers); training costs three times the forward pass.
"""

from startup_math._validate import positive_int, positive_number

FLOPS_PER_PARAM_PER_TOKEN = 6
"""Forward (2) plus backward (4) multiply-adds, counted as FLOPs, per parameter and token."""

FORWARD_FLOPS_PER_PARAM_PER_TOKEN = 2
"""One multiply and one add per parameter and token in the forward pass."""


def _attention_flops_per_token(
    seq_len: int | None, n_layers: int | None, d_model: int | None
) -> float:
    """Return the forward attention term 2 n_layer n_ctx d_attn, or 0 if not asked for."""
    given = [value is not None for value in (seq_len, n_layers, d_model)]
    if not any(given):
        return 0.0
    if not all(given):
        raise ValueError(
            "seq_len, n_layers and d_model must be given together for the attention term, "
            f"got seq_len={seq_len!r}, n_layers={n_layers!r}, d_model={d_model!r}"
        )
    n_ctx = positive_int("seq_len", seq_len)
    layers = positive_int("n_layers", n_layers)
    width = positive_int("d_model", d_model)
    return float(FORWARD_FLOPS_PER_PARAM_PER_TOKEN * layers * n_ctx * width)


def inference_flops_per_token(
    n_params: float,
    *,
    seq_len: int | None = None,
    n_layers: int | None = None,
    d_model: int | None = None,
) -> float:
    """Estimate the forward-pass FLOPs to process or generate one token.

    Kaplan et al. 2020 (arXiv:2001.08361, Table 1): about 2N FLOPs per token, plus
    2 n_layer n_ctx d_attn for the attention scores when ``seq_len``, ``n_layers`` and
    ``d_model`` are given (all three or none).

    Args:
        n_params: Number of model parameters N.
        seq_len: Context length n_ctx attended to.
        n_layers: Number of transformer layers.
        d_model: Attention width d_attn (the model width in standard transformers).

    Returns:
        Forward FLOPs per token.

    Raises:
        ValueError: if ``n_params`` is not a finite number greater than zero, if only some
            of the attention arguments are given, or if one of them is not a positive
            integer.

    Example:
        >>> f"{inference_flops_per_token(7e9):.1e}"
        '1.4e+10'
    """
    n = positive_number("n_params", n_params)
    attention = _attention_flops_per_token(seq_len, n_layers, d_model)
    return FORWARD_FLOPS_PER_PARAM_PER_TOKEN * n + attention


def training_flops(
    n_params: float,
    n_tokens: float,
    *,
    seq_len: int | None = None,
    n_layers: int | None = None,
    d_model: int | None = None,
) -> float:
    """Estimate the floating-point operations needed to train a dense transformer.

    Without the keyword arguments this is C = 6 N D (Kaplan et al. 2020, section 2.1).
    With ``seq_len``, ``n_layers`` and ``d_model`` (all three or none) it adds the
    attention score term of Kaplan et al. Table 1, three times the forward cost:
    C = D (6 N + 6 n_layer n_ctx d_attn).

    Args:
        n_params: Number of model parameters N (for example ``7e9``).
        n_tokens: Number of training tokens D (for example ``2e12``).
        seq_len: Training context length n_ctx.
        n_layers: Number of transformer layers.
        d_model: Attention width d_attn (the model width in standard transformers).

    Returns:
        The training compute in FLOPs.

    Raises:
        ValueError: if ``n_params`` or ``n_tokens`` is not a finite number greater than
            zero, if only some of the attention arguments are given, or if one of them is
            not a positive integer.

    Example:
        >>> f"{training_flops(175e9, 300e9):.3e}"
        '3.150e+23'
        >>> f"{training_flops(175e9, 300e9, seq_len=2048, n_layers=96, d_model=12288):.3e}"
        '3.193e+23'
    """
    n = positive_number("n_params", n_params)
    d = positive_number("n_tokens", n_tokens)
    attention = _attention_flops_per_token(seq_len, n_layers, d_model)
    return (FLOPS_PER_PARAM_PER_TOKEN * n + 3 * attention) * d
