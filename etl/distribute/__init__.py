"""Distributions of the published release beyond the repository (`make release` → dist/).

One module per artifact, each generated from the published release (data/processed/,
datapackage.json) and the metadata in etl/metadata/, nothing by hand: the Python data
package, the R data package, SQLite with its Datasette metadata, the portal exports, the
archive with its dataset card, and SHA256SUMS. `etl.distribute.release` runs them in order.
"""
