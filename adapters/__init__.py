"""Chat-platform adapters: each renders the core's answers for one platform and does its I/O."""
