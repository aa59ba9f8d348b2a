"""The Python data package `baotou-sci-tech` (import `baotou_sci_tech`): a wheel and an sdist.

A second, small distribution beside the build tool: the module `wheel_module.py` (versioned
here), the release's Parquet files, its SQL script and datapackage.json, the views as Parquet
(so `load` answers them without DuckDB), and `catalog.json` (every table and view with its
fields, from the metadata). Runtime dependencies: pandas and pyarrow; duckdb and polars are
extras.

The wheel is written as a zip following the wheel spec (PEP 427/491: dist-info with METADATA,
WHEEL, RECORD of sha256 digests), without a build frontend, so `make release` needs no
network and no build tool; the sdist holds the same files under a setuptools pyproject.toml
that builds the same wheel content. Every entry is dated at the release (SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from etl.distribute.citation import citation_text
from etl.distribute.reproducible import write_tar_gz, write_zip
from etl.metadata import TABLES, VIEWS, Field
from etl.metadata import package as pkg
from etl.paths import Paths

DIST_NAME = "baotou-sci-tech"
MODULE = "baotou_sci_tech"
RUNTIME_REQUIRES = ("pandas>=2.0", "pyarrow>=14")
EXTRAS = {"duckdb": ("duckdb>=1.1",), "polars": ("polars>=1.0",)}
SUMMARY = ("Every figure of a September 2012 Chinese newspaper feature on Baotou–Beijing "
           "science and technology cooperation, as tidy tables: load('figures').")
TEMPLATE = Path(__file__).with_name("wheel_module.py")


def wheel_name() -> str:
    return f"{MODULE}-{pkg.VERSION}-py3-none-any.whl"


def sdist_name() -> str:
    return f"{MODULE}-{pkg.VERSION}.tar.gz"


def _field(f: Field) -> dict[str, str | None]:
    return {"name": f.name, "type": f.type, "unit": f.unit, "description": f.description}


def catalog(paths: Paths) -> dict[str, object]:
    """Every table and view: kind, titles, description, its Parquet file and its fields."""
    entries: dict[str, object] = {}
    for table in TABLES:
        entries[table.name] = {
            "kind": "table", "title": table.title, "title_zh": table.title_zh,
            "description": table.description, "parquet": f"data/processed/{table.name}.parquet",
            "fields": [_field(f) for f in table.fields]}
    for view in VIEWS:
        entries[view.name] = {
            "kind": "view", "title": view.title, "title_zh": view.title_zh,
            "description": view.description, "parquet": f"views/{view.name}.parquet",
            "fields": [_field(f) for f in view.fields]}
    return {"version": pkg.VERSION, "citation": citation_text(paths), "entries": entries}


def _view_parquet(con: duckdb.DuckDBPyConnection, name: str) -> bytes:
    """A view's rows in its declared order, as Parquet written by pyarrow (stable bytes)."""
    arrow = con.sql(f"SELECT * FROM {name}").to_arrow_table()
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer, compression="snappy")
    return buffer.getvalue()


def package_files(paths: Paths) -> list[tuple[str, bytes]]:
    """The files of the import package, by their path inside it."""
    module = TEMPLATE.read_text("utf-8").replace(
        '__version__ = "unreleased"', f'__version__ = "{pkg.VERSION}"', 1)
    files = [
        ("__init__.py", module.encode("utf-8")),
        ("py.typed", b""),
        ("catalog.json", _json(catalog(paths))),
        ("datapackage.json", paths.descriptor.read_bytes()),
        ("data/processed/baotou_sci_tech.sql", paths.sql_script.read_bytes()),
    ]
    files += [(f"data/processed/{t.name}.parquet", paths.parquet(t.name).read_bytes())
              for t in TABLES]
    with duckdb.connect(str(paths.duckdb), read_only=True) as con:
        files += [(f"views/{v.name}.parquet", _view_parquet(con, v.name)) for v in VIEWS]
    return files


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _licences(paths: Paths) -> list[tuple[str, bytes]]:
    return [(name, (paths.root / name).read_bytes()) for name in ("LICENSE", "LICENSE-DATA.md")]


def long_description() -> str:
    return f"""# {pkg.TITLE}

{pkg.TITLE_ZH}

```python
import baotou_sci_tech as bst
bst.tables()                    # every table and view with its description
bst.describe("figures")         # fields: name, type, unit, description
targets = bst.load("targets_by_year")
targets[targets.target_year == "2017"]
con = bst.connect()             # DuckDB (pip install "{DIST_NAME}[duckdb]")
print(bst.citation())
```

`load` returns pandas with Arrow dtypes (the published types, missing values as `<NA>`);
`load(name, backend="polars")` returns polars (`pip install "{DIST_NAME}[polars]"`).
Version {pkg.VERSION} of the data. Data: {pkg.DATA_LICENSE['name']}; code: {pkg.CODE_LICENSE}.

{pkg.DESCRIPTION}"""


def metadata() -> str:
    """Core metadata 2.1 (PKG-INFO and the wheel's METADATA)."""
    lines = [
        "Metadata-Version: 2.1", f"Name: {DIST_NAME}", f"Version: {pkg.VERSION}",
        f"Summary: {SUMMARY}", f"Author: {pkg.CONTRIBUTORS[0]['title']}",
        f"License: {pkg.DATA_LICENSE['name']} (data) AND {pkg.CODE_LICENSE} (code)",
        "Keywords: " + ",".join(pkg.KEYWORDS), "Requires-Python: >=3.9",
        *(f"Requires-Dist: {r}" for r in RUNTIME_REQUIRES),
    ]
    for extra, requires in EXTRAS.items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {r}; extra == "{extra}"' for r in requires]
    lines.append("Description-Content-Type: text/markdown")
    return "\n".join(lines) + "\n\n" + long_description()


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def wheel(paths: Paths) -> bytes:
    dist_info = f"{MODULE}-{pkg.VERSION}.dist-info"
    entries = [(f"{MODULE}/{name}", data) for name, data in package_files(paths)]
    entries += [(f"{dist_info}/licenses/{name}", data) for name, data in _licences(paths)]
    entries += [
        (f"{dist_info}/METADATA", metadata().encode("utf-8")),
        (f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: etl.distribute\n"
                               b"Root-Is-Purelib: true\nTag: py3-none-any\n\n"),
        (f"{dist_info}/top_level.txt", f"{MODULE}\n".encode()),
    ]
    record = "\n".join([*(_record_line(n, d) for n, d in entries), f"{dist_info}/RECORD,,"])
    entries.append((f"{dist_info}/RECORD", (record + "\n").encode("utf-8")))
    return write_zip(entries)


def pyproject() -> str:
    def strings(items: tuple[str, ...]) -> str:
        return "[" + ", ".join(json.dumps(i, ensure_ascii=False) for i in items) + "]"

    extras = "\n".join(f"{name} = {strings(requires)}" for name, requires in EXTRAS.items())
    return f"""[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{DIST_NAME}"
version = "{pkg.VERSION}"
description = {json.dumps(SUMMARY, ensure_ascii=False)}
readme = {{file = "README.md", content-type = "text/markdown"}}
requires-python = ">=3.9"
authors = [{{name = {json.dumps(pkg.CONTRIBUTORS[0]['title'])}}}]
keywords = {strings(pkg.KEYWORDS)}
dependencies = {strings(RUNTIME_REQUIRES)}

[project.optional-dependencies]
{extras}

[tool.setuptools]
packages = ["{MODULE}"]
license-files = ["LICENSE", "LICENSE-DATA.md"]

[tool.setuptools.package-data]
{MODULE} = ["py.typed", "*.json", "data/processed/*", "views/*"]
"""


def _sdist_entries(paths: Paths) -> Iterator[tuple[str, bytes]]:
    top = f"{MODULE}-{pkg.VERSION}"
    yield f"{top}/PKG-INFO", metadata().encode("utf-8")
    yield f"{top}/pyproject.toml", pyproject().encode("utf-8")
    yield f"{top}/README.md", long_description().encode("utf-8")
    for name, data in _licences(paths):
        yield f"{top}/{name}", data
    for name, data in package_files(paths):
        yield f"{top}/{MODULE}/{name}", data


def sdist(paths: Paths) -> bytes:
    return write_tar_gz(_sdist_entries(paths))


def write(paths: Paths, out: Path) -> list[Path]:
    """Write the wheel and the sdist into `out`; return their paths."""
    written = []
    for name, data in ((wheel_name(), wheel(paths)), (sdist_name(), sdist(paths))):
        (out / name).write_bytes(data)
        written.append(out / name)
    return written
