"""Exact parameter counts from an architecture description.

Three families cover most open models: the GPT-2 decoder (Radford et al. 2019), the
Llama decoder (Touvron et al. 2023, arXiv:2302.13971 and arXiv:2307.09288; Llama 3,
arXiv:2407.21783) and the BERT encoder (Devlin et al. 2019, arXiv:1810.04805). Each
class below counts every weight and bias the way the Hugging Face ``transformers``
implementation builds them, and the tests check the count against the real model.

Tied embeddings (the language-model head reuses the token embedding matrix) are counted
once, as ``torch.nn.Module.parameters()`` does.
"""

from dataclasses import dataclass

from startup_math._validate import boolean, divides, lookup, positive_int

PARTS = ("embeddings", "attention", "mlp", "norms", "lm_head", "pooler")
"""Keys of every ``parameter_breakdown()`` result, in this order."""


class _Architecture:
    """What the three architectures share: the total is the sum of the breakdown."""

    def parameter_breakdown(self) -> dict[str, int]:  # pragma: no cover (each class defines it)
        raise NotImplementedError

    def parameter_count(self) -> int:
        """Return the total number of parameters, tied weights counted once."""
        return sum(self.parameter_breakdown().values())


@dataclass(frozen=True)
class GPT2Architecture(_Architecture):
    """A GPT-2 style decoder.

    Learned position embeddings, pre-LayerNorm blocks (LayerNorm with weight and bias),
    biases on every linear layer, a GELU MLP, a final LayerNorm, and a language-model head
    without bias that is tied to the token embeddings by default.

    Attributes:
        vocab_size: Vocabulary size (``vocab_size`` in ``GPT2Config``).
        n_positions: Longest context, the number of learned positions (``n_positions``).
        d_model: Hidden size (``n_embd``).
        n_layers: Number of transformer blocks (``n_layer``).
        n_heads: Attention heads (``n_head``); must divide ``d_model``.
        d_ff: MLP inner size (``n_inner``); ``None`` means ``4 * d_model``.
        tie_embeddings: Whether the head shares the token embedding matrix.
    """

    vocab_size: int
    n_positions: int
    d_model: int
    n_layers: int
    n_heads: int
    d_ff: int | None = None
    tie_embeddings: bool = True

    def __post_init__(self) -> None:
        for name in ("vocab_size", "n_positions", "d_model", "n_layers", "n_heads"):
            positive_int(name, getattr(self, name))
        if self.d_ff is not None:
            positive_int("d_ff", self.d_ff)
        boolean("tie_embeddings", self.tie_embeddings)
        divides("n_heads", self.n_heads, "d_model", self.d_model)

    def parameter_breakdown(self) -> dict[str, int]:
        """Count the parameters of each part of the model.

        Returns:
            A dict with the keys of ``PARTS``; the values add up to ``parameter_count()``.
        """
        d, f = self.d_model, self.d_ff or 4 * self.d_model
        # Fused QKV projection (d -> 3d) and output projection (d -> d), with biases.
        attention = (d * 3 * d + 3 * d) + (d * d + d)
        mlp = (d * f + f) + (f * d + d)
        # Two LayerNorms per block (weight and bias) and the final one.
        norms = self.n_layers * 2 * 2 * d + 2 * d
        return {
            "embeddings": (self.vocab_size + self.n_positions) * d,
            "attention": self.n_layers * attention,
            "mlp": self.n_layers * mlp,
            "norms": norms,
            "lm_head": 0 if self.tie_embeddings else self.vocab_size * d,
            "pooler": 0,
        }

    def kv_cache_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, n_kv_heads, head_dim)`` for the KV cache size.

        GPT-2 uses multi-head attention, so every head keeps its own keys and values.
        """
        return self.n_layers, self.n_heads, self.d_model // self.n_heads


@dataclass(frozen=True)
class LlamaArchitecture(_Architecture):
    """A Llama style decoder.

    Rotary position embeddings (no position parameters), RMSNorm with a weight and no
    bias, no biases on linear layers, a SwiGLU MLP with gate, up and down projections,
    grouped-query attention, a final RMSNorm and a language-model head that is not tied
    to the embeddings by default.

    Attributes:
        vocab_size: Vocabulary size (``vocab_size`` in ``LlamaConfig``).
        d_model: Hidden size (``hidden_size``).
        n_layers: Number of transformer blocks (``num_hidden_layers``).
        n_heads: Query heads (``num_attention_heads``).
        n_kv_heads: Key/value heads (``num_key_value_heads``); must divide ``n_heads``.
            ``None`` means ``n_heads`` (plain multi-head attention).
        d_ff: SwiGLU inner size (``intermediate_size``).
        head_dim: Size of each head (``head_dim``); ``None`` means ``d_model // n_heads``.
            ``n_heads`` must divide ``d_model`` either way, as ``LlamaConfig`` requires.
        tie_embeddings: Whether the head shares the token embedding matrix
            (``tie_word_embeddings``).
    """

    vocab_size: int
    d_model: int
    n_layers: int
    n_heads: int
    d_ff: int
    n_kv_heads: int | None = None
    head_dim: int | None = None
    tie_embeddings: bool = False

    def __post_init__(self) -> None:
        for name in ("vocab_size", "d_model", "n_layers", "n_heads", "d_ff"):
            positive_int(name, getattr(self, name))
        if self.n_kv_heads is not None:
            positive_int("n_kv_heads", self.n_kv_heads)
            divides("n_kv_heads", self.n_kv_heads, "n_heads", self.n_heads)
        if self.head_dim is not None:
            positive_int("head_dim", self.head_dim)
        divides("n_heads", self.n_heads, "d_model", self.d_model)
        boolean("tie_embeddings", self.tie_embeddings)

    def kv_cache_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, n_kv_heads, head_dim)`` for the KV cache size."""
        kv_heads = self.n_kv_heads or self.n_heads
        head_dim = self.head_dim or self.d_model // self.n_heads
        return self.n_layers, kv_heads, head_dim

    def parameter_breakdown(self) -> dict[str, int]:
        """Count the parameters of each part of the model.

        Returns:
            A dict with the keys of ``PARTS``; the values add up to ``parameter_count()``.
        """
        d, f = self.d_model, self.d_ff
        _, kv_heads, head_dim = self.kv_cache_dims()
        q_size, kv_size = self.n_heads * head_dim, kv_heads * head_dim
        # q, k, v and o projections, no biases.
        attention = d * q_size + 2 * d * kv_size + q_size * d
        # gate and up (d -> f), down (f -> d).
        mlp = 3 * d * f
        # Two RMSNorm weights per block and the final norm.
        norms = self.n_layers * 2 * d + d
        return {
            "embeddings": self.vocab_size * d,
            "attention": self.n_layers * attention,
            "mlp": self.n_layers * mlp,
            "norms": norms,
            "lm_head": 0 if self.tie_embeddings else self.vocab_size * d,
            "pooler": 0,
        }


@dataclass(frozen=True)
class BertArchitecture(_Architecture):
    """A BERT style encoder, without the masked-language-model head.

    Word, position and token-type embeddings followed by a LayerNorm, post-LayerNorm
    blocks with biases on every linear layer and LayerNorm weight and bias, and an
    optional pooler (a dense layer with bias on the first token).

    Attributes:
        vocab_size: Vocabulary size (``vocab_size`` in ``BertConfig``).
        n_positions: Number of learned positions (``max_position_embeddings``).
        n_token_types: Number of segment types (``type_vocab_size``).
        d_model: Hidden size (``hidden_size``).
        n_layers: Number of blocks (``num_hidden_layers``).
        n_heads: Attention heads (``num_attention_heads``); must divide ``d_model``.
        d_ff: MLP inner size (``intermediate_size``).
        pooler: Whether the model has the pooler (``add_pooling_layer`` in ``BertModel``).
    """

    vocab_size: int
    n_positions: int
    n_token_types: int
    d_model: int
    n_layers: int
    n_heads: int
    d_ff: int
    pooler: bool = True

    def __post_init__(self) -> None:
        names = ("vocab_size", "n_positions", "n_token_types", "d_model", "n_layers")
        for name in (*names, "n_heads", "d_ff"):
            positive_int(name, getattr(self, name))
        boolean("pooler", self.pooler)
        divides("n_heads", self.n_heads, "d_model", self.d_model)

    def parameter_breakdown(self) -> dict[str, int]:
        """Count the parameters of each part of the model.

        Returns:
            A dict with the keys of ``PARTS``; the values add up to ``parameter_count()``.
        """
        d, f = self.d_model, self.d_ff
        # q, k, v and output projections (d -> d), with biases.
        attention = 4 * (d * d + d)
        mlp = (d * f + f) + (f * d + d)
        # Embedding LayerNorm and two per block, each with weight and bias.
        norms = 2 * d + self.n_layers * 2 * 2 * d
        return {
            "embeddings": (self.vocab_size + self.n_positions + self.n_token_types) * d,
            "attention": self.n_layers * attention,
            "mlp": self.n_layers * mlp,
            "norms": norms,
            "lm_head": 0,
            "pooler": d * d + d if self.pooler else 0,
        }


Architecture = GPT2Architecture | LlamaArchitecture | BertArchitecture
"""Any of the architecture descriptions."""

PRESETS: dict[str, Architecture] = {
    # Radford et al. 2019; Hugging Face "gpt2" config.
    "gpt2-small": GPT2Architecture(
        vocab_size=50257, n_positions=1024, d_model=768, n_layers=12, n_heads=12
    ),
    # Devlin et al. 2019, BERT-base; Hugging Face "bert-base-uncased" config.
    "bert-base-uncased": BertArchitecture(
        vocab_size=30522,
        n_positions=512,
        n_token_types=2,
        d_model=768,
        n_layers=12,
        n_heads=12,
        d_ff=3072,
    ),
    # Touvron et al. 2023, arXiv:2307.09288; Hugging Face "meta-llama/Llama-2-7b-hf" config.
    "llama-2-7b": LlamaArchitecture(
        vocab_size=32000, d_model=4096, n_layers=32, n_heads=32, d_ff=11008
    ),
    # Llama Team 2024, arXiv:2407.21783, Table 3; "meta-llama/Meta-Llama-3-8B" config.
    "llama-3-8b": LlamaArchitecture(
        vocab_size=128256, d_model=4096, n_layers=32, n_heads=32, n_kv_heads=8, d_ff=14336
    ),
}
"""Published architectures by name."""


def preset(name: str) -> Architecture:
    """Look up a published architecture by name (case-insensitive).

    Args:
        name: One of the keys of ``PRESETS``, for example ``"llama-3-8b"``.

    Returns:
        The architecture description.

    Raises:
        ValueError: if ``name`` is not a string or not a known preset; the message lists
            the known names.

    Example:
        >>> preset("gpt2-small").parameter_count()
        124439808
    """
    return lookup(PRESETS, name, arg="name", what="preset")
