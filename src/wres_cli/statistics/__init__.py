"""Stage 2: intervals, exact tests and the disclosure engine, on plain numbers (numpy only)."""
