"""Prometheus text exposition, computed from the database and Redis at scrape time."""

import bisect

import redis
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily

from quizapp.runs import redis as runs_redis

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

        depth = GaugeMetricFamily("quizapp_queue_depth", "Messages waiting in the broker queue.", labels=["queue"])
        try:
            depth.add_metric([selectors.SANDBOX_QUEUE], selectors.queue_depth(runs_redis.client()))
        except redis.RedisError:
            pass
        yield depth

        yield _latency_histogram(selectors.recent_run_latencies_s())


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
