"""Calculators for the numbers a large-model startup needs first.

The functions are small and exact, validate their input, and say where each
formula comes from. The guide's chapters call them from runnable snippets.
"""

from startup_math.compute import training_flops

__all__ = ["training_flops"]
__version__ = "0.1.0"
