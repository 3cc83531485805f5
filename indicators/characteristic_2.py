"""Any characteristic (``--characteristic COLUMN``): relative likelihood of each group's applicants being
appointed from shortlisting compared with the configured reference group (group rate ÷ reference rate, one
ratio per group). Unknown is shown and never in a ratio."""

from wres_cli import likelihood_indicator

INDICATOR = likelihood_indicator(
    "2",
    dataset="recruitment",
    event="appointed",
    short="Appointed from shortlisting",
    who="applicants being appointed from shortlisting",
    where={"shortlisted": 1},
)
