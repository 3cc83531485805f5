"""Stage 6: Results and what is derived from them before anything is written: the plugin-row check, the
summary, suppression, trends and benchmarking."""
