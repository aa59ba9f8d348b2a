"""Validate a CKAN dataset dict with CKAN's own package_create schema, without a CKAN site.

Run by the Python of a venv made from tests/consumers/ckan-2.12.lock:
`python ckan_validate.py DATASET.json` prints {"errors": …, "name": …, "tags": […]}.
The validators that look things up in a site's database (is the name taken, does the
organisation exist, is the user a sysadmin…) are replaced by no-ops; every rule on the
dataset's own values (name, tags, version, extras, resource sizes, dates, emails…) runs as
CKAN runs it.
"""

from __future__ import annotations

import inspect
import json
import sys

import ckan.lib.navl.dictization_functions as df
from ckan.logic.schema import default_create_package_schema

SITE_LOOKUPS = {"package_name_validator", "owner_org_validator", "package_id_does_not_exist",
                "resource_id_does_not_exist", "vocabulary_id_exists", "empty_if_not_sysadmin",
                "ignore_not_sysadmin", "ignore_not_package_admin",
                "datasets_with_no_organization_cannot_be_private"}


def _value_noop(value, context):
    return value


def _key_noop(key, data, errors, context):
    return None


def _without_site_lookups(schema: dict) -> dict:
    out: dict[str, object] = {}
    for key, value in schema.items():
        if isinstance(value, dict):
            out[key] = _without_site_lookups(value)
        elif isinstance(value, list):
            out[key] = [
                (_value_noop if len(inspect.signature(v).parameters) == 2 else _key_noop)
                if getattr(v, "__name__", "") in SITE_LOOKUPS else v
                for v in value
            ]
        else:
            out[key] = value
    return out


def main(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    schema = _without_site_lookups(default_create_package_schema())
    out, errors = df.validate(data, schema, {"user": "", "ignore_auth": True})
    json.dump({"errors": errors, "name": out.get("name"),
               "tags": [t["name"] for t in out.get("tags", [])],
               "resources": len(out.get("resources", []))}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
