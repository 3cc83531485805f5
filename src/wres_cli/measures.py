"""The row builders under their first import path (``from wres_cli.measures import likelihood_rows``), kept so
that indicator modules written against it keep working. New code imports them from ``wres_cli``."""

from wres_cli.indicators.rows import *  # noqa: F403
from wres_cli.indicators.rows import __all__  # noqa: F401
