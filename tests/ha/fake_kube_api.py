#!/usr/bin/env python3
"""A fake Kubernetes API server for coordination.k8s.io/v1 Leases (tests only).

Usage: fake_kube_api.py --token TOKEN [--listen 127.0.0.1:0]
Prints "listening on HOST:PORT" once bound. Standard library only.

Serves GET/POST/PUT /apis/coordination.k8s.io/v1/namespaces/NS/leases[/NAME] with the API
server's semantics that leader election depends on: a resourceVersion per write, 409 on a
stale PUT or on POSTing an existing Lease, 404 for a missing one, 401 without the Bearer
token. The loopback control surface (/control/...) injects faults and reports what happened:
  POST /control/outage  {"down": true|false}  while down every Lease request's connection is
                                              closed without an answer (the client sees a
                                              transport error, as with a dead API server)
  POST /control/inject  {"status": 503, "times": 2, "method": "PUT"}  the next requests answer
                                              that status (method optional)
  POST /control/latency {"ms": 500}           every Lease request waits this long first
  POST /control/put     {"name": N, "namespace": NS, "lease": {...}}   store a Lease (kubectl)
  GET  /control/leases                        {"NS/NAME": lease object}
  GET  /control/history                       every change of holderIdentity:
                                              [{"t": monotonic seconds, "lease": "NS/NAME",
                                                "holder": H}]
"""
import argparse
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PATH = re.compile(r"^/apis/coordination\.k8s\.io/v1/namespaces/([a-z0-9.-]+)/leases(?:/([a-z0-9.-]+))?$")
MAX_BODY = 1 << 20


class State:
    def __init__(self, token):
        self.lock = threading.Lock()
        self.token = token
        self.leases = {}          # "ns/name" -> lease dict
        self.version = 1000
        self.down = False
        self.latency = 0.0
        self.injected = []        # [{"status", "method"}]
        self.history = []
        self.requests = 0

    def next_version(self):
        self.version += 1
        return str(self.version)

    def record(self, key, lease):
        holder = (lease.get("spec") or {}).get("holderIdentity") or ""
        last = next((h for h in reversed(self.history) if h["lease"] == key), None)
        if last is None or last["holder"] != holder:
            self.history.append({"t": time.monotonic(), "lease": key, "holder": holder})


def status_body(code, reason, message):
    return {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message,
            "reason": reason, "code": code}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, fmt, *args):  # quiet: the tests read /control instead
        pass

    def reply(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def dispatch(self, method):
        try:
            body = self.read_body()
        except ValueError:
            return self.reply(413, status_body(413, "RequestEntityTooLarge", "too large"))
        if self.path.startswith("/control/"):
            return self.control(method, body)
        st = self.state
        with st.lock:
            down, latency = st.down, st.latency
            st.requests += 1
        if down:
            self.close_connection = True
            self.connection.close()
            return
        if latency:
            time.sleep(latency)
        m = PATH.match(self.path)
        if self.headers.get("Authorization") != "Bearer " + st.token:
            return self.reply(401, status_body(401, "Unauthorized", "Unauthorized"))
        with st.lock:
            if st.injected and st.injected[0].get("method") in (None, "", method):
                code = st.injected.pop(0)["status"]
                return self.reply(code, status_body(code, "Injected", "injected"))
            if not m:
                return self.reply(404, status_body(404, "NotFound", "no such path"))
            ns, name = m.group(1), m.group(2)
            try:
                doc = json.loads(body) if body else None
            except ValueError:
                return self.reply(400, status_body(400, "BadRequest", "not JSON"))
            if method == "POST" and name is None:
                name = ((doc or {}).get("metadata") or {}).get("name")
                if not name:
                    return self.reply(422, status_body(422, "Invalid", "metadata.name required"))
                key = f"{ns}/{name}"
                if key in st.leases:
                    return self.reply(409, status_body(409, "AlreadyExists", "already exists"))
                doc["metadata"]["namespace"] = ns
                doc["metadata"]["resourceVersion"] = st.next_version()
                st.leases[key] = doc
                st.record(key, doc)
                return self.reply(201, doc)
            if name is None:
                return self.reply(405, status_body(405, "MethodNotAllowed", "method"))
            key = f"{ns}/{name}"
            if method == "GET":
                if key not in st.leases:
                    return self.reply(404, status_body(404, "NotFound", f"lease {name} not found"))
                return self.reply(200, st.leases[key])
            if method == "PUT":
                if key not in st.leases:
                    return self.reply(404, status_body(404, "NotFound", f"lease {name} not found"))
                rv = ((doc or {}).get("metadata") or {}).get("resourceVersion")
                if rv != st.leases[key]["metadata"]["resourceVersion"]:
                    return self.reply(409, status_body(
                        409, "Conflict", "the object has been modified; please apply your "
                        "changes to the latest version and try again"))
                doc["metadata"]["namespace"] = ns
                doc["metadata"]["resourceVersion"] = st.next_version()
                st.leases[key] = doc
                st.record(key, doc)
                return self.reply(200, doc)
            return self.reply(405, status_body(405, "MethodNotAllowed", "method"))

    def control(self, method, body):
        st = self.state
        args = json.loads(body) if body else {}
        action = self.path[len("/control/"):]
        with st.lock:
            if method == "GET" and action == "leases":
                return self.reply(200, st.leases)
            if method == "GET" and action == "history":
                return self.reply(200, st.history)
            if method == "GET" and action == "stats":
                return self.reply(200, {"requests": st.requests})
            if method == "POST" and action == "outage":
                st.down = bool(args.get("down"))
                return self.reply(200, {"down": st.down})
            if method == "POST" and action == "latency":
                st.latency = float(args.get("ms", 0)) / 1000.0
                return self.reply(200, {"latency_ms": st.latency * 1000})
            if method == "POST" and action == "inject":
                for _ in range(int(args.get("times", 1))):
                    st.injected.append({"status": int(args["status"]),
                                        "method": args.get("method")})
                return self.reply(200, {"queued": len(st.injected)})
            if method == "POST" and action == "put":
                key = f"{args['namespace']}/{args['name']}"
                lease = args.get("lease") or {}
                lease.setdefault("apiVersion", "coordination.k8s.io/v1")
                lease.setdefault("kind", "Lease")
                lease.setdefault("metadata", {})
                lease["metadata"].update({"name": args["name"], "namespace": args["namespace"],
                                          "resourceVersion": st.next_version()})
                lease.setdefault("spec", {})
                st.leases[key] = lease
                st.record(key, lease)
                return self.reply(200, lease)
        return self.reply(404, {"error": f"unknown control action {action}"})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--token", required=True)
    parser.add_argument("--listen", default="127.0.0.1:0")
    args = parser.parse_args()
    host, port = args.listen.rsplit(":", 1)
    Handler.state = State(args.token)
    server = ThreadingHTTPServer((host, int(port)), Handler)
    server.daemon_threads = True
    print(f"listening on {host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
