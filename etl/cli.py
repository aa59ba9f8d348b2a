"""The `etl` command line. Heavy libraries are imported inside the commands that need them.

Exit codes (`etl.publish.errors.ExitCode`): 0 success, 1 problems in the data (nothing
published), 2 usage error, 3 query or database error, or the release held by another
writer, 4 internal error (a bug: rerun with --verbose for the traceback), 5 the machine
refused (permission, disk full, read-only or full file system).

Every command that writes (build, validate, docs, dictionary, site) takes the writers' lock
before anything else (`_start_writing`); the others only finish a pending publish first.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click

from etl.load import MAX_RAW_BYTES
from etl.paths import Paths, find_root
from etl.publish.errors import ExitCode

if TYPE_CHECKING:
    from etl.pipeline import Checks


@dataclass(frozen=True)
class Seams:
    """What a caller may put in place of the real thing, passed as click's `obj`: the tests
    give `checks` that reuse the outcome of raw data already checked."""

    checks: Checks | None = None


class Settings:
    def __init__(self, root: Path, wait: float, seams: Seams):
        self.paths = Paths(root.resolve())
        self.wait = wait
        self.seams = seams
        self.quiet = False
        self.verbose = False
        self.problem_format = "text"
        self.started = time.perf_counter()
        self.last = self.started

    def progress(self, steps: tuple[str, ...]) -> Callable[[str], None]:
        def report(step: str) -> None:
            if self.quiet:
                return
            now = time.perf_counter()
            if self.verbose and self.last != self.started:
                click.echo(f"      ({now - self.last:.2f} s)", err=True)
            self.last = now
            click.echo(f"[{steps.index(step) + 1}/{len(steps)}] {step}", err=True)
        return report


MAX_SECONDS = 86_400


class Seconds(click.ParamType[float, Any]):
    """A finite number of seconds, from 0 (or above it) to a day: NaN would make a wait
    endless and a huge or infinite one overflows the system's timers."""

    name = "seconds"

    def __init__(self, zero: bool):
        self.zero = zero

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> float:
        seconds = click.FLOAT.convert(value, param, ctx)
        low = seconds >= 0 if self.zero else seconds > 0
        if not (math.isfinite(seconds) and low and seconds <= MAX_SECONDS):
            least = "from 0" if self.zero else "more than 0 and"
            self.fail(f"{value!r} is not a number of seconds {least} at most {MAX_SECONDS:,}",
                      param, ctx)
        return seconds


def _set_quiet(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    settings = ctx.find_object(Settings)
    if value and settings is not None:
        settings.quiet = True


def _set_verbose(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    settings = ctx.find_object(Settings)
    if value and settings is not None:
        settings.verbose = True


def _set_format(ctx: click.Context, _: click.Parameter, value: str) -> None:
    settings = ctx.find_object(Settings)
    if settings is not None:
        settings.problem_format = value


problem_format = click.option(
    "--format", type=click.Choice(["text", "json"]), default="text", show_default=True,
    expose_value=False, callback=_set_format,
    help="How problems are printed: lines for people, or JSON lines on stdout (file, line, "
    "column, rule, code, message, value) for editors and CI annotations.")


def verbosity(command: Callable[..., Any]) -> Callable[..., Any]:
    """-q and -v, accepted after the subcommand as well as before it."""
    command = click.option("-q", "--quiet", is_flag=True, expose_value=False,
                           callback=_set_quiet, help="Print only problems and results.")(command)
    return click.option("-v", "--verbose", is_flag=True, expose_value=False,
                        callback=_set_verbose,
                        help="Also print step times, and the traceback of an internal "
                        "error.")(command)


def _is_machine_error(error: Exception) -> bool:
    """DuckDB reports a full disk or a read-only file as its own exception types."""
    text = str(error).lower()
    return type(error).__module__.lstrip("_").startswith("duckdb") and any(
        word in text for word in ("no space left", "read-only file system",
                                  "permission denied", "disk full"))


def _internal(ctx: click.Context, error: BaseException) -> NoReturn:
    settings = ctx.find_object(Settings)
    if settings is not None and settings.verbose:
        import traceback

        traceback.print_exception(error)
    _fail(ExitCode.INTERNAL, f"internal error: {type(error).__name__}: {error}; rerun with "
          "--verbose for the traceback, and report it")


def _reader_gone(ctx: click.Context) -> NoReturn:
    """The reader of our output went away (`etl describe figures | head -1`): stop quietly,
    as other tools do. A command that only reads has printed all that was wanted (exit 0); a
    writer was stopped before it finished (exit 5: nothing or all published, as for any
    interruption). The streams go to /dev/null, so that their final flush cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            os.dup2(devnull, stream.fileno())
    os.close(devnull)
    sys.exit(ExitCode.MACHINE if ctx.invoked_subcommand in WRITERS else ExitCode.OK)


def _fail(code: int, line: str) -> NoReturn:
    click.echo(line, err=True)
    sys.exit(code)


def _fail_with_problems(error: Any, outcome: str = "nothing was published") -> NoReturn:
    settings = click.get_current_context().find_object(Settings)
    as_json = settings is not None and settings.problem_format == "json"
    for problem in error.problems:
        click.echo(problem.as_json() if as_json else str(problem), err=not as_json)
    count = sum(p.omitted or 1 for p in error.problems)
    click.echo(f"{count} problem(s); {outcome}.", err=True)
    sys.exit(ExitCode.DATA)


class _Commands(click.Group):
    """Every command's errors, in one place: problems in the data, publication refusals,
    what the machine refuses and bugs each end in one line and their exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        from etl.problems import BuildFailed
        from etl.publish.errors import ReleaseError, refused

        try:
            return super().invoke(ctx)
        except BuildFailed as error:
            _fail_with_problems(error)
        except ReleaseError as error:
            _fail(error.exit_code, f"error: {error}")
        except BrokenPipeError:
            _reader_gone(ctx)
        except OSError as error:
            failure = refused(error)
            if failure is None:
                _internal(ctx, error)
            _fail(failure.exit_code, f"error: {failure}")
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own: usage errors, --help, Ctrl-C
        except Exception as error:
            if _is_machine_error(error):
                _fail(ExitCode.MACHINE,
                      f"error: the machine refused: {error}; nothing was published")
            _internal(ctx, error)


WRITERS = frozenset({"build", "validate", "docs", "dictionary", "site"})
"""The commands that write: each takes the writers' lock before anything else."""


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(exists=True, file_okay=False, path_type=Path),
              envvar="ETL_ROOT",
              help="Project root (holds data/raw and pyproject.toml)  [default: the nearest "
                   "such folder from here up, else the current folder]")
@click.option("--wait", type=Seconds(zero=True), default=60, show_default=True,
              metavar="SECONDS",
              help="How long a command that writes waits for another one to finish.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and results.")
@click.option("-v", "--verbose", is_flag=True,
              help="Also print step times, and the traceback of an internal error.")
@click.pass_context
def main(ctx: click.Context, root: Path | None, wait: float, quiet: bool,
         verbose: bool) -> None:
    """Build, check and query the Baotou–Beijing science and technology data package.

    Exit codes: 0 success, 1 problems in the data (nothing published), 2 usage error,
    3 query or database error (or the database or the release is held by another
    process), 4 internal error, 5 the machine refused (permission, disk full, read-only or
    another file system).
    """
    seams = ctx.obj if isinstance(ctx.obj, Seams) else Seams()
    ctx.obj = Settings(root or find_root(Path.cwd()), wait, seams)
    ctx.obj.quiet, ctx.obj.verbose = quiet, verbose
    if ctx.invoked_subcommand in WRITERS:
        return  # the command takes the lock, then finishes a pending publish
    from etl.publish.release import ensure_consistent

    _report(ctx.obj, ensure_consistent(ctx.obj.paths, wait=wait))


def _report(settings: Settings, done: str | None) -> None:
    if done and not settings.quiet:
        click.echo(done, err=True)


def _start_writing(settings: Settings, rebuilding: bool = False) -> None:
    """The first step of every command that writes: the writers' lock (held until the
    command ends), then any publish an interrupted build left, finished or rolled back."""
    from etl.publish.release import ensure_consistent, writer_lock

    ctx = click.get_current_context()
    ctx.with_resource(writer_lock(settings.paths, settings.wait))
    _report(settings, ensure_consistent(settings.paths, rebuilding, locked=True))


raw_limit = click.option("--max-raw-bytes", type=click.IntRange(min=1),
                         default=MAX_RAW_BYTES, show_default=True,
                         help="Refuse a raw file larger than this.")


@main.command()
@verbosity
@raw_limit
@problem_format
@click.pass_obj
def build(settings: Settings, max_raw_bytes: int) -> None:
    """Validate data/raw and publish CSV, Parquet, DuckDB and datapackage.json.

    Nothing is published unless every check passes.
    """
    _start_writing(settings, rebuilding=True)
    from etl.pipeline import STEPS, check
    from etl.pipeline import build as run_build
    from etl.publish.release import check_publishable

    check_publishable(settings.paths)
    built = run_build(settings.paths, settings.progress(STEPS), max_raw_bytes,
                      checks=settings.seams.checks or check)
    for warning in built.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not settings.quiet:
        elapsed = time.perf_counter() - settings.started
        click.echo(f"Built in {elapsed:.1f} s; {len(built.changed)} file(s) changed.", err=True)
    if settings.verbose:
        for name in built.changed:
            click.echo(f"  {name}", err=True)


@main.command()
@verbosity
@raw_limit
@problem_format
@click.pass_obj
def validate(settings: Settings, max_raw_bytes: int) -> None:
    """Run every check of the build without publishing anything."""
    _start_writing(settings)  # it stages the release, to validate it as a consumer would
    from etl.pipeline import STEPS, check
    from etl.pipeline import build as run_build

    built = run_build(settings.paths, settings.progress(STEPS[:-1]), max_raw_bytes,
                      publish=False, checks=settings.seams.checks or check)
    for warning in built.warnings:
        click.echo(f"warning: {warning}", err=True)
    rows = sum(frame.height for frame in built.checked.frames.values())
    if not settings.quiet:
        click.echo(f"Valid: {len(built.checked.frames)} tables, {rows} rows.", err=True)


@main.command()
@verbosity
def tables() -> None:
    """List the published tables, then the database's views."""
    from etl.metadata import TABLES, VIEWS

    width = max(len(name) for name in [*(t.name for t in TABLES), *(v.name for v in VIEWS)])
    for table in TABLES:
        click.echo(f"{table.name:<{width}}  {table.title} ({table.title_zh})")
    for view in VIEWS:
        click.echo(f"{view.name:<{width}}  view: {view.title} ({view.title_zh})")


@main.command()
@click.argument("table")
@click.option("--raw", is_flag=True, help="Only the columns a curator writes in data/raw.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the descriptions (zh: 中文说明).")
@verbosity
def describe(table: str, raw: bool, lang: str) -> None:
    """Show the fields of TABLE (or of a view): type, unit, constraints and description."""
    if lang == "zh":
        from etl.docs.describe_zh import describe_zh

        return describe_zh(table, raw)
    from etl.docs.dictionary import field_constraints
    from etl.metadata import TABLES_BY_NAME, VIEWS_BY_NAME

    if table in VIEWS_BY_NAME:
        view = VIEWS_BY_NAME[table]
        click.echo(f"{view.name} (view): {view.title} ({view.title_zh})")
        click.echo(view.description)
        for f in view.fields:
            unit = f" [{f.unit}]" if f.unit else ""
            click.echo(f"  {f.name} ({f.type}){unit}: {f.description}")
        return
    if table not in TABLES_BY_NAME:
        import difflib

        near = difflib.get_close_matches(table, [*TABLES_BY_NAME, *VIEWS_BY_NAME], n=3)
        hint = (f"did you mean {' or '.join(near)}?" if near
                else "`etl tables` lists the tables and views")
        raise click.BadParameter(f"no table or view {table!r}; {hint}", param_hint="TABLE")
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
@click.option("--timeout", type=Seconds(zero=False), default=30,
              show_default=True, metavar="SECONDS",
              help="Stop the whole command (query, conversion, printing) after this long.")
@verbosity
@click.pass_obj
def query(settings: Settings, sql: str | None, sql_file: IO[str] | None, fmt: str,
          timeout: float) -> None:
    """Run read-only SQL against the DuckDB database (argument, -f FILE, or stdin)."""
    from etl.query.fence import MAX_BYTES, run_fenced
    from etl.query.runner import MAX_ROWS, EmptyQuery, QueryError

    try:
        if sql is None:
            if sql_file is not None:
                sql = sql_file.read(MAX_SQL_CHARS + 1)
            elif not sys.stdin.isatty():
                sql = sys.stdin.read(MAX_SQL_CHARS + 1)
    except UnicodeDecodeError as error:
        raise click.UsageError(f"the SQL is not UTF-8: byte 0x{error.object[error.start]:02x} "
                               f"at byte {error.start + 1}") from None
    if sql and any("\ud800" <= ch <= "\udfff" for ch in sql):  # bytes the locale could not decode
        raise click.UsageError("the SQL is not UTF-8: it holds bytes that are no UTF-8 character")
    if not sql or not sql.strip():
        raise click.UsageError("give SQL as an argument, with -f FILE, or on standard input")
    if len(sql) > MAX_SQL_CHARS:
        raise click.UsageError(f"the SQL is longer than {MAX_SQL_CHARS:,} characters")
    started = time.monotonic()
    try:
        text = run_fenced(settings.paths.duckdb, settings.paths.root, sql, fmt, timeout,
                          MAX_ROWS, MAX_BYTES)
    except EmptyQuery as error:
        raise click.UsageError(str(error)) from None
    except QueryError as error:
        _fail(ExitCode.QUERY, f"error: {error}")
    _write_within(text, timeout - (time.monotonic() - started), timeout)


MAX_SQL_CHARS = 1_000_000


def _write_within(text: str, seconds: float, timeout: float) -> None:
    """Print the answer, stopped (exit 3) if the reader does not take it in time."""
    import signal

    def stop(*_: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        click.echo(text, nl=False, color=True)  # CSV: bytes as stored
        if sys.stdout is not None:  # None: started with its standard output closed
            sys.stdout.flush()
    except TimeoutError:
        _fail(ExitCode.QUERY, f"error: the answer was not read within {timeout:g} s; "
              "printing stopped")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@main.command()
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build/gx-data-docs"), show_default=True,
              help="Folder for the site (relative to the root; git ignores the default).")
@verbosity
@click.pass_obj
def docs(settings: Settings, output: Path) -> None:
    """Build Great Expectations Data Docs (HTML) for every table's suite."""
    _start_writing(settings)
    from etl.docs.data_docs import build_data_docs
    from etl.pipeline import cheap_checks

    frames, _, _ = cheap_checks(settings.paths)
    index = build_data_docs(frames, settings.paths.root / output)
    click.echo(str(index))


@main.command()
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("site"), show_default=True, help="Folder for the site.")
@verbosity
@click.pass_obj
def site(settings: Settings, output: Path) -> None:
    """Build the static release site from the published files (opens offline)."""
    _start_writing(settings)
    from etl.site.build import build_site

    if not settings.paths.descriptor.is_file():
        raise click.UsageError("no datapackage.json: run `make build` first")
    pages = build_site(settings.paths.root, settings.paths.root / output)
    if not settings.quiet:
        click.echo(f"wrote {len(pages)} pages to {output}", err=True)


@main.command()
@click.option("--check", is_flag=True, help="Fail if a data dictionary is stale.")
@verbosity
@click.pass_obj
def dictionary(settings: Settings, check: bool) -> None:
    """Write docs/data-dictionary.md and docs/data-dictionary.zh.md from the metadata."""
    _start_writing(settings)
    from etl.docs.dictionary import render_dictionary

    for path, text in ((settings.paths.data_dictionary, render_dictionary("en")),
                       (settings.paths.data_dictionary_zh, render_dictionary("zh"))):
        if check:
            if not path.is_file() or path.read_text("utf-8") != text:
                click.echo(f"{settings.paths.rel(path)} is stale; run `etl dictionary`.",
                           err=True)
                sys.exit(ExitCode.DATA)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not settings.quiet:
            click.echo(f"wrote {settings.paths.rel(path)}", err=True)



def run() -> None:
    """The `etl` program. Once Great Expectations has been loaded (build, validate, docs),
    the process ends without the interpreter's teardown of its objects (0.8 s): by then the
    command has finished, its release written and fsynced or nothing published, its lock
    released; only the standard streams are flushed."""
    try:
        main()
    except SystemExit as done:
        if "great_expectations" in sys.modules and isinstance(done.code, int | None):
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(done.code or 0)
        raise


def _echo(data: dict[str, Any]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _require_release(settings: Settings) -> None:
    if not settings.paths.descriptor.is_file():
        raise click.UsageError("no datapackage.json: run `make build` first")


@main.group()
def export() -> None:
    """Print the package's metadata for a portal or a registry (JSON on standard output)."""


@export.command("ckan")
@click.option("--base-url", required=True, metavar="URL",
              help="Absolute http(s) URL where the release's files are served: every "
                   "resource URL is this plus the file's path in the package.")
@click.pass_obj
def export_ckan(settings: Settings, base_url: str) -> None:
    """A CKAN dataset ready for `package_create` (add your owner_org)."""
    from etl.publish.ckan import dataset

    _require_release(settings)
    try:
        data = dataset(settings.paths, base_url)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--base-url") from None
    _echo(data)


@export.command("datacite")
@click.pass_obj
def export_datacite(settings: Settings) -> None:
    """DataCite Metadata Schema 4.5 (JSON) for the dataset."""
    from etl.publish.datacite import record

    _require_release(settings)
    _echo(record(settings.paths))
