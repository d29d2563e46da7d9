"""Cost per million input and output tokens of Llama 3 8B on one H100 SXM."""

from startup_math import estimate_serving, get_gpu, preset

PRICE = 3.0  # assumption: USD per H100 GPU-hour
PROMPT, OUTPUT = 1000, 500  # tokens per request: prompt read, answer generated
MFU, MBU = 0.4, 0.6  # assumption: shares of peak FLOP/s and bandwidth the server reaches

arch, gpu = preset("llama-3-8b"), get_gpu("H100-SXM")


def estimate(batch, utilization=1.0):
    return estimate_serving(
        arch,
        gpu,
        batch_size=batch,
        prompt_tokens=PROMPT,
        output_tokens=OUTPUT,
        price_per_gpu_hour=PRICE,
        mfu=MFU,
        mbu=MBU,
        utilization=utilization,
    )


first = estimate(1)
ttft_ms = first.time_to_first_token * 1e3
print(
    f"time to first token, {PROMPT:,}-token prompt, idle GPU: {ttft_ms:.1f} ms"
    f" ({first.prefill.bound}-bound)"
)
print(
    f"largest batch that fits (average context {first.context_tokens:,.0f} tokens): "
    f"{first.max_batch_size}"
)
print()
print(
    f"{'batch':>5}{'tokens/s each':>15}{'USD/M input':>13}{'USD/M output':>14}"
    f"{'output at 50% use':>19}"
)
for batch in (1, 8, 32, 128, 384):
    full, half = estimate(batch), estimate(batch, utilization=0.5)
    print(
        f"{batch:>5}{full.decode.tokens_per_second_per_sequence:>15.1f}"
        f"{full.cost_per_million_input_tokens:>13.3f}{full.cost_per_million_output_tokens:>14.3f}"
        f"{half.cost_per_million_output_tokens:>19.3f}"
    )
