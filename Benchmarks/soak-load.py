#!/usr/bin/env python3
"""Mixed-traffic soak: load, sampler and report for Benchmarks/soak.sh (Python 3 stdlib only).

Phases: warm-up (WARMUP s of the same traffic) → drain → rest → the "at rest before" sample;
the measured run (MINUTES) → drain → rest → the "at rest after" sample; then the final figures
from the admin API, /metrics and the sim. A sampler thread reads serve's VmRSS, open descriptors
(/proc/PID/fd), threads and CPU, and the sim's RSS, every --interval seconds through every phase
into samples.csv, and prints one line per minute of the run.

Traffic is open-loop: request i is handed to a pool of keep-alive workers at start + i/rate,
whatever happened to earlier ones (a late dispatch is measured as lateness). The kinds follow a
fixed, shuffled pattern of 100 slots (WEIGHTS; --mix changes them):
  webhook             bot-admin webhook to the --hook-account; every second one contains the
                      keyword (→ one rule reply through the sim), conversations drawn round-robin
                      from a pool big enough for ≤ 4 replies per conversation a minute (the service
                      allows 10); answer 200, "duplicate":false
  webhook-redelivery  the same body as a webhook answered < 5 s ago (dedupe_window_s is 10):
                      200, "duplicate":true and the first event's id
  chatmsg             a customer's 云真机 chatMsg to the --chat-account, as the provider would post
                      it (its own msg_id); half match the rule → a reply through the sim, whose
                      echo and, at --fail-rate, chatMsgSendFail come back from the sim
  chatmsg-redelivery  a chatMsg posted before, again: duplicate, same event id
  send                POST /api/send to one of the other accounts (round-robin: botadmin, 云真机,
                      go-wechat, WeCom), 1–2 text items; every 10th with an Idempotency-Key; 202
  send-repeat         a keyed send again, same key and body: 202 with the same message ids
  read                GET /health, /api/messages, /api/events (also q=), /api/stats, /metrics
Any 5xx, connection error, other unexpected status, or dedupe / idempotency answer that is not
the expected one is an error.
"""
import argparse
import collections
import csv
import http.client
import json
import math
import os
import queue
import random
import sys
import threading
import time
import urllib.parse

WEIGHTS = {"webhook": 48, "webhook-redelivery": 6, "chatmsg": 10, "chatmsg-redelivery": 2,
           "send": 28, "send-repeat": 3, "read": 3}
KINDS = list(WEIGHTS)
EXPECTED_STATUS = {"send": 202, "send-repeat": 202}  # every other kind: 200
READ_PATHS = ["/health", "/api/messages?limit=50", "/api/events?limit=50", "/api/stats?days=1", "/metrics",
              "/api/messages?state=failed&limit=20", "/api/events?limit=20&q=" + urllib.parse.quote("价格")]
NON_FINAL = ("queued", "sending", "accepted", "echoed")
STATES = ("sent", "delivered", "failed", "expired", "cancelled") + NON_FINAL
REDELIVER_WITHIN_S = 5.0  # serve's dedupe_window_s is 10 s: a redelivery well inside it
REPLIES_PER_CONVERSATION_PER_MINUTE = 4  # the service's cap is 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", required=True, help="HOST:PORT of wxhook serve")
    parser.add_argument("--sim", required=True, help="HOST:PORT of wxhook sim")
    parser.add_argument("--config", required=True, help="serve's config file (admin_token, accounts)")
    parser.add_argument("--hook-account", required=True, help="botadmin account that gets the webhooks")
    parser.add_argument("--chat-account", required=True, help="yunzhenji account that gets the customer chatMsgs")
    parser.add_argument("--keyword", required=True, help="the reply rule's keyword")
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--rate", type=float, default=150, help="requests/s, all kinds together")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--mix", default="", help="KIND=WEIGHT,… overriding WEIGHTS (e.g. read=0 to leave reads out)")
    parser.add_argument("--warmup", type=float, default=30, help="seconds of traffic before the first rest")
    parser.add_argument("--rest", type=float, default=30, help="idle seconds before each at-rest sample")
    parser.add_argument("--drain", type=float, default=120, help="at most this long for the outbox to settle")
    parser.add_argument("--interval", type=float, default=10, help="seconds between samples")
    parser.add_argument("--slope-limit", type=float, default=0.5, help="MiB/min, RSS over the run's second half")
    parser.add_argument("--fd-slack", type=int, default=4, help="descriptors at rest after may exceed before by this")
    parser.add_argument("--serve-pid", type=int, required=True)
    parser.add_argument("--sim-pid", type=int, required=True)
    parser.add_argument("--db", required=True, help="serve's database file (its size is sampled)")
    parser.add_argument("--out", required=True, help="folder for samples.csv, minutes.tsv, final.json")
    return parser.parse_args()


def host_port(text):
    host, _, port = text.rpartition(":")
    return host, int(port)


def percentile(values, fraction):
    """Nearest-rank percentile of a sorted list."""
    if not values:
        return float("nan")
    rank = max(1, int(-(-fraction * len(values) // 1)))
    return values[min(rank, len(values)) - 1]


def slope_per_minute(points):
    """Least-squares slope of (seconds, value) points, per minute; None under 3 points."""
    if len(points) < 3:
        return None
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    var = sum((t - mean_t) ** 2 for t, _ in points)
    if var == 0:
        return None
    return sum((t - mean_t) * (v - mean_v) for t, v in points) / var * 60


# ---------------------------------------------------------------- /proc

def proc_status(pid):
    """VmRSS, VmHWM, RssAnon, RssFile (KiB) and Threads of a process; None when it is gone."""
    values = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "Threads"):
                    values[key] = int(rest.split()[0])
    except OSError:
        return None
    return values


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


def mib(kib):
    return "n/a" if kib is None else f"{kib / 1024:.1f}"


def file_size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


# ---------------------------------------------------------------- plain requests (not counted)

def fetch(address, path, token=None, method="GET", body=None, timeout=30):
    host, port = host_port(address)
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if body is not None:
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def fetch_json(address, path, token=None, **options):
    status, data = fetch(address, path, token, **options)
    if status != 200:
        raise RuntimeError(f"GET {path}: {status} {data[:200]!r}")
    return json.loads(data)


# ---------------------------------------------------------------- traffic

class PhaseStats:
    """What the workers did in one traffic phase."""

    def __init__(self, name):
        self.name = name
        self.lock = threading.Lock()
        self.counts = collections.Counter()          # (kind, status)
        self.latency_ms = collections.defaultdict(list)
        self.lateness_ms = []
        self.errors = collections.Counter()          # category
        self.examples = []
        self.completed = 0
        self.started = self.ended = None
        self.minute_latency = collections.defaultdict(list)  # since the last per-minute line

    def record(self, kind, status, lateness, duration, error=None):
        with self.lock:
            self.counts[(kind, status)] += 1
            self.latency_ms[kind].append(duration * 1000)
            self.minute_latency[kind].append(duration * 1000)
            self.lateness_ms.append(lateness * 1000)
            self.completed += 1
            if error:
                category, detail = error
                self.errors[category] += 1
                if len(self.examples) < 10:
                    self.examples.append(f"{kind}: {detail}")

    def progress(self):
        with self.lock:
            return self.completed, sum(self.errors.values())

    def take_minute(self):
        with self.lock:
            taken, self.minute_latency = self.minute_latency, collections.defaultdict(list)
            return taken, self.completed, sum(self.errors.values())


class Traffic:
    """Builds each request from its slot's kind, checks its answer, remembers what can be sent again."""

    def __init__(self, args, config):
        self.args = args
        self.token = config["admin_token"]
        accounts = config["accounts"]
        self.hook = next(a for a in accounts if a["provider"] == "botadmin" and a["name"] == args.hook_account)
        self.chat = next(a for a in accounts if a["provider"] == "yunzhenji" and a["name"] == args.chat_account)
        self.send_accounts = [a for a in accounts if a is not self.hook and a is not self.chat]
        if not self.send_accounts:
            sys.exit("the config has no account left for admin sends")
        self.weights = dict(WEIGHTS)
        for pair in filter(None, args.mix.split(",")):
            kind, _, weight = pair.partition("=")
            if kind not in WEIGHTS or not weight.isdigit():
                sys.exit(f"--mix {args.mix}: expected KIND=WEIGHT,… with KIND one of {', '.join(KINDS)}")
            self.weights[kind] = int(weight)
        if not sum(self.weights.values()):
            sys.exit(f"--mix {args.mix}: every weight is 0")
        rng = random.Random(7)
        self.pattern = [kind for kind, weight in self.weights.items() for _ in range(weight)]
        rng.shuffle(self.pattern)
        self.run = f"soak{int(time.time())}p{os.getpid()}"
        # Pools of conversations: each matching message goes to the next one round-robin, so a
        # conversation gets at most REPLIES_PER_CONVERSATION_PER_MINUTE replies a minute.
        self.hook_pool = self.pool_size(self.weights["webhook"] + self.weights["webhook-redelivery"])
        self.chat_pool = self.pool_size(self.weights["chatmsg"] + self.weights["chatmsg-redelivery"])
        self.lock = threading.Lock()
        self.slot = 0
        self.counters = collections.Counter()
        self.recent_hooks = collections.deque(maxlen=200)   # (answered at, body, event id)
        self.recent_chats = collections.deque(maxlen=1000)  # (body, event id)
        self.recent_keyed = collections.deque(maxlen=200)   # (key, body, message ids)
        self.matched = collections.Counter()                # matching originals stored, by account role
        self.created = collections.Counter()                # messages created by /api/send, by account

    def pool_size(self, weight):
        matching_per_s = self.args.rate * weight / len(self.pattern) / 2
        return max(100, math.ceil(matching_per_s * 60 / REPLIES_PER_CONVERSATION_PER_MINUTE))

    def next(self, name):
        with self.lock:
            self.counters[name] += 1
            return self.counters[name]

    def next_slot(self):
        with self.lock:
            self.slot += 1
            return self.slot

    def kind(self, slot):
        return self.pattern[slot % len(self.pattern)]

    def auth(self, extra=None):
        headers = {"Authorization": f"Bearer {self.token}"}
        headers.update(extra or {})
        return headers

    # Each builder answers (kind, method, path, body, headers, check); check(status, data)
    # answers None or (category, detail).
    def build(self, kind):
        if kind == "webhook-redelivery":
            with self.lock:
                if self.recent_hooks and time.time() - self.recent_hooks[-1][0] > REDELIVER_WITHIN_S:
                    self.recent_hooks.clear()  # all too old: the newest is on the right
                entry = self.recent_hooks.pop() if self.recent_hooks else None
            if entry:
                return self.redelivery(kind, f"/hooks/botadmin/{self.hook['name']}", entry[1], entry[2])
            kind = "webhook"
        if kind == "chatmsg-redelivery":
            with self.lock:
                entry = self.recent_chats.popleft() if self.recent_chats else None
            if entry:
                return self.redelivery(kind, self.chat_path(), entry[0], entry[1])
            kind = "chatmsg"
        if kind == "send-repeat":
            with self.lock:
                entry = self.recent_keyed.popleft() if self.recent_keyed else None
            if entry:
                return self.send_repeat(*entry)
            kind = "send"
        return {"webhook": self.webhook, "chatmsg": self.chatmsg, "send": self.send, "read": self.read}[kind]()

    def text(self, n, matching):
        return f"请问{self.args.keyword}多少 #{self.run}-{n}" if matching else f"你好，在吗？#{self.run}-{n}"

    def webhook(self):
        n = self.next("webhook")
        matching = n % 2 == 0
        conversation = f"soak-c{(n // 2) % self.hook_pool}"
        body = json.dumps({"secret": self.hook["secret"], "msgtype": "text", "conversation_id": conversation,
                           "sender": conversation, "text": {"content": self.text(n, matching)}},
                          ensure_ascii=False).encode()

        def check(status, data):
            if status != 200:
                return None
            answer = json.loads(data)
            if answer.get("duplicate"):
                return ("dedupe", "a new webhook was answered as a duplicate")
            with self.lock:
                self.recent_hooks.append((time.time(), body, answer.get("event_id")))
                if matching:
                    self.matched["webhook"] += 1
            return None
        return "webhook", "POST", f"/hooks/botadmin/{self.hook['name']}", body, {"Content-Type": "application/json"}, check

    def chat_path(self):
        token = urllib.parse.quote(self.chat.get("callback_token", ""))
        return f"/hooks/yunzhenji/{self.chat['name']}?token={token}"

    def chatmsg(self):
        n = self.next("chatmsg")
        matching = n % 2 == 0
        conversation = f"wm-soak-{(n // 2) % self.chat_pool}"
        body = json.dumps({"event": "chatMsg", "app_id": self.chat["app_id"], "wxid": self.chat["wxid"], "data": {
            "msg_id": f"{self.run}-chat-{n}", "conversation_id": conversation, "sender_wxid": conversation,
            "is_self": False, "is_group": False, "at_list": [], "msg_type": "text",
            "content": {"items": [{"type": "text", "text": self.text(n, matching)}]},
            "timestamp": int(time.time())}}, ensure_ascii=False).encode()

        def check(status, data):
            if status != 200:
                return None
            answer = json.loads(data)
            if answer.get("duplicate"):
                return ("dedupe", "a new chatMsg was answered as a duplicate")
            with self.lock:
                self.recent_chats.append((body, answer.get("event_id")))
                if matching:
                    self.matched["chatmsg"] += 1
            return None
        return "chatmsg", "POST", self.chat_path(), body, {"Content-Type": "application/json"}, check

    def redelivery(self, kind, path, body, event_id):
        def check(status, data):
            if status != 200:
                return None
            answer = json.loads(data)
            if not answer.get("duplicate") or answer.get("event_id") != event_id:
                return ("dedupe", f"redelivery answered duplicate={answer.get('duplicate')} "
                                  f"event_id={answer.get('event_id')} (first: {event_id})")
            return None
        return kind, "POST", path, body, {"Content-Type": "application/json"}, check

    def send(self):
        n = self.next("send")
        account = self.send_accounts[n % len(self.send_accounts)]
        provider = account["provider"]
        k = (n // len(self.send_accounts)) % 200
        conversation = {"yunzhenji": f"wm-soak-api-{k}", "gowechat": f"wxid_soak_{k}",
                        "wecom": "ops-group"}.get(provider, f"soak-api-{k}")
        items = [{"type": "text", "text": f"通知 #{self.run}-{n}"}]
        if provider == "yunzhenji" and n % 3 == 0:
            items.append({"type": "text", "text": f"第二条 #{self.run}-{n}"})
        body = json.dumps({"targets": [{"provider": provider, "account": account["name"], "conversation": conversation}],
                           "messages": items}, ensure_ascii=False).encode()
        key = f"{self.run}-key-{n}" if n % 10 == 0 else None
        headers = self.auth({"Content-Type": "application/json"})
        if key:
            headers["Idempotency-Key"] = key

        def check(status, data):
            if status != 202:
                return None
            ids = [message["id"] for message in json.loads(data)["messages"]]
            with self.lock:
                self.created[(provider, account["name"])] += len(ids)
                if key:
                    self.recent_keyed.append((key, body, ids))
            return None
        return "send", "POST", "/api/send", body, headers, check

    def send_repeat(self, key, body, ids):
        def check(status, data):
            if status != 202:
                return None
            again = [message["id"] for message in json.loads(data)["messages"]]
            if again != ids:
                return ("idempotency", f"repeat of {key} answered ids {again}, first {ids}")
            return None
        headers = self.auth({"Content-Type": "application/json", "Idempotency-Key": key})
        return "send-repeat", "POST", "/api/send", body, headers, check

    def read(self):
        n = self.next("read")
        return "read", "GET", READ_PATHS[n % len(READ_PATHS)], None, self.auth(), lambda status, data: None


def worker(args, traffic, stats, jobs):
    host, port = host_port(args.serve)
    connection = None
    while True:
        job = jobs.get()
        if job is None:
            break
        slot, scheduled = job
        kind, method, path, body, headers, check = traffic.build(traffic.kind(slot))
        began = time.time()
        error = None
        try:
            if connection is None:
                connection = http.client.HTTPConnection(host, port, timeout=10)
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            data = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as failure:
            if connection is not None:
                connection.close()
            connection = None
            status, data = -1, b""
            error = ("connection", f"{method} {path}: {type(failure).__name__}: {failure}")
        ended = time.time()
        if error is None:
            expected = EXPECTED_STATUS.get(kind, 200)
            if status >= 500:
                error = ("5xx", f"{method} {path}: {status} {data[:160]!r}")
            elif status != expected:
                error = ("status", f"{method} {path}: {status} (expected {expected}) {data[:160]!r}")
            else:
                try:
                    error = check(status, data)
                except (ValueError, KeyError, TypeError) as failure:
                    error = ("answer", f"{method} {path}: unreadable answer ({failure}): {data[:160]!r}")
        stats.record(kind, status, began - scheduled, ended - began, error)
    if connection is not None:
        connection.close()


def run_traffic(args, traffic, stats, seconds):
    """Open loop: slot k is handed to a worker at start + k/rate."""
    jobs = queue.Queue()
    threads = [threading.Thread(target=worker, args=(args, traffic, stats, jobs), daemon=True)
               for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    total = int(args.rate * seconds)
    start = time.time() + 0.2
    stats.started = start
    for k in range(total):
        at = start + k / args.rate
        delay = at - time.time()
        if delay > 0:
            time.sleep(delay)
        jobs.put((traffic.next_slot(), at))
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join()
    stats.ended = time.time()


# ---------------------------------------------------------------- sampling

class Sampler(threading.Thread):
    """Every `interval` s: serve's RSS, fds, threads, CPU; the sim's RSS; the database's size."""
    FIELDS = ["time", "elapsed_s", "phase", "serve_rss_kib", "serve_hwm_kib", "serve_anon_kib", "serve_file_kib",
              "serve_fds", "serve_threads", "serve_cpu_s", "sim_rss_kib", "sim_fds", "sim_threads",
              "db_bytes", "wal_bytes", "requests", "errors"]

    def __init__(self, args, out):
        super().__init__(daemon=True)
        self.args = args
        self.phase = "start"
        self.t0 = time.time()
        self.samples = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.file = open(os.path.join(out, "samples.csv"), "w", newline="")
        self.csv = csv.writer(self.file)
        self.csv.writerow(self.FIELDS)
        self.minutes = open(os.path.join(out, "minutes.tsv"), "w")
        self.minutes.write("minute\trequests\trate\terrors\twebhook_p50_ms\twebhook_p99_ms\tsend_p99_ms\tread_p99_ms\t"
                           "serve_rss_mib\tserve_fds\tserve_threads\tserve_cpu_pct\tsim_rss_mib\tdb_mb\n")
        self.run_stats = None
        self.run_start = None
        self.printed_minutes = 0
        self.last_minute = None  # (time, completed, cpu)

    def take(self, phase=None):
        args = self.args
        serve, sim = proc_status(args.serve_pid) or {}, proc_status(args.sim_pid) or {}
        requests, errors = self.run_stats.progress() if self.run_stats else (0, 0)
        sample = {
            "time": round(time.time(), 3), "elapsed_s": round(time.time() - self.t0, 1), "phase": phase or self.phase,
            "serve_rss_kib": serve.get("VmRSS"), "serve_hwm_kib": serve.get("VmHWM"),
            "serve_anon_kib": serve.get("RssAnon"), "serve_file_kib": serve.get("RssFile"),
            "serve_fds": fd_count(args.serve_pid), "serve_threads": serve.get("Threads"),
            "serve_cpu_s": cpu_seconds(args.serve_pid), "sim_rss_kib": sim.get("VmRSS"),
            "sim_fds": fd_count(args.sim_pid), "sim_threads": sim.get("Threads"),
            "db_bytes": file_size(args.db), "wal_bytes": file_size(args.db + "-wal"),
            "requests": requests, "errors": errors,
        }
        with self.lock:
            self.samples.append(sample)
            self.csv.writerow([sample[field] for field in self.FIELDS])
            self.file.flush()
        return sample

    def start_run(self, stats):
        self.run_stats = stats
        self.run_start = time.time()
        self.last_minute = (self.run_start, 0, cpu_seconds(self.args.serve_pid))
        self.phase = "run"

    def run(self):
        tick = self.t0
        while not self.stop.is_set():
            tick += self.args.interval
            if self.stop.wait(max(0.0, tick - time.time())):
                break
            sample = self.take()
            if sample["phase"] == "run" and self.run_start is not None:
                minute = int((sample["time"] - self.run_start + 1) // 60)
                if minute > self.printed_minutes:
                    self.minute_line(minute, sample)

    def end_run(self):
        """The traffic is over: a last sample, and a line for the last part-minute (if 10 s or more)."""
        sample = self.take("run")
        self.phase = "drain-after"
        if sample["time"] - self.last_minute[0] >= 10:
            self.minute_line(max(self.printed_minutes + 1, round((sample["time"] - self.run_start) / 60)), sample)

    def minute_line(self, minute, sample):
        with self.lock:
            if minute <= self.printed_minutes:
                return
            self.printed_minutes = minute
            self.print_minute(minute, sample)

    def print_minute(self, minute, sample):
        taken, completed, errors = self.run_stats.take_minute()
        then, completed_then, cpu_then = self.last_minute
        now = sample["time"]
        cpu = sample["serve_cpu_s"]
        rate = (completed - completed_then) / max(now - then, 1e-9)
        cpu_pct = (cpu - cpu_then) / max(now - then, 1e-9) * 100 if cpu is not None and cpu_then is not None else float("nan")
        self.last_minute = (now, completed, cpu)
        hooks = sorted(taken.get("webhook", []))
        sends = sorted(taken.get("send", []))
        reads = sorted(taken.get("read", []))
        rss = (sample["serve_rss_kib"] or 0) / 1024
        sim_rss = (sample["sim_rss_kib"] or 0) / 1024
        db_mb = (sample["db_bytes"] + sample["wal_bytes"]) / 1e6
        print(f"[{minute:3d} min] {completed:7d} requests ({rate:.0f}/s), {errors} errors, webhook p99 "
              f"{percentile(hooks, 0.99):.1f} ms | serve RSS {rss:.1f} MiB, {sample['serve_fds']} fds, "
              f"{sample['serve_threads']} threads, CPU {cpu_pct:.0f}% | sim RSS {sim_rss:.1f} MiB | db {db_mb:.1f} MB")
        self.minutes.write("\t".join(str(v) for v in (
            minute, completed, f"{rate:.1f}", errors, f"{percentile(hooks, 0.5):.2f}", f"{percentile(hooks, 0.99):.2f}",
            f"{percentile(sends, 0.99):.2f}", f"{percentile(reads, 0.99):.2f}", f"{rss:.2f}", sample["serve_fds"],
            sample["serve_threads"], f"{cpu_pct:.1f}", f"{sim_rss:.2f}", f"{db_mb:.2f}")) + "\n")
        self.minutes.flush()

    def close(self):
        self.stop.set()
        self.join()
        self.file.close()
        self.minutes.close()


# ---------------------------------------------------------------- drain and rest

def drain(args, token, limit):
    """Until the outbox has nothing non-final and the sim no callback pending, or `limit` s."""
    began = time.time()
    last = None
    while True:
        if proc_status(args.serve_pid) is None:
            return time.time() - began, False, "serve has exited"
        try:
            health = fetch_json(args.serve, "/health")
            sim = fetch_json(args.sim, "/sim/stats")
            depth = health["queue"]
            last = (depth["queued"], depth["sending"], depth["awaiting_receipt"], sim["callbacks_pending"])
            if not any(last):
                return time.time() - began, True, last
        except (OSError, http.client.HTTPException, RuntimeError, ValueError, KeyError) as failure:
            last = f"{type(failure).__name__}: {failure}"
        if time.time() - began >= limit:
            return time.time() - began, False, last
        time.sleep(1)


def settle(args, sampler, token, label):
    """Drain, rest, then the at-rest sample."""
    sampler.phase = f"drain-{label}"
    seconds, drained, last = drain(args, token, args.drain)
    if drained:
        print(f"   drained in {seconds:.1f} s (outbox all final, no sim callback pending)")
    else:
        print(f"   NOT drained after {seconds:.0f} s: queued/sending/awaiting_receipt/sim callbacks pending = {last}")
    sampler.phase = f"rest-{label}"
    time.sleep(args.rest)
    sample = sampler.take(f"at-rest-{label}")
    print(f"   at rest {label} ({args.rest:g} s idle): serve RSS {mib(sample['serve_rss_kib'])} MiB, "
          f"{sample['serve_fds']} fds, {sample['serve_threads']} threads | sim RSS {mib(sample['sim_rss_kib'])} MiB")
    return drained, seconds, sample


# ---------------------------------------------------------------- report

def metric_values(text, name):
    """{labels: value} of one metric family from Prometheus text."""
    values = {}
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            key, _, value = line.rpartition(" ")
            values[key[len(name):]] = float(value)
    return values


def report(args, traffic, phases, sampler, rests, drains):
    token = traffic.token
    final = {"metrics": fetch(args.serve, "/metrics", token)[1].decode(), "sim": fetch_json(args.sim, "/sim/stats"),
             "stats": fetch_json(args.serve, "/api/stats?days=1", token), "accounts": {}}
    config_accounts = [traffic.hook, traffic.chat] + traffic.send_accounts
    for account in config_accounts:
        query = urllib.parse.urlencode({"days": 1, "provider": account["provider"], "account": account["name"]})
        final["accounts"][f"{account['provider']}/{account['name']}"] = fetch_json(args.serve, f"/api/stats?{query}", token)
    with open(os.path.join(args.out, "final.json"), "w") as out:
        json.dump(final, out, ensure_ascii=False, indent=1)

    warm, run = phases
    checks = []
    print()
    elapsed = max(run.ended - run.started, 1e-9)
    lateness = sorted(run.lateness_ms)
    print(f"requests in the measured run ({elapsed:.0f} s, {run.completed} answered, {run.completed / elapsed:.1f}/s; "
          f"dispatch lateness p99 {percentile(lateness, 0.99):.1f} ms, max {lateness[-1] if lateness else 0:.0f} ms):")
    statuses = sorted({status for _, status in run.counts})
    print(f"  {'kind':<20}{'total':>8}" + "".join(f"{('conn-err' if s == -1 else s)!s:>9}" for s in statuses)
          + f"{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind in KINDS:
        total = sum(count for (k, _), count in run.counts.items() if k == kind)
        if not total:
            continue
        latency = sorted(run.latency_ms[kind])
        print(f"  {kind:<20}{total:>8}" + "".join(f"{run.counts.get((kind, s), 0):>9}" for s in statuses)
              + f"{percentile(latency, 0.5):>9.1f}{percentile(latency, 0.99):>9.1f}{latency[-1]:>9.1f}")
    warm_errors = sum(warm.errors.values())
    run_errors = sum(run.errors.values())
    metrics = final["metrics"]
    served_5xx = sum(value for labels, value in metric_values(metrics, "wxhook_http_requests_total").items()
                     if 'status="5' in labels)
    print(f"errors: {run_errors} in the run ({dict(run.errors) or 'none'}), {warm_errors} in the warm-up; "
          f"serve answered 5xx to anyone (incl. the sim's callbacks, /metrics): {served_5xx:.0f}")
    for example in (warm.examples + run.examples)[:10]:
        print(f"  e.g. {example}")
    sim = final["sim"]
    print(f"sim: {sim['requests']} requests, {sim['sent_items']} items taken, {sim['echoes']} echoes, "
          f"{sim['send_failures']} chatMsgSendFail, callbacks delivered {sim['callbacks_delivered']}, "
          f"failed {sim['callbacks_failed']}, pending {sim['callbacks_pending']}")
    checks.append(("no errors", run_errors == 0 and warm_errors == 0 and served_5xx == 0 and sim["callbacks_failed"] == 0,
                   f"{run_errors + warm_errors} load errors, {served_5xx:.0f} 5xx, {sim['callbacks_failed']} callbacks refused"))

    print("messages by state (warm-up and run; /api/stats?days=1 per account):")
    print(f"  {'account':<30}{'total':>8}" + "".join(f"{s:>10}" for s in STATES))
    non_final = 0
    for name, stats in list(final["accounts"].items()) + [("all", final["stats"])]:
        by_state = stats.get("by_state", {})
        print(f"  {name:<30}{stats.get('total', 0):>8}" + "".join(f"{by_state.get(s, 0):>10}" for s in STATES))
        if name == "all":
            non_final = sum(by_state.get(s, 0) for s in NON_FINAL)
    rate = final["stats"].get("success_rate")
    print(f"  success rate {rate if rate is None else f'{rate:.4f}'} (云真机 sends fail at the sim's --fail-rate)")
    checks.append(("drained", all(drains) and non_final == 0, f"{non_final} messages not final after the drain"))

    matches = sum(metric_values(metrics, "wxhook_rule_matches_total").values())
    hook_key = f"botadmin/{traffic.hook['name']}"
    chat_key = f"yunzhenji/{traffic.chat['name']}"
    hook_replies = final["accounts"][hook_key].get("total", 0)
    chat_replies = final["accounts"][chat_key].get("total", 0)
    print(f"rule replies: {hook_key} {hook_replies} for {traffic.matched['webhook']} matching webhooks; "
          f"{chat_key} {chat_replies} for {traffic.matched['chatmsg']} matching chatMsgs; "
          f"wxhook_rule_matches_total {matches:.0f}")
    expected = traffic.matched["webhook"] + traffic.matched["chatmsg"]
    created_ok = all(final["accounts"][f"{p}/{a}"].get("total", 0) == n for (p, a), n in traffic.created.items())
    print("api sends: " + ", ".join(f"{p}/{a} {n} created, {final['accounts'][f'{p}/{a}'].get('total', 0)} in the outbox"
                                    for (p, a), n in sorted(traffic.created.items())))
    checks.append(("one reply per matching message, every send in the outbox",
                   hook_replies == traffic.matched["webhook"] and chat_replies == traffic.matched["chatmsg"]
                   and matches == expected and created_ok,
                   f"replies {hook_replies + chat_replies} / rule matches {matches:.0f} / matching {expected}; "
                   f"api sends {'match' if created_ok else 'DO NOT match'}"))

    # Memory and descriptors.
    before, after = rests
    run_samples = [s for s in sampler.samples if s["phase"] == "run" and s["serve_rss_kib"]]
    half = run.started + (run.ended - run.started) / 2
    second_half = [(s["time"], s["serve_rss_kib"] / 1024) for s in run_samples if s["time"] >= half]
    slope = slope_per_minute(second_half)
    anon_slope = slope_per_minute([(s["time"], s["serve_anon_kib"] / 1024) for s in run_samples
                                   if s["time"] >= half and s["serve_anon_kib"]])
    sim_slope = slope_per_minute([(s["time"], s["sim_rss_kib"] / 1024) for s in run_samples
                                  if s["time"] >= half and s["sim_rss_kib"]])
    peak = max([s["serve_rss_kib"] for s in run_samples] + [after["serve_rss_kib"]]) / 1024
    fds_max = max([s["serve_fds"] for s in run_samples if s["serve_fds"] is not None] + [after["serve_fds"]])
    threads_max = max([s["serve_threads"] for s in run_samples if s["serve_threads"]] + [after["serve_threads"]])
    sim_peak = max([s["sim_rss_kib"] for s in run_samples if s["sim_rss_kib"]] + [after["sim_rss_kib"]]) / 1024
    cpu = (run_samples[-1]["serve_cpu_s"] - run_samples[0]["serve_cpu_s"]) if len(run_samples) > 1 else None
    cpu_span = (run_samples[-1]["time"] - run_samples[0]["time"]) if len(run_samples) > 1 else None
    last = sampler.samples[-1]
    print(f"memory and descriptors ({len(sampler.samples)} samples every {args.interval:g} s: samples.csv):")
    print(f"  serve RSS: at rest before {before['serve_rss_kib'] / 1024:.1f} MiB, peak {peak:.1f} MiB "
          f"(VmHWM {after['serve_hwm_kib'] / 1024:.1f}), at rest after {after['serve_rss_kib'] / 1024:.1f} MiB; "
          f"slope over the run's second half ({len(second_half)} samples) "
          + ("n/a" if slope is None else f"{slope:+.3f} MiB/min") + f" (limit {args.slope_limit:g}); of it "
          f"anonymous (heap) {'n/a' if anon_slope is None else f'{anon_slope:+.3f} MiB/min'}, "
          f"at rest {before['serve_anon_kib'] / 1024:.1f} → {after['serve_anon_kib'] / 1024:.1f} MiB")
    print(f"  serve fds: at rest before {before['serve_fds']}, max {fds_max}, at rest after {after['serve_fds']} "
          f"(slack {args.fd_slack}); threads: before {before['serve_threads']}, max {threads_max}, "
          f"after {after['serve_threads']}")
    if cpu is not None and cpu_span:
        print(f"  serve CPU in the run: {cpu / cpu_span * 100:.0f}% of a core, "
              f"{cpu * 1000 / max(run.completed, 1) * 1000:.0f} ms per 1k requests of the load "
              "(all of serve's work: sends, callbacks, reads, timers)")
    print(f"  sim RSS: at rest before {before['sim_rss_kib'] / 1024:.1f} MiB, peak {sim_peak:.1f} MiB, "
          f"at rest after {after['sim_rss_kib'] / 1024:.1f} MiB; slope "
          + ("n/a" if sim_slope is None else f"{sim_slope:+.3f} MiB/min"))
    print(f"  database: {last['db_bytes'] / 1e6:.1f} MB + WAL {last['wal_bytes'] / 1e6:.1f} MB")
    checks.append(("descriptors flat", after["serve_fds"] <= before["serve_fds"] + args.fd_slack,
                   f"{before['serve_fds']} → {after['serve_fds']}"))
    checks.append(("RSS flat", slope is not None and slope < args.slope_limit,
                   "n/a (too few samples)" if slope is None else f"{slope:+.3f} MiB/min"))

    passed = all(ok for _, ok, _ in checks)
    print("verdict: " + "; ".join(f"{name} {'PASS' if ok else 'FAIL'} ({detail})" for name, ok, detail in checks))
    print(f"soak {'PASS' if passed else 'FAIL'}")
    return passed


def main():
    args = parse_args()
    with open(args.config) as file:
        config = json.load(file)
    traffic = Traffic(args, config)
    os.makedirs(args.out, exist_ok=True)
    sampler = Sampler(args, args.out)
    sampler.take("start")
    sampler.start()
    print(f"   mix per {len(traffic.pattern)} requests: "
          + ", ".join(f"{kind} {weight}" for kind, weight in traffic.weights.items()))
    print(f"   conversation pools: {traffic.hook_pool} for webhooks, {traffic.chat_pool} for chatMsgs; "
          f"admin sends to {', '.join(a['provider'] + '/' + a['name'] for a in traffic.send_accounts)}")

    warm = PhaseStats("warm-up")
    print(f"== warm-up: {args.warmup:g} s at {args.rate:g} requests/s (not measured)")
    sampler.phase = "warm-up"
    run_traffic(args, traffic, warm, args.warmup)
    drained_before, _, before = settle(args, sampler, traffic.token, "before")

    run = PhaseStats("run")
    print(f"== run: {args.minutes:g} min at {args.rate:g} requests/s")
    sampler.start_run(run)
    run_traffic(args, traffic, run, args.minutes * 60)
    sampler.end_run()
    print(f"   traffic over: {run.completed} requests, {sum(run.errors.values())} errors")
    drained_after, _, after = settle(args, sampler, traffic.token, "after")
    sampler.close()
    try:
        passed = report(args, traffic, (warm, run), sampler, (before, after), (drained_before, drained_after))
    except (OSError, http.client.HTTPException, RuntimeError, ValueError, KeyError, TypeError) as failure:
        print(f"soak FAIL: could not read the final figures ({type(failure).__name__}: {failure}); "
              f"did serve or the sim exit?")
        passed = False
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
