"""Mixture-of-experts families with their own constructors: Mixtral, Qwen3-MoE, DeepSeek-V3.

Each fills a ``Decoder`` whose layers hold an ``MoE`` (see ``layers``).
"""

from dataclasses import dataclass

from startup_math._validate import at_most, boolean, divides, non_negative_int, positive_int
from startup_math.params.attention import GQA, MLA
from startup_math.params.base import _Family
from startup_math.params.decoder import Decoder
from startup_math.params.layers import DenseMLP, Layer, MoE


@dataclass(frozen=True, kw_only=True)
class MixtralArchitecture(_Family):
    """A Mixtral style mixture-of-experts decoder.

    The Llama decoder (grouped-query attention, rotary positions, RMSNorm, no biases) in
    which every layer's MLP is replaced by ``n_experts`` SwiGLU experts and a router, a
    linear layer without bias (d_model -> n_experts) whose softmax picks ``top_k``
    experts per token (Jiang et al. 2024, arXiv:2401.04088, section 2.1).
    ``transformers`` 5 stores each layer's experts as two fused tensors
    (``gate_up_proj`` and ``down_proj``); the count is the same.

    Attributes:
        vocab_size: Vocabulary size (``vocab_size`` in ``MixtralConfig``).
        d_model: Hidden size (``hidden_size``).
        n_layers: Number of blocks (``num_hidden_layers``).
        n_heads: Query heads (``num_attention_heads``).
        d_expert: SwiGLU inner size of each expert (``intermediate_size``).
        n_experts: Experts per layer (``num_local_experts``).
        top_k: Experts each token uses (``num_experts_per_tok``), at most ``n_experts``.
        n_kv_heads: Key/value heads (``num_key_value_heads``), dividing ``n_heads``;
            ``None`` means ``n_heads``.
        head_dim: Size of each head (``head_dim``); ``None`` means ``d_model // n_heads``,
            which then must be exact.
        tie_embeddings: Whether the head shares the token embedding matrix.
        max_context: Longest sequence the released model supports
            (``max_position_embeddings``); ``None`` when unknown (not checked).
    """

    vocab_size: int
    d_model: int
    n_layers: int
    n_heads: int
    d_expert: int
    n_experts: int
    top_k: int
    n_kv_heads: int | None = None
    head_dim: int | None = None
    tie_embeddings: bool = False
    max_context: int | None = None

    def __post_init__(self) -> None:
        names = ("vocab_size", "d_model", "n_layers", "n_heads", "d_expert", "n_experts")
        for name in (*names, "top_k"):
            positive_int(name, getattr(self, name))
        at_most("top_k", self.top_k, "n_experts", self.n_experts)
        if self.n_kv_heads is not None:
            positive_int("n_kv_heads", self.n_kv_heads)
            divides("n_kv_heads", self.n_kv_heads, "n_heads", self.n_heads)
        if self.head_dim is None:
            divides("n_heads", self.n_heads, "d_model", self.d_model)
        else:
            positive_int("head_dim", self.head_dim)
        boolean("tie_embeddings", self.tie_embeddings)
        if self.max_context is not None:
            positive_int("max_context", self.max_context)

    def kv_cache_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, n_kv_heads, head_dim)`` for the KV cache size."""
        kv_heads = self.n_kv_heads or self.n_heads
        head_dim = self.head_dim or self.d_model // self.n_heads
        return self.n_layers, kv_heads, head_dim

    def _decoder(self) -> Decoder:
        _, kv_heads, head_dim = self.kv_cache_dims()
        attention = GQA(n_heads=self.n_heads, n_kv_heads=kv_heads, head_dim=head_dim)
        experts = MoE(n_experts=self.n_experts, top_k=self.top_k, d_expert=self.d_expert)
        return self._stack((Layer(attention, experts),) * self.n_layers)


@dataclass(frozen=True, kw_only=True)
class Qwen3MoeArchitecture(_Family):
    """A Qwen3-MoE decoder: Qwen3 attention and routed SwiGLU experts in every layer.

    Qwen3 attention is grouped-query attention without biases, with an explicit head
    size (not necessarily ``d_model / n_heads``) and an RMSNorm over each query and key
    head (``q_norm``, ``k_norm``: one weight of size ``head_dim`` each per layer). Every
    layer has ``n_experts`` SwiGLU experts and a bias-free router, no shared expert
    (``decoder_sparse_step`` 1, no ``mlp_only_layers``, as in the released models).

    Attributes:
        vocab_size: Vocabulary size (``vocab_size`` in ``Qwen3MoeConfig``).
        d_model: Hidden size (``hidden_size``).
        n_layers: Number of blocks (``num_hidden_layers``).
        n_heads: Query heads (``num_attention_heads``).
        n_kv_heads: Key/value heads (``num_key_value_heads``), dividing ``n_heads``.
        head_dim: Size of each head (``head_dim``).
        d_expert: SwiGLU inner size of each expert (``moe_intermediate_size``).
        n_experts: Experts per layer (``num_experts``).
        top_k: Experts each token uses (``num_experts_per_tok``), at most ``n_experts``.
        tie_embeddings: Whether the head shares the token embedding matrix.
        max_context: Longest sequence the released model supports
            (``max_position_embeddings``); ``None`` when unknown (not checked).
    """

    vocab_size: int
    d_model: int
    n_layers: int
    n_heads: int
    n_kv_heads: int
    head_dim: int
    d_expert: int
    n_experts: int
    top_k: int
    tie_embeddings: bool = False
    max_context: int | None = None

    def __post_init__(self) -> None:
        names = ("vocab_size", "d_model", "n_layers", "n_heads", "n_kv_heads", "head_dim")
        for name in (*names, "d_expert", "n_experts", "top_k"):
            positive_int(name, getattr(self, name))
        divides("n_kv_heads", self.n_kv_heads, "n_heads", self.n_heads)
        at_most("top_k", self.top_k, "n_experts", self.n_experts)
        boolean("tie_embeddings", self.tie_embeddings)
        if self.max_context is not None:
            positive_int("max_context", self.max_context)

    def kv_cache_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, n_kv_heads, head_dim)`` for the KV cache size."""
        return self.n_layers, self.n_kv_heads, self.head_dim

    def _decoder(self) -> Decoder:
        attention = GQA(
            n_heads=self.n_heads, n_kv_heads=self.n_kv_heads, head_dim=self.head_dim, qk_norm=True
        )
        experts = MoE(n_experts=self.n_experts, top_k=self.top_k, d_expert=self.d_expert)
        return self._stack((Layer(attention, experts),) * self.n_layers)


@dataclass(frozen=True, kw_only=True)
class DeepseekV3Architecture(_Family):
    """A DeepSeek-V3 decoder: multi-head latent attention and DeepSeekMoE.

    Attention (MLA, DeepSeek-V2, arXiv:2405.04434, section 2.1; DeepSeek-V3,
    arXiv:2412.19437, section 2.1.1): queries go through a low-rank bottleneck
    (``q_a_proj`` d -> q_lora_rank, an RMSNorm, ``q_b_proj`` -> n_heads x (nope + rope)),
    or one projection if ``q_lora_rank`` is ``None``. Keys and values are compressed
    jointly into a latent of ``kv_lora_rank`` plus one shared rotary key of
    ``qk_rope_head_dim`` (``kv_a_proj_with_mqa``, then an RMSNorm on the latent), and
    ``kv_b_proj`` expands the latent into per-head keys (``qk_nope_head_dim``) and values
    (``v_head_dim``); ``o_proj`` maps n_heads x v_head_dim back to d. No biases
    (``attention_bias`` false, as released).

    MLP: the first ``first_k_dense`` layers have a dense SwiGLU MLP of ``d_ff``; the rest
    have ``n_shared_experts`` shared experts (one SwiGLU of ``n_shared_experts *
    d_expert``, used by every token), ``n_experts`` routed SwiGLU experts of ``d_expert``
    and a router (``n_experts x d_model`` weight, no bias) that picks ``top_k`` per token
    from sigmoid affinities plus a balancing bias (the auxiliary-loss-free load balancing
    of section 2.1.2), within the best ``topk_group`` of ``n_group`` expert groups, as
    ``transformers``' ``DeepseekV3TopkRouter`` does. That bias,
    ``e_score_correction_bias``, one float per routed expert, is a buffer in
    ``transformers`` 5.23, not a parameter, and is not counted; the released checkpoint
    stores it as a tensor (58 x 256 = 14,848 values for DeepSeek-V3). The grouping does
    not change any count here.

    The released weights also hold one multi-token-prediction (MTP) module, an extra
    transformer block with its own projection and norms that shares the embedding and
    head and predicts one token further ahead (section 2.2): 14B more in the 685B
    checkpoint. ``DeepseekV3ForCausalLM`` in ``transformers`` 5.23 does not build it and
    neither does this class: DeepSeek's 671B total and 37B activated leave it out too.

    Attributes:
        vocab_size: Vocabulary size (``vocab_size`` in ``DeepseekV3Config``).
        d_model: Hidden size (``hidden_size``).
        n_layers: Number of blocks (``num_hidden_layers``), MTP module excluded.
        n_heads: Attention heads (``num_attention_heads``).
        d_ff: SwiGLU inner size of the dense layers (``intermediate_size``).
        d_expert: SwiGLU inner size of each expert (``moe_intermediate_size``).
        n_experts: Routed experts per MoE layer (``n_routed_experts``).
        top_k: Routed experts each token uses (``num_experts_per_tok``), at most
            ``n_experts``.
        n_shared_experts: Shared experts per MoE layer (``n_shared_experts``), 0 or more.
        first_k_dense: Leading layers with a dense MLP (``first_k_dense_replace``), from 0
            to ``n_layers``.
        kv_lora_rank: Width of the compressed key/value latent (``kv_lora_rank``).
        qk_nope_head_dim: Per-head query/key size without rotary positions.
        qk_rope_head_dim: Per-head query size, and shared key size, with rotary positions.
        v_head_dim: Per-head value size.
        q_lora_rank: Width of the query bottleneck; ``None`` for a direct projection.
        tie_embeddings: Whether the head shares the token embedding matrix.
        max_context: Longest sequence the released model supports
            (``max_position_embeddings``); ``None`` when unknown (not checked).
    """

    vocab_size: int
    d_model: int
    n_layers: int
    n_heads: int
    d_ff: int
    d_expert: int
    n_experts: int
    top_k: int
    n_shared_experts: int
    first_k_dense: int
    kv_lora_rank: int
    qk_nope_head_dim: int
    qk_rope_head_dim: int
    v_head_dim: int
    q_lora_rank: int | None = None
    tie_embeddings: bool = False
    max_context: int | None = None

    def __post_init__(self) -> None:
        names = ("vocab_size", "d_model", "n_layers", "n_heads", "d_ff", "d_expert")
        ranks = ("kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim")
        for name in (*names, "n_experts", "top_k", *ranks):
            positive_int(name, getattr(self, name))
        at_most("top_k", self.top_k, "n_experts", self.n_experts)
        non_negative_int("n_shared_experts", self.n_shared_experts)
        non_negative_int("first_k_dense", self.first_k_dense)
        at_most("first_k_dense", self.first_k_dense, "n_layers", self.n_layers)
        if self.q_lora_rank is not None:
            positive_int("q_lora_rank", self.q_lora_rank)
        boolean("tie_embeddings", self.tie_embeddings)
        if self.max_context is not None:
            positive_int("max_context", self.max_context)

    def _decoder(self) -> Decoder:
        attention = MLA(
            n_heads=self.n_heads,
            kv_lora_rank=self.kv_lora_rank,
            qk_nope_head_dim=self.qk_nope_head_dim,
            qk_rope_head_dim=self.qk_rope_head_dim,
            v_head_dim=self.v_head_dim,
            q_lora_rank=self.q_lora_rank,
        )
        experts = MoE(
            n_experts=self.n_experts,
            top_k=self.top_k,
            d_expert=self.d_expert,
            n_shared_experts=self.n_shared_experts,
        )
        dense = Layer(attention, DenseMLP(d_ff=self.d_ff))
        moe = Layer(attention, experts)
        return self._stack(
            (dense,) * self.first_k_dense + (moe,) * (self.n_layers - self.first_k_dense)
        )
