"""Stage 2: intervals, exact tests and the disclosure engine, on plain numbers (numpy; the disclosure ranges use
SciPy's HiGHS linear-programming solver, imported only under --suppress)."""
