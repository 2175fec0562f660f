"""The local platform's ports: the one used before when it is free, and never one port for two services
started together (none of them listens yet when the next is given its port)."""

from __future__ import annotations

import socket

from kantine.platform.procs import free_port
from kantine.platform.supervisor import _port_again


def test_the_port_used_before_is_kept_when_it_is_free() -> None:
    port = free_port()
    assert _port_again(port, set()) == port


def test_a_port_given_in_this_start_is_not_given_again_though_nothing_listens_on_it() -> None:
    port = free_port()
    given: set[int] = set()
    assert _port_again(port, given) == port
    assert _port_again(port, given) != port  # the first service has not bound it yet: still taken
    ports = [_port_again(0, given) for _ in range(200)]
    assert len(set(ports)) == len(ports) and port not in ports


def test_a_port_something_listens_on_is_not_given() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        busy = held.getsockname()[1]
        assert _port_again(busy, set()) != busy
