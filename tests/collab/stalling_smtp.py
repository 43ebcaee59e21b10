"""A real mail server that accepts connections and then never answers, like a stalled relay."""

import socket
import threading


class StallingSmtpServer:
    """Listens on a free loopback port; each connection is accepted and left waiting.

    `connected` is set once a client has connected, so a test knows the send is stalled.
    """

    def __init__(self):
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.connected = threading.Event()
        self._connections = []
        self._stopped = False
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stopped = True
        self._listener.close()
        for connection in self._connections:
            connection.close()
        self._thread.join(timeout=5)

    def _accept(self):
        while not self._stopped:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            # No "220" greeting, ever: the client waits until its own timeout.
            self._connections.append(connection)
            self.connected.set()
