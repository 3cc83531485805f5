"""Stage 9: the only code that writes: atomic files, CSV/JSON, terminal tables, findings and the report."""
