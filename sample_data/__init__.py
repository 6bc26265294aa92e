"""Synthetic London sample data for Matching Workbench; regenerate with ``generate.py``."""
