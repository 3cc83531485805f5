"""Any characteristic (``--characteristic COLUMN``): relative likelihood of each group's staff accessing
non-mandatory training and CPD compared with the configured reference group (group rate ÷ reference rate, one
ratio per group). Unknown is shown and never in a ratio."""

from wres_cli import likelihood_indicator

INDICATOR = likelihood_indicator(
    "4",
    dataset="workforce",
    event="non_mandatory_training",
    short="Accessed non-mandatory training and CPD",
    who="staff accessing non-mandatory training and CPD",
)
