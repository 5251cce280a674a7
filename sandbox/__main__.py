"""Command line: python -m sandbox run --lang go FILE [--stdin FILE] [--expect FILE] [--json]."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import api, checkers, languages, pool
from .models import CheckerSpec, Limits, MiB, RunRequest, SourceRejected, Verdict


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description="Run a snippet in the sandbox.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run one source file")
    run.add_argument("file", help="source file, or - for standard input")
    run.add_argument("--lang", choices=languages.names(), help="default: from the file suffix")
    run.add_argument("--toolchain", default="", help="e.g. go1.21 (default: the language's default toolchain)")
    run.add_argument("--stdin", dest="stdin_file", help="file fed to the program's standard input")
    run.add_argument("--expect", help="file with the expected output")
    run.add_argument("--checker", default=checkers.DEFAULT_CHECKER, choices=checkers.names())
    run.add_argument("--checker-arg", help="regex / expected message fragment")
    run.add_argument("--cpu", type=float, default=Limits.cpu_time_s, help="CPU seconds")
    run.add_argument("--wall", type=float, default=Limits.wall_time_s, help="wall seconds")
    run.add_argument("--memory-mib", type=int, default=Limits.memory_bytes // MiB)
    run.add_argument("--json", action="store_true", help="print the full result as JSON")
    run.add_argument("--no-warm", action="store_true", help="skip warming toolchain caches first")
    sub.add_parser("warm", help="prebuild toolchain caches")
    sub.add_parser("check", help="run the canary: can this host run sandboxes, and does each verdict come out right?")
    sub.add_parser("versions", help="print toolchain versions")
    sub.add_parser("extra-toolchains", help="print LANGUAGE ID PIP-REQUIREMENT of each toolchain besides the defaults")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "warm":
        api.warm()
        print("warm")
        return 0
    if args.command == "check":
        from .canary import run_canary

        report = run_canary()
        print(("ok: " if report.ok else "BROKEN: ") + report.summary())
        return 0 if report.ok else 1
    if args.command == "versions":
        print(json.dumps(api.toolchain_versions(), indent=2))
        return 0
    if args.command == "extra-toolchains":
        for language in languages.all_languages():
            for toolchain_id, requirement in language.extra_toolchains.items():
                print(language.name, toolchain_id, requirement)
        return 0
    source = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    by_suffix = languages.for_file(args.file)
    language = args.lang or (by_suffix.name if by_suffix else None)
    if not language:
        print("cannot tell the language: pass --lang", file=sys.stderr)
        return 2
    request = RunRequest(
        language=language,
        source=source,  # bytes: validation reports bad UTF-8 precisely
        # Bytes, not text: read_text() would turn \r\n and \r into \n.
        stdin=Path(args.stdin_file).read_bytes().decode("utf-8", "surrogateescape") if args.stdin_file else "",
        toolchain=args.toolchain,
        limits=Limits(cpu_time_s=args.cpu, wall_time_s=args.wall, memory_bytes=args.memory_mib * MiB),
        expected_output=Path(args.expect).read_bytes().decode("utf-8", "replace") if args.expect else None,
        checker=CheckerSpec(args.checker, args.checker_arg),
    )
    try:
        if not args.no_warm:
            api.warm(language)
        # One run: no pool to prepare sandboxes ahead, and each sandbox is ended and reaped before
        # the command returns (its parent may not reap what it would leave).
        with pool.bypassed():
            result = api.run(request)
    except SourceRejected as exc:
        if args.json:
            print(json.dumps({"rejected": str(exc)}))
        else:
            print(f"REJECTED: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        _print_human(result)
    return 0 if result.verdict in (Verdict.OK, Verdict.ACCEPTED) else 1


def _print_human(result) -> None:
    print(f"verdict: {result.verdict}  ({result.message})")
    if result.compile_output:
        print("--- compile output ---")
        print(result.compile_output)
    if result.stdout:
        print("--- stdout ---")
        print(result.stdout, end="" if result.stdout.endswith("\n") else "\n")
    if result.stderr:
        print("--- stderr ---")
        print(result.stderr, end="" if result.stderr.endswith("\n") else "\n")
    if result.diff:
        print("--- diff ---")
        print(result.diff)
    status = f"exit {result.exit_code}" if result.signal is None else f"signal {result.signal}"
    print(
        f"{status}; wall {result.wall_time_s * 1000:.1f} ms; cpu {result.cpu_time_s * 1000:.1f} ms; "
        f"compile {result.compile_time_s * 1000:.1f} ms{' (cached binary)' if result.binary_cached else ''}; "
        f"peak memory {result.peak_memory_bytes / MiB:.1f} MiB ({result.memory_enforcement}); "
        f"{result.toolchain_version}"
    )


if __name__ == "__main__":
    sys.exit(main())
