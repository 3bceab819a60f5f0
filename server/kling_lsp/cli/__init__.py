"""The `kling` command line."""
