"""Curation: the review sheet, corrections that survive rebuilds, user lexicons."""
