"""A prefix cache: prompts that share a beginning skip its prefill."""

from startup_math import estimate_serving, fractions, preset

arch = preset("llama-3.3-70b")
share = fractions("throughput", moe=False).median  # what published dense runs reached
print(f"share of the bound assumed: {share:.2f}")
print(f"{'cache hit':>9}{'time to first token':>21}{'USD/M input':>13}{'input tokens/s':>16}")
for hit in (0.0, 0.5, 0.75, 0.9):
    est = estimate_serving(
        arch,
        "H100-SXM",
        batch_size=32,
        prompt_tokens=2000,  # e.g. a 1,500-token system prompt and 500 tokens of question
        output_tokens=300,
        price_per_gpu_hour=3.0,  # assumption
        gpus=2,
        weight_dtype="fp8",
        kv_dtype="fp8",
        mfu=share,
        mbu=share,
        prefix_cache_hit=hit,
    )
    ttft = f"{est.time_to_first_token * 1e3:,.0f} ms"
    cost = est.cost_per_million_input_tokens
    print(f"{hit:>9.0%}{ttft:>21}{cost:>13.3f}{1 / est.prefill_seconds_per_token:>16,.0f}")
