"""Imports made cheaper by leaving out what a library only needs elsewhere.

Two libraries import a heavy module at load time for a feature the build
never uses: jieba imports ``pkg_resources`` (a fifth of a second) only to
open its own data files, which it can open directly; pyvis imports IPython
(half a second) only to show a network in a notebook. :func:`stand_ins`
puts a stand-in in ``sys.modules`` for the time of such an import, and
takes it away after, so a later import of the real module gets it.

>>> import sys
>>> with stand_ins({"kg_not_a_module": None}):
...     "kg_not_a_module" in sys.modules
True
>>> "kg_not_a_module" in sys.modules
False
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from types import ModuleType
from typing import Iterator


@contextmanager
def stand_ins(modules: dict[str, ModuleType | None]) -> Iterator[None]:
    """``sys.modules`` holds ``modules`` within the block (None makes importing
    that name fail), except those already imported, which stay as they are."""
    added = {name: module for name, module in modules.items() if name not in sys.modules}
    sys.modules.update(added)
    try:
        yield
    finally:
        for name, module in added.items():
            if name in sys.modules and sys.modules[name] is module:
                del sys.modules[name]
