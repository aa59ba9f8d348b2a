"""`python -m etl` runs the command line."""

from etl.cli import run

run()
