"""Watching one run of a started sandbox: its start signal, its output (bounded per stream), its wall
and CPU time, and how it ended. Nothing the program prints or does inside decides its verdict: the
end comes from our init's status pipe, the accounting from the run's cgroup."""

from __future__ import annotations

import os
import selectors
import signal
import time

from .isolation import READY, READY_TIMEOUT_S, STDERR_FLOOD_BYTES, Outcome, Step, decode_status
from .reaping import init_host_pid, read_ready, reap_orphan, reap_the_rest, waited

ENDED = (b"exited", b"signaled", b"exec-failed")
CPU_CHECK_EVERY_S = 0.05  # how far past its CPU budget a program can get before it is stopped


class Supervision:
    """One run of a PreparedSandbox, from its start signal to its Outcome. Used once."""

    def __init__(self, sandbox, outcome: Outcome):
        self.sandbox = sandbox
        self.step: Step = sandbox.launch.step
        self.group, self.proc, self.fds = sandbox.group, sandbox.proc, sandbox.fds
        self.outcome = outcome
        self.streams = {self.proc.stdout.fileno(): "stdout", self.proc.stderr.fileno(): "stderr"}
        self.buffers = {"stdout": bytearray(), "stderr": bytearray()}
        self.status = bytearray()  # the init's words; its last one says the program ended
        self.cpu_check = self.group.counts_cpu
        # With cgroup accounting (no need for bwrap's rusage), the verdict is complete when the init
        # says the program ended: the sandbox's teardown is left to release, off the learner's wait.
        self.accounted = self.cpu_check and self.group.counts_memory
        self.exited = self.killed = self.ended_early = self.ready = False
        self.stderr_discarded = 0
        self.rusage = None
        self.started = self.deadline = self.next_cpu_check = 0.0

    def run(self) -> Outcome:
        self._start()
        selector = selectors.DefaultSelector()
        try:
            for fd in (*self.streams, self.fds.init_r):
                os.set_blocking(fd, False)
                selector.register(fd, selectors.EVENT_READ)
            selector.register(self.sandbox.pidfd, selectors.EVENT_READ)
            self._watch(selector)
        finally:
            selector.close()
            self._stop()
        return self._conclude()

    def _start(self) -> None:
        self.ready = self.sandbox.wait_until_ready(READY_TIMEOUT_S)
        self.started = time.monotonic()
        self.deadline = self.started + self.step.wall_time_s
        self.next_cpu_check = self.started + CPU_CHECK_EVERY_S
        try:
            os.write(self.fds.start_w, b"\n")
        except BrokenPipeError:
            pass  # the sandbox is gone already: its status says how
        os.close(self.fds.start_w)
        self.fds.start_w = None

    def _watch(self, selector: selectors.BaseSelector) -> None:
        while self.streams or not self.exited:
            now = time.monotonic()
            if now >= self.deadline and not self.exited:
                self.outcome.wall_exceeded = True
                self.kill()
            timeout = max(0.0, self.deadline - now)
            if self.cpu_check:
                timeout = min(timeout, CPU_CHECK_EVERY_S)
            if self.exited or self.killed:
                timeout = min(timeout, 0.2)  # only draining: orphans are dead or dying
            events = selector.select(timeout)
            if not events and self.exited:
                break  # pipes still held by a dying orphan: stop waiting (never poll(): it would reap)
            for key, _ in events:
                self._event(selector, key.fd)
            if self.accounted and not self.exited and not self.killed and _program_ended(self.status):
                self._drain()
                if not self.killed:
                    self.ended_early = True
                    return
            if self.cpu_check and not self.exited and time.monotonic() >= self.next_cpu_check:
                self.next_cpu_check = time.monotonic() + CPU_CHECK_EVERY_S
                used = self.group.cpu_time_s()
                if used is not None and used > self.step.cpu_time_s:
                    self.outcome.cpu_exceeded = True
                    self.kill()

    def _event(self, selector: selectors.BaseSelector, fd: int) -> None:
        if fd == self.sandbox.pidfd:
            self.exited = True
            selector.unregister(fd)
            return
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return
        if not chunk:
            selector.unregister(fd)
            self.streams.pop(fd, None)
        elif fd == self.fds.init_r:
            self.status += chunk
        else:
            self._take(fd, chunk)

    def _drain(self) -> None:
        """The program ended: all it wrote is in its pipes now."""
        for fd in list(self.streams):
            while fd in self.streams:
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    break
                if not chunk:
                    del self.streams[fd]
                else:
                    self._take(fd, chunk)

    def _take(self, fd: int, chunk: bytes) -> None:
        name = self.streams[fd]
        buf = self.buffers[name]
        room = self.step.output_bytes - len(buf)
        if len(chunk) <= room:
            buf += chunk
            return
        buf += chunk[: max(room, 0)]
        setattr(self.outcome, f"{name}_truncated", True)
        if name == "stdout":
            self.outcome.output_exceeded = True
            self.kill()
        else:
            # A crash dump (Go prints every goroutine) may overflow stderr: that is
            # still a runtime error, so keep draining and only stop a real flood.
            self.stderr_discarded += len(chunk) - max(room, 0)
            if self.stderr_discarded > STDERR_FLOOD_BYTES:
                self.outcome.output_exceeded = True
                self.kill()

    def kill(self) -> None:
        if self.killed:
            return
        self.killed = True
        try:
            os.kill(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.group.kill_all()

    def _stop(self) -> None:
        if self.ended_early:
            return
        if not self.exited:
            self.kill()
        _, status_code, self.rusage = os.wait4(self.proc.pid, 0)
        waited(self.proc.pid)
        self.proc.returncode = os.waitstatus_to_exitcode(status_code)
        self.proc.stdout.close()
        self.proc.stderr.close()

    def _conclude(self) -> Outcome:
        outcome, step, group, fds = self.outcome, self.step, self.group, self.fds
        outcome.wall_time_s = time.monotonic() - self.started
        outcome.stdout = bytes(self.buffers["stdout"])
        outcome.stderr = bytes(self.buffers["stderr"])
        self.sandbox.init_pid = outcome.sandbox_pid = init_host_pid(read_ready(fds.json_r))
        if not self.ended_early:
            reap_orphan(self.sandbox.init_pid)
            if self.killed:
                reap_the_rest(group)
        self.status += read_ready(fds.init_r)
        returncode = 0 if self.ended_early else self.proc.returncode
        decode_status(outcome, step, returncode, self.killed, self.status.decode(errors="replace"), self.ready)
        if fds.report_r is not None:
            _take_report(outcome, step, read_ready(fds.report_r))
        cg_cpu = group.cpu_time_s()
        outcome.cpu_time_s = cg_cpu if cg_cpu is not None else self.rusage.ru_utime + self.rusage.ru_stime
        peak = group.peak_memory_bytes()
        outcome.peak_memory_bytes = peak if peak is not None else self.rusage.ru_maxrss * 1024
        outcome.oom_killed = group.oom_killed()
        outcome.pids_limit_hit = group.pids_limit_hit()
        if outcome.cpu_time_s > step.cpu_time_s and not outcome.output_exceeded:
            outcome.cpu_exceeded = True
        if outcome.signal == signal.SIGXCPU:
            outcome.cpu_exceeded = True
        return outcome


def _program_ended(status: bytes) -> bool:
    return any(line.split(b" ", 1)[0] in ENDED for line in status.splitlines())


def _take_report(outcome: Outcome, step: Step, report: bytes) -> None:
    if step.started_by != "program":
        outcome.report = report
        return
    if report.startswith(READY):
        outcome.report = report[len(READY):]
        return
    if outcome.setup_error is None and not outcome.wall_exceeded:
        detail = outcome.stderr.decode(errors="replace").strip()[-1500:]
        outcome.setup_error = (f"{step.argv[0]} ended before it was ready for the run"
                               + (f": {detail}" if detail else f" (exit {outcome.exit_code}, signal {outcome.signal})"))
