#!/usr/bin/env python3
"""An application that answers the customers no keyword rule answers, for wxhook.

wxhook hands it each message that its `default` rule forwards (docs/forwarding.md, "Replies from
an application"); it answers the forward's POST with the reply, and wxhook sends that reply to the
customer through the same account. Standard library only.

    WXHOOK_SECRET=whsec_... python3 app.py --port 7000

With LLM_URL (an OpenAI-compatible /v1/chat/completions URL), LLM_MODEL and LLM_API_KEY set, the
reply is the model's answer; without them, or when the model fails or is slow, a fixed note that
a person will answer. It checks every request's signature and drops a repeat of a webhook-id it
has already answered (wxhook sends a forward again after a restart, with the same webhook-id).
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import time
import urllib.request
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FALLBACK = "您好，已收到您的消息，人工客服会尽快回复。Thanks, a person will answer you shortly."
SYSTEM = "You answer customers of a small shop on WeChat. Be brief and friendly; answer in their language."
TOLERANCE_S = 300


def secret_key(secret):
    """The key bytes of a Standard Webhooks secret: base64 after `whsec_`, padding optional."""
    text = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
    return base64.b64decode(text + "=" * (-len(text) % 4))


def verified(key, headers, body):
    """Whether one of the `v1,` signatures matches and the timestamp is recent."""
    msg_id, stamp, signatures = (headers.get(h) for h in ("webhook-id", "webhook-timestamp", "webhook-signature"))
    if not (msg_id and stamp and signatures) or not stamp.isdigit() or abs(time.time() - int(stamp)) > TOLERANCE_S:
        return False
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest())
    return any(hmac.compare_digest(expected, s[3:].encode()) for s in signatures.split() if s.startswith("v1,"))


def ask_model(text, timeout_s):
    """The model's answer to `text`, or None without a model or when it fails."""
    url, model, api_key = os.environ.get("LLM_URL"), os.environ.get("LLM_MODEL"), os.environ.get("LLM_API_KEY", "")
    if not url or not model:
        return None
    request = urllib.request.Request(url, data=json.dumps({
        "model": model, "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}],
    }).encode(), headers={"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as answer:
            return json.load(answer)["choices"][0]["message"]["content"].strip()[:1500] or None
    except Exception as error:  # a slow or broken model must not cost the customer an answer
        print(f"model failed: {error}", flush=True)
        return None


class Handler(BaseHTTPRequestHandler):
    key = b""
    answered = OrderedDict()  # webhook-id -> the answer given, newest last

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not verified(self.key, self.headers, body):
            return self.answer(401, {"error": "bad signature"})
        msg_id = self.headers["webhook-id"]
        if msg_id in self.answered:
            return self.answer(200, self.answered[msg_id])
        forward = json.loads(body)
        data = forward.get("data") or {}
        if forward.get("type") != "event.message" or not forward.get("rule") or not data.get("text"):
            return self.answer(204, None)  # an event we only take note of: no reply
        text = ask_model(data["text"], timeout_s=20) or FALLBACK
        reply = {"reply": {"messages": [{"type": "text", "text": text}]}}
        self.answered[msg_id] = reply
        while len(self.answered) > 10_000:
            self.answered.popitem(last=False)
        self.answer(200, reply)

    def answer(self, status, value):
        payload = b"" if value is None else json.dumps(value, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, fmt, *args):
        print(f"{self.address_string()} {fmt % args}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7000)
    options = parser.parse_args()
    Handler.key = secret_key(os.environ["WXHOOK_SECRET"])
    server = ThreadingHTTPServer((options.host, options.port), Handler)
    print(f"listening on {options.host}:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
