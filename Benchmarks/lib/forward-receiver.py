#!/usr/bin/env python3
"""The application of Benchmarks/forward.sh (Python 3 stdlib only): where wxhook's forwards go.

One thread, non-blocking sockets, keep-alive: it reads each request, answers 204 at once, and notes
for each forward its `webhook-id` and how long after wxhook received the event it arrived (now −
`data.received_at`, both CLOCK_REALTIME on this machine). SIGTERM (or SIGINT) writes the summary
as JSON to --out and exits. Kept to byte operations so that 5,000 forwards a second cost it a
small part of a core (forward.sh reports its CPU).
"""
import argparse
import json
import selectors
import signal
import socket
import time


def header(data, lowered, name):
    """The value of the header `name` (b"\\nname:", lowercase), found in `lowered` (the head
    lowercased) and read from `data` (the head as received), or b"" when absent."""
    at = lowered.find(name)
    if at < 0:
        return b""
    end = lowered.find(b"\r", at)
    return data[at + len(name):end if end >= 0 else len(lowered)].strip()


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
                head = data[:end].lower()
                length = int(header(data, head, b"\ncontent-length:") or 0)
                if len(data) < end + 4 + length:
                    break
                webhook_id = header(data, head, b"\nwebhook-id:")
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--out", required=True)
    receive(parser.parse_args())


if __name__ == "__main__":
    main()
