from .base import CompileFailed, Language, Prepared, get, names, register
from . import go, python  # noqa: F401  (registers the built-in languages)

__all__ = ["CompileFailed", "Language", "Prepared", "get", "names", "register"]
