"""Stage 3: bytes -> text table (CSV, Excel, Parquet) -> value mapping -> a Dataset of canonical columns.

One parser per input form, used by both `compute` (which stops at the first problem) and `validate` (which
collects them all): read.py reads files into text columns; columns.py resolves the header row; canonical.py,
survey.py and values.py map the values, with the mappers of mapping.py, ethnicity.py, categories.py and
characteristics.py; dataset.py holds what they produce; load.py strings the steps together for `compute`.
"""
