"""Every module of this package but `base` is a language; importing the package registers them all."""

import importlib
import pkgutil

from .base import (
    CompileFailed, Language, Prepared, SelfTest, aliases, all_languages, canonical_name, for_file, get, names,
    register,
)

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = [
    "CompileFailed", "Language", "Prepared", "SelfTest", "aliases", "all_languages", "canonical_name", "for_file",
    "get", "names", "register",
]
