"""The fixed topic vocabulary of tricky snippets (``#### Topic``), per language: slug -> label."""

from __future__ import annotations

TOPICS: dict[str, dict[str, str]] = {
    "go": {
        "slices": "Slices",
        "maps": "Maps",
        "strings": "Strings, bytes and runes",
        "closures": "Closures",
        "loops": "Loops and loop variables",
        "defer": "Defer and recover",
        "interfaces": "Interfaces",
        "methods": "Methods and receivers",
        "structs": "Structs and copies",
        "concurrency": "Goroutines and channels",
        "select": "Select",
        "sync": "sync: mutexes, wait groups, Once, Cond",
        "panics": "Run-time panics",
        "constants": "Constants and iota",
        "shadowing": "Shadowing with :=",
        "control-flow": "switch, fallthrough, labels",
        "generics": "Generics and type sets",
        "errors": "Errors",
        "type-assertions": "Type assertions and switches",
        "json": "encoding/json",
        "fmt": "fmt verbs",
        "init-order": "Package initialisation order",
        "compile-errors": "Compile errors a reviewer catches",
        "context": "context: cancellation, causes, values",
        "goroutine-leaks": "Goroutine leaks",
        "races": "Data races, atomics and the memory model",
        "iterators": "Range-over-func iterators",
        "time": "time: timers, monotonic clock, dates",
        "logging": "log/slog",
        "memory": "Memory retention",
        "spec-corners": "Corners of the spec",
    },
    "python": {
        "mutable-defaults": "Mutable default arguments",
        "late-binding": "Late binding of closures",
        "identity": "is vs ==, interning",
        "comparisons": "Chained comparisons",
        "generators": "Generators and iterators",
        "scoping": "Scoping: UnboundLocalError, nonlocal, class bodies",
        "exceptions": "Exceptions, finally and return",
        "ordering": "dict and set ordering",
        "copying": "Copying: shallow, deep, * on lists",
        "numbers": "Floats and integers",
        "hashing": "__eq__ and __hash__",
        "descriptors": "Descriptors and properties",
        "mro": "Method resolution order",
        "formatting": "f-strings and formatting",
        "sorting": "sorted: stability and keys",
        "unpacking": "Unpacking",
        "walrus": "The walrus operator",
        "match": "match statements",
        "strings": "Strings",
        "classes": "Classes and attributes",
    },
}


def topic_ref(ref: str) -> tuple[str, str]:
    """A topic as the room forms and plans write it: "go:slices" -> ("go", "slices")."""
    language, _, slug = (ref or "").partition(":")
    return language, slug


def topic_label(language: str, slug: str) -> str:
    """The topic's label ('' for an unknown topic or no topic)."""
    return TOPICS.get(language, {}).get(slug, "")
