"""Load the raw layer: the archived article and the curated tables."""

MAX_RAW_BYTES = 16 * 2**20
"""The largest raw file read by default; the real ones are a few tens of kilobytes."""
