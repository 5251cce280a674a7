"""Deterministic generator of a synthetic interview-question series.

The documents use exactly the format of the real series in ``content/``::

    # 🧵 **961–980: Concurrency Architecture & Design Patterns (Part 2)**

    ### 961. What is ...?
    "First-person answer ..."

    #### Indepth
    **Topic**. More prose ...

    ---

Usage::

    from bench.series import generate_series, write_series
    docs = generate_series()              # {filename: text}, 52 parts, 1,045 questions
    write_series("/tmp/series", parts=10, questions=200, seed=1)
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

EMOJIS = ["🧵", "🧩", "🚀", "🧠", "⚙️", "🔒", "📦", "🧪", "🌐", "🗄️", "⚡", "🛠️", "🐹", "📈"]
TOPICS = [
    "Concurrency Architecture & Design Patterns",
    "Goroutines, Channels & the Scheduler",
    "Memory Model & Garbage Collection",
    "Interfaces, Generics & Type System",
    "Error Handling & Observability",
    "Testing, Benchmarks & Tooling",
    "Networking, HTTP & gRPC",
    "Databases, ORMs & Transactions",
    "Performance Tuning & Profiling",
    "Niche Patterns, Frameworks & Tricky Snippets",
    "Security & Cryptography",
    "Cloud-Native Go & Kubernetes",
]
VERBS = ["implement", "debug", "test", "profile", "design", "secure", "scale", "monitor"]
SUBJECTS = [
    "a worker pool", "graceful shutdown", "a rate limiter", "a circuit breaker",
    "context cancellation", "an LRU cache", "structured logging", "connection pooling",
    "a pub/sub system", "idempotent handlers", "backpressure", "a retry policy",
]
IDENTIFIERS = [
    "sync.WaitGroup", "context.WithTimeout", "errgroup.Group", "sync.Pool", "atomic.Int64",
    "http.Server", "time.Ticker", "select", "chan struct{}", "runtime.Gosched",
]
CONCEPTS = ["Backpressure", "Fairness", "Idempotency", "Cancellation", "Ownership",
            "Escape Analysis", "Bounded Queues", "Jitter", "Determinism", "Locality"]
SENTENCES = [
    "I start with the simplest thing that works and measure before optimizing.",
    "The key idea is that {ident} makes the ownership explicit.",
    "In production I wrap this in a small helper so every team uses it the same way.",
    "It's cheap: the happy path allocates nothing.",
    "The common mistake is forgetting to call `cancel()`, which leaks a goroutine.",
    "I'd say \"it depends\" and then explain the trade-off with {ident}.",
    "Use ``{ident}`` when the value itself contains a backtick-free identifier.",
    "Under load the difference is dramatic: p99 latency drops from 200ms to 15ms.",
]


def _code_block(rng: random.Random) -> list[str]:
    if rng.random() < 0.3:
        # YAML and Markdown inside a fence: `---` and `### 5.` are content here.
        return ["```yaml", "---", "replicas: 3", "# ### 5. not a heading", "---", "```"]
    ident = rng.choice(IDENTIFIERS)
    return [
        "```go",
        "func worker(ctx context.Context, jobs <-chan Job) error {",
        "    for {",
        "        select {",
        "        case <-ctx.Done():",
        "            return ctx.Err()",
        "        case j := <-jobs:",
        f"            _ = j // uses {ident}",
        "        }",
        "    }",
        "}",
        "```",
    ]


def _answer(rng: random.Random) -> list[str]:
    ident = rng.choice(IDENTIFIERS)
    lines = [f"`{ident}` is my default tool here."]
    kind = rng.randrange(4)
    if kind == 0:
        lines += [
            f"1.  **Setup**: create `{rng.choice(IDENTIFIERS)}` once.",
            "2.  **Run**: pass `ctx` to every call.",
            "3.  **Stop**: close the channel from the sender side.",
        ]
    elif kind == 1:
        lines += [
            "*   **Pro**: simple and fast.",
            f"*   **Con**: `{rng.choice(IDENTIFIERS)}` needs care under contention.",
        ]
    elif kind == 2:
        lines += ["For example:"] + _code_block(rng)
    for _ in range(rng.randint(1, 3)):
        lines.append(rng.choice(SENTENCES).format(ident=rng.choice(IDENTIFIERS)))
    lines[0] = '"' + lines[0]
    lines[-1] = lines[-1] + '"'
    return lines


def _indepth(rng: random.Random) -> list[str]:
    concept = rng.choice(CONCEPTS)
    text = (
        f"**{concept}**. {rng.choice(SENTENCES).format(ident=rng.choice(IDENTIFIERS))} "
        f"Most bugs here come from shared state; `{rng.choice(IDENTIFIERS)}` avoids it. "
        "Measure with `go test -bench . -benchmem` before and after."
    )
    lines = [text]
    if rng.random() < 0.2:
        lines += [""] + _code_block(rng)
    return lines


def _question(rng: random.Random, number: int) -> list[str]:
    if rng.random() < 0.1:
        heading = (f"### {number}. **Tricky Snippet**: What does "
                   f"`{rng.choice(IDENTIFIERS)}` print when the channel is closed?")
    else:
        heading = f"### {number}. How do you {rng.choice(VERBS)} {rng.choice(SUBJECTS)} in Go?"
    return [heading] + _answer(rng) + ["", "#### Indepth"] + _indepth(rng) + ["", "---", ""]


def _document(rng: random.Random, index: int, start: int, end: int, language: str) -> str:
    topic = TOPICS[index % len(TOPICS)]
    round_ = index // len(TOPICS) + 1
    title = topic if round_ == 1 else f"{topic} (Part {round_})"
    lines: list[str] = []
    if language != "go":
        lines += [f"<!-- language: {language} -->", ""]
    lines += [f"# {rng.choice(EMOJIS)} **{start}\u2013{end}: {title}**", ""]
    for number in range(start, end + 1):
        lines += _question(rng, number)
    return "\n".join(lines)


def generate_series(parts: int = 52, questions: int = 1045, seed: int = 0,
                    language: str = "go", mojibake: bool = False) -> dict[str, str]:
    """Return ``{filename: document text}`` for a deterministic synthetic series.

    Every part has ``questions // parts`` questions; the last one also gets the
    remainder (52 parts of 1,045 questions: 51 × 20 and a last part 1021–1045,
    like the real series).  ``mojibake=True`` double-encodes the text the way
    the real seed files are (UTF-8 read as Windows-1252).
    """
    if questions < 1:
        raise ValueError("questions must be >= 1")
    parts = max(1, min(parts, questions))
    rng = random.Random(seed)
    size = questions // parts
    documents: dict[str, str] = {}
    start = 1
    for index in range(parts):
        end = questions if index == parts - 1 else start + size - 1
        text = _document(rng, index, start, end, language)
        if mojibake:
            import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

            text = text.encode("utf-8").decode("sloppy-windows-1252")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        documents[f"{index:03d}_{digest}.txt"] = text
        start = end + 1
    return documents


def write_series(directory: str | Path, **kw) -> list[Path]:
    """Write ``generate_series(**kw)`` into ``directory``; return the written paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate_series(**kw).items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    import sys
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from quizapp.content import parse_document

    docs = generate_series()
    began = time.perf_counter()
    results = [parse_document(text, name) for name, text in docs.items()]
    elapsed = time.perf_counter() - began
    count = sum(len(p.questions) for r in results for p in r.parts)
    errors = sum(len(r.errors) for r in results)
    size = sum(len(t.encode()) for t in docs.values())
    print(f"{len(docs)} documents, {size / 1e6:.2f} MB, {count} questions, "
          f"{errors} errors, parsed in {elapsed * 1000:.0f} ms")
