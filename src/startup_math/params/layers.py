"""The MLPs of a ``Decoder`` layer, and the ``Layer`` that pairs one with an attention block."""

from dataclasses import dataclass
from typing import ClassVar

from startup_math._validate import at_most, boolean, non_negative_int, positive_int
from startup_math.params.attention import Attention


def _swiglu(d_model: int, d_inner: int) -> int:
    """Weights of one SwiGLU MLP without biases: gate and up (d -> f), down (f -> d)."""
    return 3 * d_model * d_inner


def _swiglu_linears(d_model: int, d_inner: int) -> tuple[tuple[str, int, int], ...]:
    """``(name, d_in, d_out)`` of the three linear layers of a SwiGLU MLP."""
    return (
        ("gate_proj", d_model, d_inner),
        ("up_proj", d_model, d_inner),
        ("down_proj", d_inner, d_model),
    )


@dataclass(frozen=True, kw_only=True)
class DenseMLP:
    """A SwiGLU MLP without biases: gate and up projections (d -> d_ff), down (d_ff -> d).

    Attributes:
        d_ff: Inner size (``intermediate_size``).
    """

    d_ff: int

    def __post_init__(self) -> None:
        positive_int("d_ff", self.d_ff)

    def linears(self, d_model: int) -> tuple[tuple[str, int, int], ...]:
        """``(name, d_in, d_out)`` of each ``nn.Linear``: gate, up and down projections."""
        return _swiglu_linears(d_model, self.d_ff)


@dataclass(frozen=True, kw_only=True)
class MoE:
    """A mixture of SwiGLU experts: a router picks ``top_k`` of ``n_experts`` per token.

    The router is a linear layer (d_model -> n_experts) without bias unless ``bias``; how
    it scores (softmax, sigmoid with a balancing bias, grouped top-k, DeepSeek-V4's hash
    routing of its first layers) changes no count here. A balancing bias such as
    DeepSeek's ``e_score_correction_bias`` is a buffer in ``transformers`` 5.23, not a
    parameter, and is not counted; nor is DeepSeek-V4's ``tid2eid`` table. Shared experts
    are one SwiGLU of ``n_shared_experts x d_expert`` that every token uses; Qwen3.5 scales
    its output by a sigmoid gate (``shared_expert_gate``, d_model weights, counted with the
    router). ``transformers`` 5 stores each layer's routed experts as fused tensors
    (``gate_up_proj``, ``down_proj``); the count is the same.

    What is an ``nn.Linear`` in ``transformers`` 5.23 (``linears``), which decides what
    peft's ``"all-linear"`` adapts and what its bitsandbytes integration quantizes: the
    shared experts' projections and the shared gate. The fused routed experts are 3D
    parameters, not linear layers; the router is a module of its own, except Llama 4's,
    a subclass of ``nn.Linear`` (``linear_router``). For two model types (``glm_moe_dsa``
    and ``deepseek_v3``, GLM-5 and Kimi K2.5 here), transformers 5.23 maps the checkpoints'
    older per-expert names (``gate_proj``, ``up_proj``, ``down_proj``, router ``gate``)
    onto the fused tensors, and peft 0.21 then translates those names in its target list
    (``legacy_names``; see ``startup_math.finetune.lora_parameter_count``).

    Attributes:
        n_experts: Routed experts (``num_local_experts``, ``num_experts``, ``n_routed_experts``).
        top_k: Routed experts per token (``num_experts_per_tok``), at most ``n_experts``.
        d_expert: SwiGLU inner size of each expert (``moe_intermediate_size``).
        n_shared_experts: Shared experts (``n_shared_experts``), 0 or more.
        shared_gate: Whether a sigmoid gate scales the shared experts (Qwen3.5).
        bias: Biases on the router and on every expert's projections (gpt-oss).
        linear_router: The router is an ``nn.Linear`` subclass (Llama 4).
        legacy_names: transformers maps the older per-expert names onto the fused
            experts (GLM-5, Kimi K2.5).
    """

    n_experts: int
    top_k: int
    d_expert: int
    n_shared_experts: int = 0
    shared_gate: bool = False
    bias: bool = False
    linear_router: bool = False
    legacy_names: bool = False

    linear_subclasses: ClassVar[frozenset[str]] = frozenset({"router"})
    """Linear layers built from a subclass of ``nn.Linear`` (Llama 4's ``Llama4Router``)."""

    def __post_init__(self) -> None:
        for name in ("n_experts", "top_k", "d_expert"):
            positive_int(name, getattr(self, name))
        at_most("top_k", self.top_k, "n_experts", self.n_experts)
        non_negative_int("n_shared_experts", self.n_shared_experts)
        for name in ("shared_gate", "bias", "linear_router", "legacy_names"):
            boolean(name, getattr(self, name))

    def linears(self, d_model: int) -> tuple[tuple[str, int, int], ...]:
        """``(name, d_in, d_out)`` of each ``nn.Linear`` of the block in transformers 5.23.

        The shared experts, the shared gate and a router that is an ``nn.Linear``
        (``linear_router``); not the routed experts (see ``fused_experts``).
        """
        found: tuple[tuple[str, int, int], ...] = ()
        if self.n_shared_experts:
            found += _swiglu_linears(d_model, self.n_shared_experts * self.d_expert)
        if self.shared_gate:
            found += (("shared_expert_gate", d_model, 1),)
        if self.linear_router:
            found += (("router", d_model, self.n_experts),)
        return found

    def fused_experts(self, d_model: int) -> tuple[tuple[str, int, int], ...]:
        """``(name, d_in, d_out)`` of each routed expert's share of the fused tensors.

        ``gate_up_proj`` (d_model -> 2 x d_expert) and ``down_proj`` (d_expert ->
        d_model), each stacked ``n_experts`` times into one 3D parameter.
        """
        d, f = d_model, self.d_expert
        return (("gate_up_proj", d, 2 * f), ("down_proj", f, d))

    def expert_weights(self, d_model: int) -> int:
        """Weights (and biases) of one routed expert."""
        biases = 2 * self.d_expert + d_model if self.bias else 0
        return _swiglu(d_model, self.d_expert) + biases

    def router_weights(self, d_model: int) -> int:
        """The router, its bias, and the shared experts' gate."""
        count = self.n_experts * d_model + (self.n_experts if self.bias else 0)
        return count + (d_model if self.shared_gate else 0)

    def shared_weights(self, d_model: int) -> int:
        """The shared experts, one SwiGLU of ``n_shared_experts x d_expert``."""
        return _swiglu(d_model, self.n_shared_experts * self.d_expert)


MLP = DenseMLP | MoE
"""Either MLP."""


@dataclass(frozen=True)
class Layer:
    """One decoder block: pre-norm attention and pre-norm MLP (two RMSNorm weights).

    Attributes:
        attention: The attention block.
        mlp: The MLP.
    """

    attention: Attention
    mlp: MLP

    def __post_init__(self) -> None:
        if not isinstance(self.attention, Attention):
            raise ValueError(f"attention must be an attention block, got {self.attention!r}")
        if not isinstance(self.mlp, MLP):
            raise ValueError(f"mlp must be a DenseMLP or an MoE, got {self.mlp!r}")
