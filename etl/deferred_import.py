"""Import a module only when one of its attributes is first used.

Great Expectations imports scipy.stats and altair when it starts (for its
KL-divergence and Kolmogorov-Smirnov expectations and its charts), which is about a
second of the two its import takes. The suites here use neither. A deferred module is a
stand-in that imports the real one at the first attribute anyone reads from it, so
nothing changes for code that does use it: it only pays later.
"""

from __future__ import annotations

import importlib
import sys
import types

GX_UNUSED = ("scipy.stats", "altair")
"""Modules Great Expectations imports at start-up that the suites here never use."""


class DeferredModule(types.ModuleType):
    """Stands in for a module in `sys.modules` until an attribute is read from it."""

    def __getattr__(self, attribute: str) -> object:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)
        return getattr(real, attribute)


def defer(*names: str) -> None:
    """Let `import name` and `from parent import name` bind a stand-in for each module.

    A module already imported is left as it is.
    """
    for name in names:
        if name in sys.modules:
            continue
        stand_in = DeferredModule(name)
        sys.modules[name] = stand_in
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(importlib.import_module(parent), child, stand_in)


def loaded(name: str) -> bool:
    """Whether the real module has been imported (not only its stand-in)."""
    module = sys.modules.get(name)
    return module is not None and not isinstance(module, DeferredModule)
