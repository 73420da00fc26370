"""Render: the dossier as JSON, Markdown and HTML."""
