"""The fence around a whole `etl query`: run, convert and render in a child process under
an address-space limit, stopped at a wall-clock deadline, its answer bounded in bytes and
scrubbed of the machine's paths.

DuckDB's own limits (memory_limit, interrupt) hold only inside its execution; turning a
large result into Python objects and text can take more memory and time than the query.
So the query runs in a forked child: `RLIMIT_AS` caps what the child may add to its
address space (`MEMORY_BUDGET`), the parent kills it at the deadline, and the parent reads
at most `MAX_BYTES` of its answer. Every answer and error passes `scrub`, so that neither
the catalog (duckdb_databases(), duckdb_settings(), PRAGMA database_list) nor an error
message gives away an absolute path of the machine.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import resource
import select
import signal
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from etl.query.render import render
from etl.query.runner import MAX_ROWS, MEMORY_LIMIT, EmptyQuery, QueryError, run_query

MAX_BYTES = 64 * 2**20
"""The largest answer `etl query` prints; a larger one is refused, not cut short."""
MEMORY_BUDGET = 2 * 2**30
"""Address space the child may add to what it has at the fork: DuckDB's own 1 GB, and
the conversion and rendering of the result."""
_OK, _ERROR, _USAGE, _BUG = b"O", b"E", b"U", b"B"
_M_ARENA_MAX = -8  # mallopt's parameter (malloc.h)


def sensitive_paths(database: Path, root: Path) -> list[tuple[str, str]]:
    """(absolute path, what it is shown as): the folders of the machine an answer could
    name, longest first (the project root's and the database's folders as relative paths)."""
    shown = {str(root): ".", str(root.resolve()): ".",
             str(database.parent): _relative(database.parent, root),
             str(database.resolve().parent): _relative(database.parent, root),
             str(Path.cwd()): "<cwd>", tempfile.gettempdir(): "<tmp>",
             str(Path.home()): "~", sys.prefix: "<python>", sys.base_prefix: "<python>"}
    return sorted(((p, s) for p, s in shown.items() if p not in ("", "/")),
                  key=lambda item: -len(item[0]))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return "<database folder>"


def scrub(text: str, paths: Iterable[tuple[str, str]]) -> str:
    """`text` with every sensitive path (where it is a whole path component) as shown."""
    for path, shown in paths:
        if path in text:
            text = re.sub(re.escape(path) + r"(?![\w.-])", shown.replace("\\", r"\\"), text)
    return text


def run_fenced(database: Path, root: Path, sql: str, fmt: str, timeout: float,
               max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES,
               memory: int = MEMORY_BUDGET) -> str:
    """The rendered answer of one read-only statement, or QueryError (EmptyQuery): within
    `timeout` seconds from here, `memory` bytes more address space, `max_bytes` of text."""
    import duckdb  # noqa: F401 (loaded before the fork: the budget is the query's alone)

    paths = sensitive_paths(database, root)
    shown = _relative(database, root)
    deadline = time.monotonic() + timeout
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(write_end, database, shown, sql, fmt, timeout, max_rows, max_bytes, memory,
               paths)
    os.close(write_end)
    try:
        kind, payload = _answer(read_end, pid, deadline, timeout, max_bytes)
    except KeyboardInterrupt:
        raise QueryError("the query was interrupted") from None
    finally:
        os.close(read_end)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if kind is None:
        raise QueryError(_died(status, memory))
    text = payload.decode("utf-8")
    if kind == _OK:
        return text
    if kind == _BUG:
        raise RuntimeError(f"in the query's process: {text}")
    raise (EmptyQuery() if kind == _USAGE else QueryError(text))


def _answer(fd: int, pid: int, deadline: float, timeout: float,
            max_bytes: int) -> tuple[bytes | None, bytes]:
    """The child's answer: its kind and text (kind None: it died without one)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise QueryError(f"the query ran longer than {timeout:g} s and was stopped")
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes + 1:
            raise QueryError(_too_large(max_bytes))
        chunks.append(chunk)
    data = b"".join(chunks)
    return (data[:1], data[1:]) if data[:1] in (_OK, _ERROR, _USAGE, _BUG) else (None, b"")


def _too_large(max_bytes: int) -> str:
    return (f"the answer is larger than {max_bytes:,} bytes; select fewer columns or rows, "
            "or aggregate (nothing was printed)")


def _died(status: int, memory: int) -> str:
    """A child that ended without an answer ran out of its address space: the C library
    aborts (a thread's memory), DuckDB or the kernel ends it; nothing else ends it early."""
    how = (f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
           else f"exit {os.WEXITSTATUS(status)}")
    return (f"the query needed more memory than `etl query` allows ({MEMORY_LIMIT} for "
            f"DuckDB, {memory / 2**30:g} GB in all) and was stopped ({how})")


def _one_malloc_arena() -> None:
    """glibc gives each thread that contends for malloc an arena of its own, 64 MB of address
    space apiece, as many as the machine's load brings about: under `RLIMIT_AS` a small
    answer would then be refused at random. One arena makes the budget the answer's."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to set
        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 1)


def _over_budget(memory: int) -> str:
    return (f"the query's answer needed more memory than `etl query` allows "
            f"({memory / 2**30:g} GB) and was stopped")


def _child(fd: int, database: Path, shown: str, sql: str, fmt: str, timeout: float,
           max_rows: int, max_bytes: int, memory: int, paths: list[tuple[str, str]]) -> None:
    """Run, render and write the answer to `fd`; end the process without returning."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _one_malloc_arena()
        size = os.sysconf("SC_PAGE_SIZE") * int(Path("/proc/self/statm").read_text().split()[0])
        resource.setrlimit(resource.RLIMIT_AS, (size + memory, size + memory))
        try:
            columns, rows = run_query(database, sql, timeout, max_rows, shown)
            text = render(columns, rows, fmt)
            del rows
            kind = _OK if len(text) <= max_bytes else _ERROR
            if kind == _ERROR:
                text = _too_large(max_bytes)
        except EmptyQuery as error:
            kind, text = _USAGE, str(error)
        except QueryError as error:
            kind, text = _ERROR, error.message
        except MemoryError:
            kind, text = _ERROR, _over_budget(memory)
        except RecursionError:  # a RuntimeError: before the one below
            kind, text = _ERROR, (f"the query's answer nests lists or structs too deeply "
                                  f"to print as {fmt}; unnest it or cast it to VARCHAR")
        except RuntimeError as error:  # the query's thread finds no room for its stack
            if "can't start new thread" not in str(error):
                raise
            kind, text = _ERROR, _over_budget(memory)
        data = kind + scrub(text, paths).encode("utf-8")
        if len(data) > max_bytes + 1:
            data = _ERROR + _too_large(max_bytes).encode()
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BaseException as error:  # a bug: the parent reports it as one (exit 4)
        code = 70
        with contextlib.suppress(BaseException):
            os.write(fd, _BUG + scrub(f"{type(error).__name__}: {error}", paths).encode()[:2000])
    finally:
        os._exit(code)
