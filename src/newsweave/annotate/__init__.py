"""Annotate: entities, quotes and speakers, figures and time expressions,
each with exact character offsets into the article text."""
