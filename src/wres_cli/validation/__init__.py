"""Stage 8: `wres validate`: the check catalog, file checks, cross-file logic and the --against reconciliation."""
