"""kling-lsp: audio-aware linting for Kling 3.0 video prompts."""

__version__ = "0.1.0"
