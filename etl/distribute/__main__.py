"""`python -m etl.distribute`: what `make release` runs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from etl.distribute.release import write_release
from etl.paths import Paths


@click.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The repository holding the published release.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"),
              show_default=True, help="Where to write the distributions.")
@click.option("--base-url", default="", metavar="URL",
              help="Absolute http(s) URL the release is served from: the portal exports' "
                   "URLs become absolute under it (empty: paths inside the archive).")
def main(root: Path, out: Path, base_url: str) -> None:
    """Write dist/: the Python and R data packages, SQLite for Datasette, the archive."""
    paths = Paths(root.resolve())
    try:
        written = write_release(paths, out.resolve(), base_url or None)
    except (ValueError, FileNotFoundError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1 if isinstance(error, FileNotFoundError) else 2)
    for path in written:
        click.echo(f"{path.stat().st_size:>10}  {paths.rel(path)}")


if __name__ == "__main__":
    main()
