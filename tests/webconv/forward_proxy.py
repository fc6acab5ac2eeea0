"""Test doubles for egress: a forwarding HTTP proxy (absolute-form requests and CONNECT
tunnels, optional Basic proxy auth, counting and recording what it saw) and a TLS front
that terminates HTTPS and forwards to a plain HTTP server (five9_sim serves no TLS).
Standard library only; both listen on ephemeral loopback ports and run on daemon threads.
"""
import base64
import http.client
import http.server
import select
import socket
import ssl
import threading
import urllib.parse

# Headers a proxy consumes rather than forwards (RFC 9110 7.6.1 plus the proxy's own).
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authorization", "proxy-connection", "te",
               "trailer", "transfer-encoding", "upgrade", "host", "content-length"}


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def _relay_response(handler, upstream_response, body):
    handler.send_response(upstream_response.status, upstream_response.reason)
    for name, value in upstream_response.getheaders():
        if name.lower() not in _HOP_BY_HOP:
            handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _forward(handler, host, port, path):
    """Sends the handler's request to host:port (a fresh connection) and relays the answer."""
    length = int(handler.headers.get("Content-Length") or 0)
    body = handler.rfile.read(length) if length else b""
    headers = {k: v for k, v in handler.headers.items() if k.lower() not in _HOP_BY_HOP}
    headers["Host"] = f"{host}:{port}"
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request(handler.command, path, body=body, headers=headers)
        response = conn.getresponse()
        _relay_response(handler, response, response.read())
    finally:
        conn.close()


class ForwardProxy:
    """An HTTP proxy on 127.0.0.1. `credentials` ("user:password") makes it answer 407 to
    requests without them. `requests` records (method, target, headers dict) of each request
    it received, refused ones included."""

    def __init__(self, credentials=None):
        self.credentials = credentials
        self.requests = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet: the test prints what matters
                pass

            def _admitted(self):
                with proxy._lock:
                    proxy.requests.append((self.command, self.path, dict(self.headers.items())))
                if proxy.credentials is None:
                    return True
                expected = "Basic " + base64.b64encode(proxy.credentials.encode()).decode()
                if self.headers.get("Proxy-Authorization") == expected:
                    return True
                self.send_response(407, "Proxy Authentication Required")
                self.send_header("Proxy-Authenticate", 'Basic realm="test"')
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                return False

            def _bad_gateway(self, why):
                body = f"<html><body>502 {why}</body></html>".encode()
                self.send_response(502, "Bad Gateway")
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_CONNECT(self):
                if not self._admitted():
                    return
                host, _, port = self.path.rpartition(":")
                try:
                    upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
                except OSError as err:
                    self._bad_gateway(err)
                    self.close_connection = True
                    return
                self.send_response(200, "Connection established")
                self.end_headers()
                self.close_connection = True
                sockets = [self.connection, upstream]
                try:
                    while True:
                        readable, _, _ = select.select(sockets, [], [], 120)
                        if not readable:
                            return
                        for s in readable:
                            data = s.recv(65536)
                            if not data:
                                return
                            (upstream if s is self.connection else self.connection).sendall(data)
                except OSError:
                    return
                finally:
                    upstream.close()

            def _forward_absolute(self):
                if not self._admitted():
                    return
                url = urllib.parse.urlsplit(self.path)
                if url.scheme != "http" or not url.hostname:
                    self._bad_gateway("not an absolute http:// request-target")
                    return
                path = url.path + (("?" + url.query) if url.query else "")
                try:
                    _forward(self, url.hostname, url.port or 80, path)
                except OSError as err:
                    self._bad_gateway(err)

            do_POST = do_GET = _forward_absolute

        self._server = _Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def seen(self, method=None):
        with self._lock:
            return [r for r in self.requests if method is None or r[0] == method]

    def close(self):
        self._server.shutdown()
        self._server.server_close()


class TlsFront:
    """HTTPS on 127.0.0.1 with `cert` (path pair), forwarding each request to the plain
    HTTP server at `upstream` ("host:port"). `requests` records (method, path, headers)."""

    def __init__(self, cert, upstream):
        self.requests = []
        self._lock = threading.Lock()
        upstream_host, _, upstream_port = upstream.rpartition(":")
        front = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                with front._lock:
                    front.requests.append((self.command, self.path, dict(self.headers.items())))
                try:
                    _forward(self, upstream_host, int(upstream_port), self.path)
                except OSError:
                    self.send_error(502)

        self._server = _Server(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert[0], cert[1])
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def seen(self):
        with self._lock:
            return list(self.requests)

    def close(self):
        self._server.shutdown()
        self._server.server_close()
