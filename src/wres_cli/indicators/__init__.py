"""Stage 5: the plugin contract (Indicator, Context), discovery, the shared row builders and the readings.

The built-in indicators live in the top-level indicators/ folder and use only this contract.
"""
