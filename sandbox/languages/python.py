"""Python 3 in isolated mode (-I -S): no site-packages, no user env, no cwd on sys.path."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

from .. import config
from ..isolation import BOX, READY, Mount, Outcome, Step
from ..models import RunRequest
from .base import Language, Prepared, SelfTest, register

SOURCE_PATH = f"{BOX}/main.py"  # Python.file_name
COMPILE_ERROR_REPORT = b"compile-error\n"
REPORT_LIMIT = 8000  # characters of the syntax error; the pipe holds far more

# The trusted first stage: says it is ready on the report channel (argv[1]), waits for the run's
# start signal (argv[2]; the sandbox may have been prepared ahead of its run), compiles the source
# and says whether it compiled, then closes the channel before any learner code runs, so the
# program cannot forge a compile error (or anything else) there. Tracebacks leave out this
# bootstrap's frame. It uses `posix` (built in, loaded at startup) rather than `os`, whose import
# under -S cost every run ~0.9 ms; a program that wants `os` imports it itself. compile()'s first
# call makes the interpreter's AST types (~1.2 ms: it checks whether its source is an AST): made
# before the sandbox says it is ready, so a prepared sandbox has done it before its run starts.
BOOTSTRAP = f"""
def __sandbox_main():
    import posix, sys
    report, start = int(sys.argv[1]), int(sys.argv[2])
    compile('', {SOURCE_PATH!r}, 'exec')
    posix.write(report, {READY!r})
    if posix.read(start, 1) != b'\\n':
        posix._exit(0)
    posix.close(start)
    path = {SOURCE_PATH!r}
    with open(path, 'rb') as handle:
        source = handle.read()
    try:
        code = compile(source, path, 'exec')
    except (SyntaxError, ValueError) as exc:
        import traceback
        text = ''.join(traceback.format_exception_only(type(exc), exc))[:{REPORT_LIMIT}]
        posix.write(report, {COMPILE_ERROR_REPORT!r} + text.encode('utf-8', 'replace'))
        posix._exit(1)
    posix.write(report, b'compiled\\n')
    posix.close(report)
    namespace = sys.modules['__main__'].__dict__
    del namespace['__sandbox_main']
    namespace['__file__'] = path
    sys.argv[:] = [path]
    try:
        exec(code, namespace)
    except SystemExit:
        raise
    except BaseException as exc:
        import traceback
        traceback.print_exception(type(exc), exc, exc.__traceback__.tb_next)
        sys.exit(1)
__sandbox_main()
"""


self_tests = (
    SelfTest("ok", "print(sum(range(10)))\n", "ACCEPTED", expected_output="45\n"),
    SelfTest("wrong answer", "print(44)\n", "WRONG_ANSWER", expected_output="45\n"),
    SelfTest("compile error", "print(1\n", "COMPILE_ERROR"),
    SelfTest("exception", "raise ValueError('canary')\n", "RUNTIME_ERROR"),
    SelfTest("memory limit", "blocks = []\nwhile True:\n    blocks.append(bytearray(8 << 20))\n", "MEMORY_LIMIT",
             memory_bytes=64 << 20),
)


def python_binary() -> str:
    """Interpreter for learner code. The venv's python usually lives under /root,
    which uid 65534 cannot traverse, so prefer the distribution's."""
    explicit = config.current().python
    if explicit:
        return explicit
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.access(candidate, os.X_OK):
            return candidate
    return os.path.realpath(sys.executable)


class Python(Language):
    name = "python"
    self_tests = self_tests
    title = "Python"
    file_name = "main.py"
    editor_mode = "python"
    hello_world = 'print("hello")\n'
    crash_word = "exception"

    @functools.lru_cache(maxsize=None)
    def _version(self, binary: str) -> str:
        out = subprocess.run(
            [binary, "-I", "-S", "-c", "import sys; print(sys.version.split()[0])"],
            capture_output=True, text=True, check=True, timeout=30,
        )
        return f"Python {out.stdout.strip()}"

    def toolchain_version(self, toolchain_id: str = "") -> str:
        return self._version(python_binary())

    def prepare(self, request: RunRequest, source: bytes, rundir: os.PathLike) -> Prepared:
        binary = python_binary()
        step = Step.for_run(
            request.limits,
            argv=[binary, "-I", "-S", "-B", "-X", "utf8", "-c", BOOTSTRAP],
            mounts=self._system_mounts(binary),
            env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"},
            cwd="/tmp",
            stdin=request.stdin_bytes(),
            box_files={self.file_name: source},
            address_space_fallback=True,
            report_channel=True,
            started_by="program",
            poolable=True,
        )
        return Prepared(step=step)

    @staticmethod
    def _system_mounts(binary: str) -> list[Mount]:
        mounts = [Mount("ro", "/usr", "/usr")]
        for name in ("lib", "lib64", "bin"):
            if os.path.islink(f"/{name}"):
                mounts.append(Mount("symlink", os.readlink(f"/{name}"), f"/{name}"))
            elif os.path.isdir(f"/{name}"):
                mounts.append(Mount("ro", f"/{name}", f"/{name}"))
        real = os.path.realpath(binary)
        if not real.startswith("/usr/"):
            prefix = str(Path(real).parent.parent)  # <prefix>/bin/python3 -> <prefix>
            mounts.append(Mount("ro", prefix, prefix))
        return mounts

    def compile_error_from_run(self, outcome: Outcome) -> Optional[str]:
        if outcome.report.startswith(COMPILE_ERROR_REPORT):
            return outcome.report[len(COMPILE_ERROR_REPORT):].decode(errors="replace")
        return None

    def error_message(self, stderr: str) -> str:
        marker = "Traceback (most recent call last):"
        if marker not in stderr:
            return ""
        tail = stderr.rsplit(marker, 1)[1]
        lines = [line for line in tail.splitlines() if line.strip() and not line.startswith(" ")]
        return lines[-1] if lines else ""

    def out_of_memory(self, stderr: str) -> bool:
        return self.error_message(stderr).startswith("MemoryError")

    def file_too_large(self, stderr: str) -> bool:
        return self.error_message(stderr).startswith("OSError: [Errno 27]")


register(Python(), "python3", "py")
