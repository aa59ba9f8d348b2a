"""The R data package `baotousci`: every table a data frame, with a help page from the metadata.

Written without R: each table is an R script in data/ (`figures <- data.frame(...)`) that
R CMD INSTALL runs once and lazy-loads, so the types are the schema's (integer, double,
logical, Date for complete dates, character) and every non-ASCII character is a \\u escape
(the strings are UTF-8 in R, the files plain ASCII). One Rd page per table gives each field's
type, description and unit; DESCRIPTION names the makers and the CC BY 4.0 licence;
inst/CITATION answers `citation("baotousci")`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq

from etl.distribute.citation import article, creators
from etl.distribute.reproducible import write_tar_gz
from etl.metadata import TABLES, Field, Table
from etl.metadata import package as pkg
from etl.paths import Paths

NAME = "baotousci"
# R requires a maintainer's address; the package metadata publishes none yet (as HOMEPAGE,
# an address is published only once confirmed), so this reserved one says so plainly.
MAINTAINER_EMAIL = "no-address-yet@example.org"
R_NA = {"string": "NA_character_", "integer": "NA_integer_", "number": "NA_real_",
        "boolean": "NA", "date": "NA_character_"}
R_EMPTY = {"string": "character(0)", "integer": "integer(0)", "number": "numeric(0)",
           "boolean": "logical(0)", "date": "character(0)"}
R_CLASS = {"string": "character", "integer": "integer", "number": "double",
           "boolean": "logical", "date": "Date"}


def tarball_name() -> str:
    return f"{NAME}_{pkg.VERSION}.tar.gz"


def r_string(text: str) -> str:
    """An R string literal in ASCII: non-ASCII and control characters as \\u escapes."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        elif ord(char) > 0xFFFF:
            out.append(f"\\U{{{ord(char):08x}}}")
        else:
            out.append(f"\\u{{{ord(char):04x}}}")
    return '"' + "".join(out) + '"'


def _r_value(value: object, f: Field) -> str:
    if value is None:
        return R_NA[f.type]
    if f.type == "boolean":
        return "TRUE" if value else "FALSE"
    if f.type == "integer":
        return f"{int(str(value))}L"
    if f.type == "number":
        return repr(float(str(value)))
    return r_string(str(value))


def data_script(paths: Paths, table: Table) -> str:
    """The R script that makes the table's data frame, in the published row order."""
    data = pq.read_table(paths.parquet(table.name), columns=list(table.field_names))
    columns = []
    for f in table.fields:
        values = data.column(f.name).to_pylist()
        vector = (f"c({', '.join(_r_value(v, f) for v in values)})" if values
                  else R_EMPTY[f.type])
        if f.type == "date":
            vector = f"as.Date({vector})"
        columns.append(f"  {f.name} = {vector}")
    return (f"# {table.name}: generated from the release {pkg.VERSION}; do not edit.\n"
            f"{table.name} <- data.frame(\n" + ",\n".join(columns)
            + ",\n  stringsAsFactors = FALSE\n)\n")


def rd_text(text: str) -> str:
    """Text for an Rd page: its special characters escaped, `code` as \\code{}."""
    escaped = (text.replace("\\", "\\\\").replace("%", "\\%").replace("{", "\\{")
               .replace("}", "\\}"))
    return re.sub(r"`([^`]+)`", r"\\code{\1}", escaped)


def _rd_item(f: Field) -> str:
    unit = f" Unit: {rd_text(f.unit)}." if f.unit else ""
    codes = f" One of: {', '.join(f.enum)}." if f.enum else ""
    required = "" if f.required else " May be missing (NA)."
    return (f"  \\item{{{f.name}}}{{{R_CLASS[f.type]}. {rd_text(f.description)}{unit}"
            f"{rd_text(codes)}{required}}}")


def rd_page(table: Table, rows: int) -> str:
    key = ", ".join(table.primary_key)
    return "\n".join([
        f"% Generated from the metadata of release {pkg.VERSION}; do not edit.",
        "\\docType{data}",
        f"\\name{{{table.name}}}",
        f"\\alias{{{table.name}}}",
        f"\\title{{{rd_text(table.title)} ({rd_text(table.title_zh)})}}",
        "\\description{",
        rd_text(table.description),
        f"Key: {rd_text(key)}.",
        "}",
        f"\\usage{{{table.name}}}",
        f"\\format{{A data frame with {rows} rows and {len(table.fields)} columns:",
        "\\describe{",
        *(_rd_item(f) for f in table.fields),
        "}}",
        "\\source{",
        rd_text(pkg.TITLE) + f", version {pkg.VERSION}. " + rd_text(pkg.ARTICLE_RIGHTS),
        "}",
        "\\keyword{datasets}",
        "",
    ])


def package_rd(paths: Paths) -> str:
    items = "\n".join(f"  \\item{{\\code{{\\link{{{t.name}}}}}}}{{{rd_text(t.title)}}}"
                      for t in TABLES)
    return "\n".join([
        f"% Generated from the metadata of release {pkg.VERSION}; do not edit.",
        "\\docType{package}",
        f"\\name{{{NAME}-package}}",
        f"\\alias{{{NAME}-package}}",
        f"\\alias{{{NAME}}}",
        f"\\title{{{rd_text(_title())}}}",
        "\\description{",
        rd_text(_description(paths)),
        "Every table is a data frame, loaded when first used:",
        "\\describe{",
        items,
        "}",
        "}",
        "\\examples{",
        "subset(figures, status == \"target\" & ref_date == \"2017\",",
        "       c(label_en, value, unit))",
        "}",
        "\\keyword{package}",
        "",
    ])


def _title() -> str:
    return "Baotou-Beijing Science and Technology Cooperation, September 2012"


def _description(paths: Paths) -> str:
    source = article(paths)
    return (f"Every figure, organisation, event, enumerated list and text repair in the "
            f"Chinese newspaper feature '{source.title_en}' by {source.author_en} "
            f"({source.publication_date}), as tidy tables in English and Chinese: each figure "
            "with its value as printed and in a canonical unit, qualifier, status, reference "
            "date and exact quote. Curated data under CC BY 4.0.")


def description_file(paths: Paths) -> str:
    authors = ", ".join(f'person({r_string(name)}, role = c("aut", "cre", "cph"), '
                        f'email = "{MAINTAINER_EMAIL}")' for name in creators())
    return "\n".join([
        f"Package: {NAME}",
        "Type: Package",
        f"Title: {_title()}",
        f"Version: {pkg.VERSION}",
        f"Date: {pkg.RELEASE_DATE}",
        f"Authors@R: c({authors})",
        f"Author: {', '.join(f'{name} [aut, cre, cph]' for name in creators())}",
        f"Maintainer: {creators()[0]} <{MAINTAINER_EMAIL}>",
        "Description: " + _description(paths),
        "License: CC BY 4.0",
        "Encoding: UTF-8",
        "LazyData: true",
        "Depends: R (>= 3.5)",
        "",
    ])


def citation_file(paths: Paths) -> str:
    source = article(paths)
    people = ", ".join(f"person({r_string(name)})" for name in creators())
    note = (f"R package {NAME} version {pkg.VERSION}. Data: CC BY 4.0. Taken from "
            f"{source.author_zh} ({source.author_en}), {source.title_zh}, newspaper feature, "
            f"{source.publication_date}.")
    return "\n".join([
        "bibentry(",
        '  bibtype = "Manual",',
        f"  title = {r_string(pkg.TITLE)},",
        f"  author = c({people}),",
        f"  year = {r_string(pkg.RELEASE_DATE[:4])},",
        f"  note = {r_string(note)}",
        ")",
        "",
    ])


def files(paths: Paths) -> Iterator[tuple[str, bytes]]:
    """Every file of the source package, by its path inside it."""
    yield "DESCRIPTION", description_file(paths).encode("utf-8")
    yield "NAMESPACE", b"# Data only: the tables are lazy-loaded data frames.\n"
    yield "inst/CITATION", citation_file(paths).encode("ascii")
    yield f"man/{NAME}-package.Rd", package_rd(paths).encode("utf-8")
    for table in TABLES:
        rows = pq.read_metadata(paths.parquet(table.name)).num_rows
        yield f"man/{table.name}.Rd", rd_page(table, rows).encode("utf-8")
    for table in TABLES:
        yield f"data/{table.name}.R", data_script(paths, table).encode("ascii")


def write(paths: Paths, out: Path) -> Path:
    target = out / tarball_name()
    target.write_bytes(write_tar_gz((f"{NAME}/{name}", data) for name, data in files(paths)))
    return target
