"""python -m wres_cli"""

from .cli import main

main()
