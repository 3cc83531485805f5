"""Stage 4: datasets become counts: the per-dataset summary and tally()."""
