"""Compare: claims aligned across sources, the timeline, the summary."""
