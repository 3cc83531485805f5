"""python -m wres_cli"""

from wres_cli.cli import main

main()
