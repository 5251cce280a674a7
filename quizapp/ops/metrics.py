"""Prometheus text exposition, computed from the database and Redis at scrape time."""

import bisect

import redis
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

from quizapp.runs import broker, liveness
from quizapp.runs import store

from . import selectors


class RunsCollector:
    def collect(self):
        verdicts = GaugeMetricFamily("quizapp_runs_finished", "Finished runs by verdict.", labels=["verdict"])
        for verdict, count in sorted(selectors.runs_by_verdict().items()):
            verdicts.add_metric([verdict], count)
        yield verdicts

        states = GaugeMetricFamily("quizapp_runs", "Runs by status.", labels=["status"])
        for status, count in sorted(selectors.runs_by_status().items()):
            states.add_metric([status], count)
        yield states

        queued, oldest_age = selectors.queued_in_database()
        yield GaugeMetricFamily(
            "quizapp_runs_queued_database", "Runs queued in the database (the truth).", value=queued
        )
        yield GaugeMetricFamily(
            "quizapp_oldest_queued_run_age_seconds", "How long the oldest queued run has waited.", value=oldest_age or 0
        )
        recovered = CounterMetricFamily(
            "quizapp_runs_recovered",
            "Stranded runs recovered: requeued after their worker died, or resent after the broker lost their message.",
            labels=["how"],
        )
        for how, count in sorted(selectors.runs_recovered().items()):
            recovered.add_metric([how], count)
        yield recovered

        yield from _broker_metrics()
        yield _latency_histogram(selectors.recent_run_latencies_s())


def _broker_metrics():
    depth = GaugeMetricFamily("quizapp_queue_depth", "Messages waiting in the broker queue.", labels=["queue"])
    in_redis = GaugeMetricFamily("quizapp_runs_in_broker", "Runs with a message in Redis (waiting or taken).")
    beats = GaugeMetricFamily(
        "quizapp_worker_heartbeat_age_seconds", "Seconds since each worker process last beat.", labels=["process"]
    )
    sandbox_up = GaugeMetricFamily(
        "quizapp_worker_sandbox_up",
        "1 when the worker's sandbox canary passed its last check, else 0.",
        labels=["worker"],
    )
    try:
        client = store.client()
        for worker, state in sorted(liveness.sandbox_states(client).items()):
            sandbox_up.add_metric([worker], 1 if state["ok"] else 0)
        depth.add_metric([broker.SANDBOX_QUEUE], broker.queue_depth(client))
        in_redis.add_metric([], len(broker.submission_ids_in_broker(client)))
        for process, age in sorted(liveness.heartbeats(client).items()):
            beats.add_metric([process], age)
    except redis.RedisError:
        pass  # Redis is down: these series are absent, and /healthz says why
    yield from (depth, in_redis, beats, sandbox_up)


def _latency_histogram(latencies: list[float]) -> HistogramMetricFamily:
    ordered = sorted(latencies)
    buckets = [(str(bound), bisect.bisect_right(ordered, bound)) for bound in selectors.LATENCY_BUCKETS_S]
    buckets.append(("+Inf", len(ordered)))
    histogram = HistogramMetricFamily(
        "quizapp_run_latency_seconds",
        f"Queued to finished, over the latest {selectors.LATENCY_SAMPLE} finished runs.",
    )
    histogram.add_metric([], buckets, sum_value=sum(ordered))
    return histogram


def metrics_text() -> bytes:
    registry = CollectorRegistry()
    registry.register(RunsCollector())
    return generate_latest(registry)
