"""Each worker checks its own sandbox with the canary (sandbox.canary) when it starts and every
RUNS_CANARY_EVERY_S: while the canary fails, the worker stops consuming the sandbox queue (queued
runs wait for a healthy worker, or the reaper ends them INTERNAL_ERROR saying the fault is ours),
logs why, and takes runs again once it passes. Its state goes to Redis with a TTL, per worker, for
/healthz and /metrics."""

import logging
import threading

import redis
from django.conf import settings

from quizapp.runs import broker, liveness, store
from sandbox.canary import run_canary

from .reaper import submissions_reap

log = logging.getLogger(__name__)
_stop = threading.Event()


class Canary:
    """The canary loop of one worker (its main process)."""

    def __init__(self, app, worker: str):
        self.app = app
        self.worker = worker
        self.consuming = True

    def check(self) -> bool:
        ok, detail = self._run(run_canary)
        if not ok:  # confirm before leaving the queue: one bad moment is not a broken sandbox
            ok, detail = self._run(run_canary)
        if not ok:
            log.error("sandbox canary failed on %s: %s", self.worker, detail)
        self._publish(ok, detail)
        self._consume(ok)
        if not ok:
            self._reap()
        return ok

    @staticmethod
    def _reap() -> None:
        """The reaper's task comes from the sandbox queue this worker just left: run it here, so
        queued runs still end (INTERNAL_ERROR, the service's fault) when no sandbox comes back."""
        try:
            submissions_reap()
        except Exception:  # noqa: BLE001 - the next check tries again
            log.exception("reaper run by the canary failed")

    @staticmethod
    def _run(run_canary) -> tuple[bool, str]:
        try:
            report = run_canary()
        except Exception as error:  # noqa: BLE001 - a canary that cannot run is a failed canary
            return False, f"the canary could not run: {type(error).__name__}: {error}"
        return report.ok, report.summary()

    def _publish(self, ok: bool, detail: str) -> None:
        try:
            liveness.sandbox_state_write(store.client(), self.worker, ok=ok, detail=detail)
        except redis.RedisError:
            log.warning("could not publish the sandbox state of %s", self.worker)

    def _consume(self, ok: bool) -> None:
        if ok == self.consuming:
            return
        control = self.app.control
        if ok:
            control.add_consumer(broker.SANDBOX_QUEUE, destination=[self.worker], reply=True, timeout=5)
            log.warning("sandbox canary passes again on %s: taking runs from %r", self.worker, broker.SANDBOX_QUEUE)
        else:
            control.cancel_consumer(broker.SANDBOX_QUEUE, destination=[self.worker], reply=True, timeout=5)
            log.error("sandbox canary failed on %s: stopped taking runs from %r", self.worker, broker.SANDBOX_QUEUE)
        self.consuming = ok

    def loop(self) -> None:
        while True:
            self.check()
            if _stop.wait(settings.RUNS_CANARY_EVERY_S):
                return


def start(app, worker: str) -> None:
    if not settings.RUNS_CANARY_EVERY_S:
        return
    _stop.clear()
    canary = Canary(app, worker)
    threading.Thread(target=canary.loop, daemon=True, name="sandbox-canary").start()


def stop() -> None:
    _stop.set()
