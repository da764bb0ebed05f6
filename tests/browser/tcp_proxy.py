"""A TCP proxy for fault injection in browser tests: cut every connection, or reset one.

``TcpProxy(target_port)`` listens on a free loopback port and passes bytes both ways. ``cut()``
closes every open connection (a network drop: the browser reconnects through the proxy);
``reset_next()`` makes the next request on a connection that already carried one fail with a
TCP reset before it reaches the target (what nginx saw when uvicorn closed an idle keep-alive
connection as nginx reused it: review H2).
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

from testing.server import free_port


class TcpProxy:
    """A loopback TCP proxy in threads; stop it with ``close``."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.resets = 0
        self._reset_armed = False
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._server = socket.create_server(("127.0.0.1", self.port))
        self._running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        """Close every connection open now, both sides."""
        with self._lock:
            conns, self._open = self._open, []
        for s in conns:
            _close(s)

    def reset_next(self) -> None:
        """Reset the next request sent on a reused connection (once)."""
        with self._lock:
            self._reset_armed = True

    def close(self) -> None:
        self._running = False
        _close(self._server)
        self.cut()

    def _accept(self) -> None:
        while self._running:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._open += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, from_client: bool) -> None:
        requests = 0
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if from_client and data[:4] in (b"GET ", b"PUT ", b"POST", b"HEAD"):
                    requests += 1
                    if requests > 1 and self._take_reset():
                        _reset(src)
                        _close(dst)
                        return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            _close(src)
            _close(dst)

    def _take_reset(self) -> bool:
        with self._lock:
            armed, self._reset_armed = self._reset_armed, False
        if armed:
            self.resets += 1
        return armed


def _reset(s: socket.socket) -> None:
    # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    except OSError:
        pass


def _close(s: socket.socket) -> None:
    # shutdown first: close() alone does not wake a thread blocked in recv() on it.
    for step in (lambda: s.shutdown(socket.SHUT_RDWR), s.close):
        with contextlib.suppress(OSError):
            step()
