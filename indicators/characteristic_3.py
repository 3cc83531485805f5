"""Any characteristic (``--characteristic COLUMN``): relative likelihood of each group's staff entering the
formal disciplinary process compared with the configured reference group (group rate ÷ reference rate, one
ratio per group). Unknown is shown and never in a ratio."""

from wres_cli import likelihood_indicator

INDICATOR = likelihood_indicator(
    "3",
    dataset="workforce",
    event="disciplinary",
    short="Entered formal disciplinary process",
    who="staff entering the formal disciplinary process",
)
