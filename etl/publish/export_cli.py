"""`etl export …`: the package's metadata for portals and registries, as JSON on stdout."""

from __future__ import annotations

import json

import click


def _echo(data: dict) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _require_release(settings) -> None:
    if not settings.paths.descriptor.is_file():
        raise click.UsageError("no datapackage.json: run `make build` first")


@click.group()
def export() -> None:
    """Print the package's metadata for a portal or a registry (JSON on standard output)."""


@export.command("ckan")
@click.option("--base-url", required=True, metavar="URL",
              help="Absolute http(s) URL where the release's files are served: every "
                   "resource URL is this plus the file's path in the package.")
@click.pass_obj
def export_ckan(settings, base_url: str) -> None:
    """A CKAN dataset ready for `package_create` (add your owner_org)."""
    from etl.publish.ckan import dataset

    _require_release(settings)
    try:
        data = dataset(settings.paths.root, base_url)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--base-url") from None
    _echo(data)


@export.command("datacite")
@click.pass_obj
def export_datacite(settings) -> None:
    """DataCite Metadata Schema 4.5 (JSON) for the dataset."""
    from etl.publish.datacite import record

    _require_release(settings)
    _echo(record(settings.paths.root))
