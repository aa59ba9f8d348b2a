"""The R data package of dist/: `R CMD check --no-manual` with no ERROR and no WARNING on
Debian's R; installed, every table is a data frame with the schema's types and the release's
rows, documented field by field, citable, and answers the 2017-targets question.

Needs R (`bash ../shared/consumers/install-r.sh`, run by .ci/run); skipped without it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pyarrow.parquet as pq
import pytest
from distributions import ROOT, built_dist, targets_2017_labels

from etl.distribute import r_package
from etl.metadata import TABLES
from etl.paths import Paths

pytestmark = pytest.mark.skipif(shutil.which("R") is None,
                                reason="R is not installed (shared/consumers/install-r.sh)")
R_CLASSES = {"string": "character", "integer": "integer", "number": "numeric",
             "boolean": "logical", "date": "Date"}


@pytest.fixture(scope="module")
def tarball(tmp_path_factory):
    return built_dist(tmp_path_factory) / r_package.tarball_name()


def _env(library) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(library.parent), "LANG": "C.UTF-8",
            "R_LIBS": str(library)}


def test_r_cmd_check_finds_no_error_and_no_warning(tarball, tmp_path):
    result = subprocess.run(["R", "CMD", "check", "--no-manual", str(tarball)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=600,
                            env={**_env(tmp_path), "_R_CHECK_FORCE_SUGGESTS_": "false"})
    status = re.search(r"^Status: (.*)$", result.stdout, re.M)
    assert status, result.stdout[-3000:] + result.stderr[-2000:]
    assert "ERROR" not in status.group(1) and "WARNING" not in status.group(1), result.stdout


READ = r"""
library(baotousci)
out <- list()
for (name in strsplit(Sys.getenv("TABLES"), ",")[[1]]) {
  frame <- get(name)
  out[[name]] <- list(rows = nrow(frame),
                      classes = lapply(frame, function(column) class(column)[1]),
                      first = lapply(frame[1, , drop = FALSE], function(v) as.character(v)),
                      utf8 = all(Encoding(Filter(function(x) !is.na(x) && x != "",
                                                 unlist(frame[sapply(frame, is.character)])))
                                 %in% c("UTF-8", "unknown")))
}
targets <- subset(figures, status == "target" & ref_date == "2017")
out$targets_2017 <- sort(targets$label_en)
out$citation <- format(citation("baotousci"), style = "text")
out$help <- paste(capture.output(tools::Rd2txt(
  tools:::fetchRdDB(file.path(find.package("baotousci"), "help", "baotousci"), "figures"))),
  collapse = "\n")
cat(jsonlite::toJSON(out, auto_unbox = TRUE, null = "null", na = "null"))
"""


@pytest.fixture(scope="module")
def read_in_r(tarball, tmp_path_factory) -> dict:
    library = tmp_path_factory.mktemp("r") / "library"
    library.mkdir()
    install = subprocess.run(["R", "CMD", "INSTALL", str(tarball)], capture_output=True,
                             text=True, timeout=600, env=_env(library))
    assert install.returncode == 0, install.stderr[-3000:]
    if subprocess.run(["Rscript", "-e", "library(jsonlite)"], capture_output=True,
                      env=_env(library)).returncode != 0:
        pytest.skip("the R package jsonlite is not installed (shared/consumers/install-r.sh)")
    result = subprocess.run(["Rscript", "-e", READ], capture_output=True, text=True,
                            timeout=300, cwd=library.parent,
                            env={**_env(library), "TABLES": ",".join(t.name for t in TABLES)})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_table_is_a_data_frame_with_the_schemas_types_and_rows(read_in_r, table):
    got = read_in_r[table.name]
    parquet = pq.read_table(Paths(ROOT).parquet(table.name))
    assert got["rows"] == parquet.num_rows
    assert got["classes"] == {f.name: R_CLASSES[f.type] for f in table.fields}
    assert got["utf8"]
    first = parquet.slice(0, 1).to_pylist()[0]
    for f in table.fields:
        value = first[f.name]
        expected = (None if value is None else "TRUE" if value is True else "FALSE"
                    if value is False else str(value))
        got_value = got["first"][f.name]
        if f.type == "number" and value is not None:
            assert float(got_value) == value
        else:
            assert got_value == expected, f.name


def test_the_2017_targets_help_and_citation(read_in_r):
    assert read_in_r["targets_2017"] == sorted(targets_2017_labels())
    assert "Baotou open data developers" in read_in_r["citation"]
    help_text = read_in_r["help"].replace("_\b", "")  # Rd2txt's underlined titles
    figures = next(t for t in TABLES if t.name == "figures")
    assert f"{figures.title} ({figures.title_zh})" in help_text
    assert all(f.name in help_text for f in figures.fields)
    assert "Unit: character" in help_text
