"""Deferred imports: transparent to code that uses the module, and unused by the suites."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import ROOT


def _python(code: str, *args: str) -> str:
    """Run code in a fresh interpreter (imports are per process) and return its output."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_deferred_module_loads_at_its_first_attribute_and_then_works():
    out = _python("""
        from etl.deferred_import import defer, loaded
        defer("colorsys", "xml.dom.minidom")
        import colorsys
        from xml.dom import minidom
        before = (loaded("colorsys"), loaded("xml.dom.minidom"))
        hsv = colorsys.rgb_to_hsv(1.0, 0.0, 0.0)
        tag = minidom.parseString("<a/>").documentElement.tagName
        print(before, (loaded("colorsys"), loaded("xml.dom.minidom")), hsv, tag)
    """)
    assert out == "(False, False) (True, True) (0.0, 1.0, 1.0) a"


def test_an_imported_module_is_not_replaced():
    out = _python("""
        import json
        from etl.deferred_import import defer, loaded
        defer("json")
        import sys
        print(sys.modules["json"] is json, loaded("json"))
    """)
    assert out == "True True"


def test_the_suites_never_need_the_modules_deferred_for_them():
    """If GX came to use them, the build would still be right, only slower: this says so."""
    out = _python("""
        from etl.deferred_import import GX_UNUSED, defer, loaded
        defer(*GX_UNUSED)
        from etl.gx_suite import run_suites
        from etl.metadata import TABLES
        from etl.paths import Paths
        from etl.pipeline import derived
        import pathlib, sys
        problems, outcomes = run_suites(derived(Paths(pathlib.Path(sys.argv[1]))),
                                        {t.name: t.name for t in TABLES})
        print(len(problems), len(outcomes) > 0, [n for n in GX_UNUSED if loaded(n)])
    """, str(ROOT))
    assert out == "0 True []"
