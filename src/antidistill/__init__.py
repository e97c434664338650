"""antidistill: protect an LLM API provider's models from distillation attacks."""

__version__ = "0.1.0"
