#!/usr/bin/env python3
"""Open-loop load and sim-log collector for Benchmarks/reply-latency.sh (Python 3 stdlib only).

Posts bot-admin webhooks to `wxhook serve` at a fixed rate on a schedule (message i leaves at
start + i/rate whatever happened to earlier ones), each to its own conversation, over keep-alive
connections from several sender threads; message i goes to target i mod N (one bot-admin account
per `wxhook sim`). When every reply has arrived (`GET /sim/stats`, cheap) it reads `GET /sim/log`
once per sim, matches each reply (`POST /api/send?conversation_id=…`) to its webhook and prints
the latency figures (sim receipt time minus webhook send time, both CLOCK_REALTIME on this
machine) and the goal check: p99 <= 20 ms, none lost, none twice.

Why several sims: a sim keeps its last 10,000 log entries, and reading the log mid-run holds the
sim's lock while it serializes them all (~35 µs an entry), which stalls the replies being
measured. So the caller gives each sim fewer than 9,000 replies and the log is read only at the
end; mid-run reads remain only as a fallback, and are reported.
"""
import argparse
import http.client
import json
import os
import socket
import sys
import threading
import time

SIM_LOG_KEEPS = 10_000  # SimulatorConfiguration.logLimit: older entries are trimmed


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", required=True, help="HOST:PORT of wxhook serve")
    parser.add_argument("--target", action="append", required=True,
                        help="ACCOUNT:SECRET@HOST:PORT: a bot-admin account of serve and the sim it sends to (repeatable)")
    parser.add_argument("--text", required=True, help="message text; must trigger the reply rule")
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=64)
    parser.add_argument("--drain", type=float, default=60, help="seconds to wait for the last replies")
    parser.add_argument("--goal-ms", type=float, default=20)
    parser.add_argument("--cpu-goal-ms", type=float, default=300, help="serve CPU per 1k replies, at most")
    parser.add_argument("--serve-pid", type=int)
    parser.add_argument("--sim-pid", type=int, action="append", default=[])
    parser.add_argument("--out", required=True, help="folder for the raw per-message table")
    return parser.parse_args()


def host_port(text):
    host, _, port = text.rpartition(":")
    return host, int(port)


class Target:
    """One bot-admin account of serve, and the sim its replies go to."""

    def __init__(self, text):
        credentials, _, self.sim = text.rpartition("@")
        self.account, _, self.secret = credentials.partition(":")
        if not (self.account and self.secret and self.sim):
            sys.exit(f"--target {text}: expected ACCOUNT:SECRET@HOST:PORT")


def cpu_seconds(pids):
    """utime + stime of processes, in seconds (None when unknown)."""
    if not pids:
        return None
    total = 0.0
    try:
        for pid in pids:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None
    return total


def peak_rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, TypeError):
        pass
    return None


def load_average():
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def percentile(values, fraction):
    """Nearest-rank percentile of a sorted list."""
    if not values:
        return float("nan")
    rank = max(1, int(-(-fraction * len(values) // 1)))
    return values[min(rank, len(values)) - 1]


class Sends:
    """What each sender thread did, by message index."""

    def __init__(self, total):
        self.scheduled = [0.0] * total
        self.sent = [0.0] * total
        self.status = [0] * total
        self.ack_ms = [0.0] * total
        self.errors = {}


class KeepAliveConnection:
    """One keep-alive HTTP/1.1 connection to serve, spoken over a raw socket: a request is bytes
    built before the clock starts, an answer is read by its Content-Length. http.client parses
    headers through the email package (~150 µs a request in CPython), which at 2,000/s on two cores
    made the sender fall behind its own schedule and took CPU from the service being measured."""

    def __init__(self, host, port):
        self.address = (host, port)
        self.sock = None
        self.pending = b""

    def connect(self):
        self.close()
        self.sock = socket.create_connection(self.address, timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending = b""

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def exchange(self, request):
        """Sends one request and returns the answer's status; raises OSError on a broken connection."""
        if self.sock is None:
            self.connect()
        self.sock.sendall(request)
        data = self.pending
        while True:
            end = data.find(b"\r\n\r\n")
            if end >= 0:
                break
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed before an answer")
            data += chunk
        head = data[:end].decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        length = 0
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        body_end = end + 4 + length
        while len(data) < body_end:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed mid-answer")
            data += chunk
        self.pending = data[body_end:]
        return status


def request_bytes(host, port, args, run, message, targets):
    """Message i's webhook, serialized: to its own conversation, for target i mod N."""
    target = targets[message % len(targets)]
    body = json.dumps({"secret": target.secret, "msgtype": "text", "conversation_id": f"{run}-{message}",
                       "sender": f"u{message}", "text": {"content": f"{args.text} #{message}"}},
                      ensure_ascii=False).encode()
    head = (f"POST /hooks/botadmin/{target.account} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    return head + body


def sender(index, args, start, total, requests, sends):
    host, port = host_port(args.serve)
    connection = KeepAliveConnection(host, port)
    connection.connect()
    for message in range(index, total, args.threads):
        scheduled = start + message / args.rate
        delay = scheduled - time.time()
        if delay > 0:
            time.sleep(delay)
        sends.scheduled[message] = scheduled
        for attempt in range(2):  # one reconnect if the server closed an idle keep-alive connection
            try:
                sent = time.time()
                status = connection.exchange(requests[message])
                sends.sent[message] = sent
                sends.status[message] = status
                sends.ack_ms[message] = (time.time() - sent) * 1000
                break
            except (OSError, ValueError, IndexError) as error:
                connection.close()
                sends.sent[message] = sent
                sends.status[message] = -1
                sends.errors[message] = f"{type(error).__name__}: {error}"
                if attempt == 1:
                    break
    connection.close()


class SimLog:
    """Every request one sim logged, by sequence number, read in polls."""

    def __init__(self, address):
        self.address = address
        self.entries = {}
        self.polls = []  # (start, end, entries returned, bytes)
        self.lost_window = False

    def poll(self):
        host, port = host_port(self.address)
        connection = http.client.HTTPConnection(host, port, timeout=30)
        began = time.time()
        connection.request("GET", "/sim/log")
        response = connection.getresponse()
        data = response.read()
        ended = time.time()
        connection.close()
        items = json.loads(data)["items"]
        known = max(self.entries) if self.entries else 0
        if items and items[0]["seq"] > known + 1:
            self.lost_window = True  # entries trimmed before we read them (sequences start at 1)
        for item in items:
            self.entries[item["seq"]] = item
        self.polls.append((began, ended, len(items), len(data)))
        return items

    def sent_items(self):
        host, port = host_port(self.address)
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request("GET", "/sim/stats")
        stats = json.loads(connection.getresponse().read())
        connection.close()
        return stats["sent_items"]


def request(address, method, path):
    host, port = host_port(address)
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request(method, path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def main():
    args = parse_args()
    targets = [Target(text) for text in args.target]
    total = int(args.rate * args.seconds)
    run = f"bench{int(time.time())}p{os.getpid()}"
    sends = Sends(total)
    sims = sorted({target.sim for target in targets})
    logs = {sim: SimLog(sim) for sim in sims}
    for sim in sims:
        if request(sim, "POST", "/sim/reset") != 200:
            sys.exit(f"POST /sim/reset to {sim} failed")
    # Fallback only: when a sim gets more than 8,000 replies, read its log every 8,000 replies
    # (it keeps 10,000), at the cost of stalling it while it answers.
    per_sim_rate = args.rate / len(sims)
    needs_polls = total / len(sims) > 8_000
    interval = 8_000 / per_sim_rate

    load_before = load_average()
    serve_pids = [args.serve_pid] if args.serve_pid else []
    cpu_before = {"serve": cpu_seconds(serve_pids), "sim": cpu_seconds(args.sim_pid)}
    # Every request is built before the clock starts: the senders only write bytes and read answers.
    serve_host, serve_port = host_port(args.serve)
    requests = [request_bytes(serve_host, serve_port, args, run, i, targets) for i in range(total)]
    own_before = os.times()
    start = time.time() + 1.0  # time for every sender to connect
    threads = [threading.Thread(target=sender, args=(k, args, start, total, requests, sends), daemon=True)
               for k in range(min(args.threads, total))]
    for thread in threads:
        thread.start()
    next_poll = start + interval
    while any(thread.is_alive() for thread in threads):
        if needs_polls and time.time() >= next_poll:
            for log in logs.values():
                log.poll()
            next_poll = time.time() + interval
        time.sleep(0.05)
    last_send = max(sends.sent) if total else time.time()

    # Drain: until the sims have taken one send per accepted webhook (GET /sim/stats is cheap),
    # then one more second for late duplicates, or `--drain` seconds in all.
    accepted = sum(1 for status in sends.status if status == 200)
    deadline = time.time() + args.drain
    complete = False
    while time.time() < deadline:
        if sum(log.sent_items() for log in logs.values()) >= accepted:
            complete = True
            time.sleep(min(1.0, max(0.0, deadline - time.time())))
            break
        time.sleep(0.25)
    drained = time.time()
    if not complete:
        print(f"WARNING: replies were still missing when the drain ended ({args.drain:g} s after the last send): "
              "some of the 'lost' may only be late (raise --drain / DRAIN)")
    cpu_after = {"serve": cpu_seconds(serve_pids), "sim": cpu_seconds(args.sim_pid)}
    own_after = os.times()
    for log in logs.values():
        log.poll()
    # Nothing left to do: a service at rest should use next to no CPU.
    idle_before, idle_began = cpu_seconds(serve_pids), time.time()
    time.sleep(2)
    idle_after = cpu_seconds(serve_pids)
    idle = None if idle_before is None or idle_after is None else (idle_after - idle_before) / (time.time() - idle_began)
    report(args, run, total, sends, list(logs.values()), last_send, drained, start,
           load_before, cpu_before, cpu_after, own_after.user + own_after.system - own_before.user - own_before.system,
           idle)


def report(args, run, total, sends, logs, last_send, drained, start,
           load_before, cpu_before, cpu_after, own_cpu, idle):
    replies = {}
    strangers = 0
    rejected_by_sim = 0
    entries = [entry for log in logs for entry in sorted(log.entries.values(), key=lambda e: e["seq"])]
    for entry in entries:
        if entry["path"] != "/api/send":
            continue
        conversation = entry["query"].get("conversation_id", "")
        if not conversation.startswith(run + "-"):
            strangers += 1
            continue
        replies.setdefault(conversation, []).append(entry["time"])
        answer = entry.get("answer") or {}
        if entry.get("answer_status") != 200 or (isinstance(answer, dict) and answer.get("errcode", 0) != 0):
            rejected_by_sim += 1

    latencies, from_schedule, rows, during_poll = [], [], [], []
    lost, duplicates, extra = [], [], 0
    polls = [poll for log in logs for poll in log.polls[:-1]]  # mid-run reads; the last is after the drain
    for i in range(total):
        conversation = f"{run}-{i}"
        times = sorted(replies.get(conversation, []))
        if sends.status[i] == 200:
            if not times:
                lost.append(conversation)
            else:
                latency = (times[0] - sends.sent[i]) * 1000
                latencies.append(latency)
                from_schedule.append((times[0] - sends.scheduled[i]) * 1000)
                if any(began <= times[0] <= ended + 0.005 for began, ended, _, _ in polls):
                    during_poll.append(latency)
        if len(times) > 1:
            duplicates.append(conversation)
            extra += len(times) - 1
        rows.append((i, conversation, sends.scheduled[i], sends.sent[i], sends.status[i], sends.ack_ms[i],
                     times[0] if times else "", len(times)))

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "messages.tsv"), "w") as table:
        table.write("index\tconversation\tscheduled\tsent\tstatus\tack_ms\treply_time\treplies\n")
        for row in rows:
            table.write("\t".join(str(value) for value in row) + "\n")

    ok = [i for i in range(total) if sends.status[i] == 200]
    failed = total - len(ok)
    lateness = sorted((sends.sent[i] - sends.scheduled[i]) * 1000 for i in range(total) if sends.sent[i])
    acks = sorted(sends.ack_ms[i] for i in ok)
    latencies.sort()
    from_schedule.sort()
    during_poll.sort()
    elapsed = max(last_send - start, 1e-9)

    def figures(values):
        return (f"p50 {percentile(values, 0.5):.1f}  p90 {percentile(values, 0.9):.1f}  "
                f"p99 {percentile(values, 0.99):.1f}  max {values[-1] if values else float('nan'):.1f} ms")

    print(f"load average before: {load_before}   after: {load_average()}")
    print(f"sent: {total} webhooks at {args.rate:g}/s for {args.seconds:g} s over {min(args.threads, total)} "
          f"keep-alive connections to {len(args.target)} account(s) / {len(logs)} sim(s) "
          f"(achieved {total / elapsed:.0f}/s); answered 200: {len(ok)}; failed: {failed}")
    if sends.errors:
        first = sorted(sends.errors.items())[:3]
        print("  first send errors: " + "; ".join(f"#{i}: {e}" for i, e in first))
    print(f"sender lateness (send time - scheduled time): p99 {percentile(lateness, 0.99):.1f}  "
          f"max {lateness[-1] if lateness else float('nan'):.1f} ms")
    print(f"webhook answer time: {figures(acks)}")
    print(f"replies received: {len(latencies)} of {len(ok)} accepted; lost: {len(lost)}; "
          f"duplicated: {len(duplicates)} conversations ({extra} extra replies); rejected by the sim: {rejected_by_sim}; "
          f"replies to other conversations: {strangers}")
    if lost:
        print(f"  lost, e.g.: {', '.join(lost[:5])}")
    if duplicates:
        print(f"  duplicated, e.g.: {', '.join(duplicates[:5])}")
    print(f"latency (sim receipt - webhook sent): {figures(latencies)}")
    print(f"latency from the scheduled send time (includes sender lateness): {figures(from_schedule)}")
    if polls:
        print(f"mid-run /sim/log reads (they stall the sim): {len(polls)}, each {min(p[1] - p[0] for p in polls) * 1000:.0f}–"
              f"{max(p[1] - p[0] for p in polls) * 1000:.0f} ms, up to {max(p[3] for p in polls) / 1e6:.1f} MB; "
              f"replies received during one: {len(during_poll)}"
              + (f" ({figures(during_poll)})" if during_poll else ""))
    if any(log.lost_window for log in logs):
        print("WARNING: the sim trimmed log entries before they were read: lost counts are not reliable")
    windows = {}
    for i in ok:
        times = replies.get(f"{run}-{i}")
        if times:
            windows.setdefault(int((sends.scheduled[i] - start) // 5), []).append((min(times) - sends.sent[i]) * 1000)
    print("by 5 s window of send time: " + ", ".join(
        f"{5 * w}s p50 {percentile(sorted(v), 0.5):.1f}/p99 {percentile(sorted(v), 0.99):.1f}"
        for w, v in sorted(windows.items())))
    cpu = []
    for name in ("serve", "sim"):  # sim: all sims together
        if cpu_before.get(name) is not None and cpu_after.get(name) is not None:
            cpu.append(f"{name} {(cpu_after[name] - cpu_before[name]) * 1000 / max(len(ok), 1) * 1000:.0f} ms")
    cpu.append(f"load generator {own_cpu * 1000 / max(total, 1) * 1000:.0f} ms")
    print(f"CPU per 1k messages (send to drained, {drained - start:.1f} s): " + ", ".join(cpu))
    if idle is not None:
        print(f"serve CPU at rest, 2 s after the drain: {idle * 100:.0f}% of a core")
    rss = peak_rss_mib(args.serve_pid)
    if rss is not None:
        print(f"serve peak RSS: {rss:.1f} MiB")
    p99 = percentile(latencies, 0.99)
    passed = latencies and p99 <= args.goal_ms and not lost and not duplicates and failed == 0
    print(f"goal (p99 <= {args.goal_ms:g} ms, none lost, none twice): p99 {p99:.1f} ms, lost {len(lost) + failed}, "
          f"twice {len(duplicates)}  {'PASS' if passed else 'MISS'}")
    # Serve's CPU per 1k replies, and no creep: the last full 5-s window's p99 within 1.5x the first's.
    if cpu_before.get("serve") is not None and cpu_after.get("serve") is not None:
        serve_ms = (cpu_after["serve"] - cpu_before["serve"]) * 1000 / max(len(ok), 1) * 1000
        print(f"goal (serve CPU <= {args.cpu_goal_ms:g} ms per 1k replies): {serve_ms:.0f} ms  "
              f"{'PASS' if serve_ms <= args.cpu_goal_ms else 'MISS'}")
    full = [w for w in sorted(windows) if (w + 1) * 5 <= args.seconds]
    if len(full) >= 2:
        first, last = percentile(sorted(windows[full[0]]), 0.99), percentile(sorted(windows[full[-1]]), 0.99)
        print(f"goal (no creep: last 5-s window p99 <= 1.5x the first's): first {first:.1f} ms, last {last:.1f} ms "
              f"({last / max(first, 1e-9):.2f}x)  {'PASS' if last <= 1.5 * first else 'MISS'}")
    print(f"raw: {os.path.join(args.out, 'messages.tsv')}")


if __name__ == "__main__":
    main()
