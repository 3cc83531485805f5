"""Stage 3: bytes -> text table (CSV, Excel, Parquet) -> value mapping -> a Dataset of canonical columns.

One parser per input form, used by both `compute` and `validate`.
"""
