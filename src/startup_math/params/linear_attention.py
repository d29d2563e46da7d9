"""Linear attention: Gated DeltaNet, whose recurrent state does not grow with the sequence."""

from dataclasses import dataclass

from startup_math._validate import divides, positive_int


@dataclass(frozen=True, kw_only=True)
class GatedDeltaNet:
    """Gated DeltaNet linear attention (Yang et al. 2024, arXiv:2412.06464; Qwen3.5).

    One projection makes queries and keys (``n_key_heads x key_head_dim`` each) and
    values (``n_value_heads x value_head_dim``), followed by a short causal convolution of
    ``conv_kernel`` taps over those channels; further projections make an output gate
    (``in_proj_z``) and, per value head, the decay and the write strength (``in_proj_a``,
    ``in_proj_b``, with ``A_log`` and ``dt_bias``); a gated RMSNorm over each head and
    ``out_proj`` follow. No biases.

    Nothing grows with the sequence: each layer keeps, per sequence, a recurrent state
    of ``n_value_heads x key_head_dim x value_head_dim`` and the last ``conv_kernel``
    inputs of the convolution, as ``transformers`` 5.23 keeps them (some engines keep
    ``conv_kernel - 1``, and some keep the state in fp32; counted here at the cache's
    dtype). Its work per token does not depend on the context either: no attention
    scores are counted for it (the state update, about 4 n_v d_k d_v multiply-adds per
    token, is left out, as are the convolution's; both are small beside 2N).

    Attributes:
        n_key_heads: Query/key heads (``linear_num_key_heads``).
        n_value_heads: Value heads (``linear_num_value_heads``), a multiple of the key heads.
        key_head_dim: Size of each query/key head (``linear_key_head_dim``).
        value_head_dim: Size of each value head (``linear_value_head_dim``).
        conv_kernel: Taps of the causal convolution (``linear_conv_kernel_dim``).
    """

    n_key_heads: int
    n_value_heads: int
    key_head_dim: int
    value_head_dim: int
    conv_kernel: int

    def __post_init__(self) -> None:
        names = ("n_key_heads", "n_value_heads", "key_head_dim", "value_head_dim")
        for name in (*names, "conv_kernel"):
            positive_int(name, getattr(self, name))
        divides("n_key_heads", self.n_key_heads, "n_value_heads", self.n_value_heads)

    @property
    def _conv_channels(self) -> int:
        keys = self.n_key_heads * self.key_head_dim
        return 2 * keys + self.n_value_heads * self.value_head_dim

    def weights(self, d_model: int) -> int:
        """Projection and convolution weights, decay parameters; the norm apart."""
        d, heads = d_model, self.n_value_heads
        values = heads * self.value_head_dim
        projections = d * self._conv_channels + d * values + 2 * d * heads + values * d
        return projections + self._conv_channels * self.conv_kernel + 2 * heads

    def linears(self, d_model: int) -> tuple[tuple[str, int, int], ...]:
        """``(name, d_in, d_out)`` of each ``nn.Linear`` of the block in transformers 5.23."""
        d, heads = d_model, self.n_value_heads
        values = heads * self.value_head_dim
        return (
            ("in_proj_qkv", d, self._conv_channels),
            ("in_proj_z", d, values),
            ("in_proj_b", d, heads),
            ("in_proj_a", d, heads),
            ("out_proj", values, d),
        )

    def norms(self) -> int:
        """The gated RMSNorm's weight, shared by the value heads."""
        return self.value_head_dim

    def cache(self, tokens: float) -> float:
        """Elements one sequence holds: the state and the convolution's inputs."""
        return self.cache_fixed() if tokens > 0 else 0.0

    def cache_per_token(self) -> float:
        """Nothing grows with the sequence."""
        return 0.0

    def cache_fixed(self) -> float:
        """The recurrent state and the convolution's last ``conv_kernel`` inputs."""
        state = self.n_value_heads * self.key_head_dim * self.value_head_dim
        return float(state + self._conv_channels * self.conv_kernel)

    def scores(self, context: float) -> tuple[float, float]:
        """No attention scores: the recurrence costs the same at any context."""
        return 0.0, 0.0

    @property
    def attends_all(self) -> bool:
        """False: no attention over earlier tokens."""
        return False

    def check_split(self, name: str, degree: int) -> None:
        """Check that ``degree`` GPUs split the key heads (and so the value heads)."""
        divides(name, degree, "linear-attention key heads", self.n_key_heads)
