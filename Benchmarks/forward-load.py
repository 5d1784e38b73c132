#!/usr/bin/env python3
"""The two ends of Benchmarks/forward.sh (Python 3 stdlib only).

`receive`: the application forwards go to. One thread, non-blocking sockets, keep-alive: it reads
each request, answers 204 at once, and notes for each forward its `webhook-id` and how long after
wxhook received the event it arrived (now − `data.received_at`, both CLOCK_REALTIME on this
machine). SIGTERM (or SIGINT) writes the summary as JSON to --out and exits.

`send`: open-loop load — bot-admin webhooks posted to `wxhook serve` at a fixed rate on a schedule
(message i leaves at start + i/rate whatever happened to earlier ones) over keep-alive connections
from several threads, spread over --conversations conversations. Prints what it sent and how far
behind its schedule it fell.
"""
import argparse
import http.client
import json
import selectors
import signal
import socket
import sys
import threading
import time


def receive(options):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", options.port))
    listener.listen(256)
    listener.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, None)
    latencies = []
    ids = {}
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    print(f"listening on 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    answer = b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"
    buffers = {}
    while not stop:
        for key, _ in selector.select(timeout=0.2):
            if key.data is None:
                try:
                    connection, _ = listener.accept()
                except BlockingIOError:
                    continue
                connection.setblocking(False)
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                buffers[connection] = b""
                selector.register(connection, selectors.EVENT_READ, "c")
                continue
            connection = key.fileobj
            try:
                chunk = connection.recv(262144)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                chunk = b""
            if not chunk:
                selector.unregister(connection)
                connection.close()
                buffers.pop(connection, None)
                continue
            data = buffers[connection] + chunk
            replies = 0
            while True:
                end = data.find(b"\r\n\r\n")
                if end < 0:
                    break
                head = data[:end].decode("latin-1")
                length = 0
                webhook_id = ""
                for line in head.split("\r\n")[1:]:
                    name, _, value = line.partition(":")
                    name = name.strip().lower()
                    if name == "content-length":
                        length = int(value)
                    elif name == "webhook-id":
                        webhook_id = value.strip()
                if len(data) < end + 4 + length:
                    break
                body = data[end + 4:end + 4 + length]
                data = data[end + 4 + length:]
                now = time.time()
                marker = body.find(b'"received_at":')
                if marker >= 0:
                    tail = body[marker + 14:marker + 40]
                    number = tail.split(b",")[0].split(b"}")[0]
                    try:
                        latencies.append(now - float(number))
                    except ValueError:
                        pass
                ids[webhook_id] = ids.get(webhook_id, 0) + 1
                replies += 1
            buffers[connection] = data
            if replies:
                try:
                    connection.sendall(answer * replies)
                except OSError:
                    pass
    latencies.sort()

    def percentile(p):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000, 2) if latencies else None

    summary = {"requests": sum(ids.values()), "webhook_ids": len(ids), "repeated_ids": sum(1 for n in ids.values() if n > 1),
               "p50_ms": percentile(0.50), "p90_ms": percentile(0.90), "p99_ms": percentile(0.99),
               "max_ms": round(latencies[-1] * 1000, 2) if latencies else None}
    with open(options.out, "w") as file:
        json.dump(summary, file)


def send(options):
    host, _, port = options.serve.rpartition(":")
    total = int(options.rate * options.seconds)
    start = time.time() + 0.2
    behind = [0.0] * options.threads
    failures = [0] * options.threads

    def sender(index):
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        for i in range(index, total, options.threads):
            due = start + i / options.rate
            wait = due - time.time()
            if wait > 0:
                time.sleep(wait)
            else:
                behind[index] = max(behind[index], -wait)
            body = json.dumps({"secret": options.secret, "msgtype": "text", "conversation_id": f"c{i % options.conversations}",
                               "sender": f"u{i % options.conversations}",
                               "text": {"content": f"forward bench {options.tag} {i}"}})
            try:
                connection.request("POST", f"/hooks/botadmin/{options.account}", body, {"Content-Type": "application/json"})
                answer = connection.getresponse()
                answer.read()
                if answer.status != 200:
                    failures[index] += 1
            except OSError:
                failures[index] += 1
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=10)

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(options.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - start
    print(json.dumps({"sent": total, "failed": sum(failures), "seconds": round(elapsed, 2),
                      "achieved_per_s": round(total / elapsed), "max_behind_ms": round(max(behind) * 1000, 1)}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    receiver = commands.add_parser("receive")
    receiver.add_argument("--port", type=int, default=0)
    receiver.add_argument("--out", required=True)
    sender = commands.add_parser("send")
    sender.add_argument("--serve", required=True, help="HOST:PORT of wxhook serve")
    sender.add_argument("--account", default="shop")
    sender.add_argument("--secret", required=True)
    sender.add_argument("--rate", type=float, default=5000)
    sender.add_argument("--seconds", type=float, default=20)
    sender.add_argument("--threads", type=int, default=16)
    sender.add_argument("--conversations", type=int, default=1000)
    sender.add_argument("--tag", default="run", help="makes each run's bodies distinct")
    options = parser.parse_args()
    (receive if options.command == "receive" else send)(options)


if __name__ == "__main__":
    main()
