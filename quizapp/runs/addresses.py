"""The address a request comes from, for the limits per address."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """REMOTE_ADDR, unless it is a trusted proxy (settings.TRUSTED_PROXIES): then the nearest address
    in X-Forwarded-For that is not one of those proxies. A client can put anything in the header,
    so only what a trusted proxy appended is believed; with no trusted proxy it is never read."""
    address = request.META.get("REMOTE_ADDR", "")
    if address not in settings.TRUSTED_PROXIES:
        return address
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = hop.strip()
        if hop in settings.TRUSTED_PROXIES:
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            return address  # not an address: the proxy did not write it, so fall back to the proxy's
    return address
