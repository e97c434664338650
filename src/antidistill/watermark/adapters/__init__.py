"""Backend adapters (torch, transformers, vLLM). Import these modules only where those stacks exist."""
