"""Loaded by Python at start-up when this folder is on PYTHONPATH (test support only).

Every attempt to reach a non-loopback address (connect, DNS lookup of another host) fails and
is written, one line each, to the file named by ``MW_NETGUARD_LOG``. The privacy tests start the
app with this guard and assert that the workflow completes and the file stays empty.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import threading

_LOG = os.environ.get("MW_NETGUARD_LOG")
_LOCK = threading.Lock()
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _is_local(host: object) -> bool:
    if host in (None, "", b""):
        return True  # binding to "any" / passive lookups
    text = host.decode() if isinstance(host, bytes) else str(host)
    if text.lower() in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _refuse(what: str, host: object) -> None:
    if _LOG:
        with _LOCK, open(_LOG, "a", encoding="utf-8") as handle:
            handle.write(f"{what} {host!r}\n")
    raise OSError(f"network guard: {what} to {host!r} refused (tests allow loopback only)")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo
_gethostbyname = socket.gethostbyname


def _address_host(sock: socket.socket, address: object) -> object:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        return address[0]
    return None  # unix sockets and the like stay on this machine


def connect(self: socket.socket, address: object) -> None:
    host = _address_host(self, address)
    if not _is_local(host):
        _refuse("connect", host)
    return _connect(self, address)


def connect_ex(self: socket.socket, address: object) -> int:
    host = _address_host(self, address)
    if not _is_local(host):
        _refuse("connect", host)
    return _connect_ex(self, address)


def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
    if not _is_local(host):
        _refuse("getaddrinfo", host)
    return _getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


def gethostbyname(host: str) -> str:
    if not _is_local(host):
        _refuse("gethostbyname", host)
    return _gethostbyname(host)


socket.socket.connect = connect  # type: ignore[method-assign,assignment]
socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
socket.gethostbyname = gethostbyname
