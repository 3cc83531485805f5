"""Stage 1: errors and exit codes, the tidy-row schema, configuration, the frameworks table, number formatting.

Standard library and yaml only: every other stage may import from here.
"""
