"""Where a request comes from: the one answer that every limit (throttles, django-axes) uses."""

from ipaddress import IPv6Address, ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the client as the nearest trusted party saw it.

    With no trusted proxy (TRUSTED_PROXY_COUNT=0, the default) that is REMOTE_ADDR, and
    X-Forwarded-For is ignored: anyone can write it. Behind N proxies that each append the
    address they saw, the Nth entry from the right is the one the outermost trusted proxy wrote;
    anything left of it is the client's to choose. A header too short for N proxies, or an entry
    that is not an address, means the request did not come the configured way: REMOTE_ADDR.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    if len(hops) < proxies:
        return remote
    try:
        return str(ip_address(hops[-proxies]))
    except ValueError:
        return remote


# One IPv6 client is usually given a whole /64 and can pick any address in it.
IPV6_CLIENT_PREFIX = 64


def client_network(request: HttpRequest) -> str:
    """What the rate limits count per: the client address, but for IPv6 its /64 (an address
    that is not one is returned as it is). django-axes keeps the full address in its log."""
    address = client_address(request)
    try:
        parsed = ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ip_network(f"{parsed}/{IPV6_CLIENT_PREFIX}", strict=False))
    return address
