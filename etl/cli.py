"""The `etl` command line. Heavy libraries are imported inside the commands that need them."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from etl.paths import Paths
from etl.release import ReleaseError, ensure_consistent, refused

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_QUERY = 0, 1, 2, 3


class Settings:
    def __init__(self, root: Path, quiet: bool, verbose: bool):
        self.paths = Paths(root.resolve())
        self.quiet = quiet
        self.verbose = verbose
        self.started = time.perf_counter()
        self.last = self.started

    def progress(self, steps: tuple[str, ...]):
        def report(step: str) -> None:
            if self.quiet:
                return
            now = time.perf_counter()
            if self.verbose and self.last != self.started:
                click.echo(f"      ({now - self.last:.2f} s)", err=True)
            self.last = now
            click.echo(f"[{steps.index(step) + 1}/{len(steps)}] {step}", err=True)
        return report


def _fail_with_problems(error, outcome: str = "nothing was published") -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(error.problems)} problem(s); {outcome}.", err=True)
    sys.exit(EXIT_DATA)


class _Commands(click.Group):
    """Publication errors (etl.release.ReleaseError, and what the machine refuses: permission,
    read-only, disk full) end any command in one line and their exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (ReleaseError, OSError) as error:
            failure = error if isinstance(error, ReleaseError) else refused(error)
            if failure is None:
                raise
            click.echo(f"error: {failure}", err=True)
            ctx.exit(failure.exit_code)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              envvar="ETL_ROOT", show_default=True, help="Project root (holds data/ and "
              "datapackage.json).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and results.")
@click.option("-v", "--verbose", is_flag=True, help="Also print how long each step took.")
@click.pass_context
def main(ctx: click.Context, root: Path, quiet: bool, verbose: bool) -> None:
    """Build, check and query the Baotou–Beijing science and technology data package.

    Exit codes: 0 success, 1 problems in the data (nothing published), 2 usage error,
    3 query or database error (or the database is open for writing elsewhere), 5 the
    machine refused (permission, read-only, disk full, another file system).
    """
    ctx.obj = Settings(root, quiet, verbose)
    done = ensure_consistent(ctx.obj.paths, rebuilding=ctx.invoked_subcommand == "build")
    if done and not quiet:
        click.echo(done, err=True)


@main.command()
@click.pass_obj
def build(settings: Settings) -> None:
    """Validate data/raw and publish CSV, Parquet, DuckDB and datapackage.json.

    Nothing is published unless every check passes.
    """
    from etl.pipeline import STEPS
    from etl.pipeline import build as run_build
    from etl.problems import BuildFailed
    from etl.release import check_publishable

    check_publishable(settings.paths)
    try:
        changed, warning = run_build(settings.paths, settings.progress(STEPS))
    except BuildFailed as error:
        _fail_with_problems(error)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    if not settings.quiet:
        elapsed = time.perf_counter() - settings.started
        click.echo(f"Built in {elapsed:.1f} s; {len(changed)} file(s) changed.", err=True)
    if settings.verbose:
        for name in changed:
            click.echo(f"  {name}", err=True)


@main.command()
@click.pass_obj
def validate(settings: Settings) -> None:
    """Run every check of the build without publishing anything."""
    from etl.pipeline import STEPS
    from etl.pipeline import validate as run_validate
    from etl.problems import BuildFailed

    try:
        checked = run_validate(settings.paths, settings.progress(STEPS[:-1]))
    except BuildFailed as error:
        _fail_with_problems(error)
    rows = sum(frame.height for frame in checked.frames.values())
    if not settings.quiet:
        click.echo(f"Valid: {len(checked.frames)} tables, {rows} rows.", err=True)


@main.command()
def tables() -> None:
    """List the published tables."""
    from etl.metadata import TABLES

    width = max(len(t.name) for t in TABLES)
    for table in TABLES:
        click.echo(f"{table.name:<{width}}  {table.title} ({table.title_zh})")


@main.command()
@click.argument("table")
@click.option("--raw", is_flag=True, help="Only the columns a curator writes in data/raw.")
def describe(table: str, raw: bool) -> None:
    """Show the fields of TABLE: type, unit, constraints and description."""
    from etl.dictionary import field_constraints
    from etl.metadata import TABLES_BY_NAME

    if table not in TABLES_BY_NAME:
        raise click.BadParameter(f"no table {table!r}; try: {', '.join(TABLES_BY_NAME)}",
                                 param_hint="TABLE")
    meta = TABLES_BY_NAME[table]
    click.echo(f"{meta.name}: {meta.title} ({meta.title_zh})")
    click.echo(meta.description)
    click.echo(f"primary key: {', '.join(meta.primary_key)}")
    for f in meta.raw_fields if raw else meta.fields:
        origin = "" if f.raw else " [derived]"
        unit = f" [{f.unit}]" if f.unit else ""
        constraints = field_constraints(f)
        click.echo(f"  {f.name} ({f.type}){unit}{origin}: {f.description}"
                   + (f" Constraints: {constraints}." if constraints else ""))


@main.command()
@click.argument("sql", required=False)
@click.option("-f", "--file", "sql_file", type=click.File("r", encoding="utf-8"),
              help="Read the SQL from a file ('-' for standard input).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]),
              default="table", show_default=True)
@click.pass_obj
def query(settings: Settings, sql: str | None, sql_file, fmt: str) -> None:
    """Run read-only SQL against the DuckDB database (argument, -f FILE, or stdin)."""
    from etl.query import QueryError, render, run_query

    if sql is None:
        if sql_file is not None:
            sql = sql_file.read()
        elif not sys.stdin.isatty():
            sql = sys.stdin.read()
    if not sql or not sql.strip():
        raise click.UsageError("give SQL as an argument, with -f FILE, or on standard input")
    try:
        columns, rows = run_query(settings.paths.duckdb, sql)
    except QueryError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_QUERY)
    click.echo(render(columns, rows, fmt), nl=False)


@main.command()
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build/gx-data-docs"), show_default=True,
              help="Folder for the site (relative to the root; git ignores the default).")
@click.pass_obj
def docs(settings: Settings, output: Path) -> None:
    """Build Great Expectations Data Docs (HTML) for every table's suite."""
    from etl.gx_docs import build_data_docs
    from etl.pipeline import derived
    from etl.problems import BuildFailed

    try:
        frames = derived(settings.paths)
    except BuildFailed as error:
        _fail_with_problems(error, "no Data Docs were built")
    index = build_data_docs(frames, settings.paths.root / output)
    click.echo(str(index))


@main.command()
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("site"), show_default=True, help="Folder for the site.")
@click.pass_obj
def site(settings: Settings, output: Path) -> None:
    """Build the static release site from the published files (opens offline)."""
    from etl.site.build import build_site

    if not settings.paths.descriptor.is_file():
        raise click.UsageError("no datapackage.json: run `make build` first")
    pages = build_site(settings.paths.root, settings.paths.root / output)
    if not settings.quiet:
        click.echo(f"wrote {len(pages)} pages to {output}", err=True)


@main.command()
@click.option("--check", is_flag=True, help="Fail if docs/data-dictionary.md is stale.")
@click.pass_obj
def dictionary(settings: Settings, check: bool) -> None:
    """Write docs/data-dictionary.md from the metadata."""
    from etl.dictionary import render_dictionary

    path = settings.paths.root / "docs" / "data-dictionary.md"
    text = render_dictionary()
    if check:
        if not path.is_file() or path.read_text("utf-8") != text:
            click.echo(f"{settings.paths.rel(path)} is stale; run `etl dictionary`.", err=True)
            sys.exit(EXIT_DATA)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if not settings.quiet:
        click.echo(f"wrote {settings.paths.rel(path)}", err=True)
