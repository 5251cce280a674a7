"""The rooms' Channels layer on the test session's Redis (the system one, or the one the suite started)."""

from contextlib import contextmanager


@contextmanager
def channel_layer_on(redis_url: str, settings):
    from channels.layers import channel_layers

    config = settings.CHANNEL_LAYERS["default"]
    host = {**config["CONFIG"]["hosts"][0], "address": redis_url}
    settings.CHANNEL_LAYERS = {"default": {**config, "CONFIG": {**config["CONFIG"], "hosts": [host]}}}
    channel_layers.backends.clear()
    try:
        yield
    finally:
        channel_layers.backends.clear()
