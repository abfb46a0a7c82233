#!/usr/bin/env python3
"""A burst of distinct SMS from many senders, bounded in count and time, on 127.0.0.1.

  inline: N messages to GET /webhook/kannel from S senders (C concurrent clients; each sender's messages in order).
  push:   N messages to POST /webhook/africastalking/sms (acknowledged at once, answered by the pending processor).

Then checks in the database that every message was answered, and — for push, where the desk orders the work —
that each sender's replies were made in the order the messages were sent.
Usage: scripts/burst.py --port P --db FILE [--messages 10000] [--senders 1000] [--clients 50] [--mode inline|push]
"""
import argparse, http.client, sqlite3, sys, threading, time, urllib.parse
from collections import defaultdict

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--db", required=True)
ap.add_argument("--messages", type=int, default=10000)
ap.add_argument("--senders", type=int, default=1000)
ap.add_argument("--clients", type=int, default=50)
ap.add_argument("--mode", choices=["inline", "push"], default="inline")
ap.add_argument("--tag", default=str(int(time.time())))
args = ap.parse_args()
texts = ["office kab khulta hai", "no water in block 6", "maji hakuna mtaani", "INFO HOURS", "hello"]
per_sender = args.messages // args.senders
failures = [0]
lock = threading.Lock()


def sender_number(s): return f"+2557{s:08d}"


def worker(k):
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
    for s in range(k, args.senders, args.clients):
        for i in range(per_sender):
            mid = f"{args.tag}-{s}-{i:03d}"
            text = texts[(s + i) % len(texts)]
            try:
                if args.mode == "inline":
                    q = urllib.parse.urlencode({"sender": sender_number(s), "receiver": "8080", "id": mid, "text": text})
                    conn.request("GET", "/webhook/kannel?" + q)
                else:
                    body = urllib.parse.urlencode({"from": sender_number(s), "to": "20880", "text": text, "id": mid, "date": "2026-11-23"})
                    conn.request("POST", "/webhook/africastalking/sms", body, {"Content-Type": "application/x-www-form-urlencoded"})
                r = conn.getresponse(); r.read()
                if r.status != 200:
                    with lock: failures[0] += 1
            except (OSError, http.client.HTTPException):
                with lock: failures[0] += 1
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)


start = time.time()
threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.clients)]
for t in threads: t.start()
for t in threads: t.join()
sent_secs = time.time() - start
total = per_sender * args.senders
channel = "kannel" if args.mode == "inline" else "africastalking"
con = sqlite3.connect(args.db, timeout=30)
deadline = time.time() + 120
while True:
    answered = con.execute("select count(*) from inbound where id like ? and state = 'answered'", (f"{channel}:{args.tag}-%",)).fetchone()[0]
    if answered >= total or time.time() > deadline: break
    time.sleep(0.2)
all_secs = time.time() - start
out_of_order = 0
if args.mode == "push":
    rows = con.execute("select citizen, inboundId from outbox where inboundId like ? order by id", (f"{channel}:{args.tag}-%",)).fetchall()
    last = defaultdict(lambda: -1)
    for citizen, iid in rows:
        seq = int(iid.rsplit("-", 1)[1])
        if seq < last[citizen]: out_of_order += 1
        last[citizen] = seq
print(f"burst ({args.mode}): {total} distinct SMS from {args.senders} senders, {args.clients} clients: "
      f"non-2xx/errors {failures[0]}, acknowledged in {sent_secs:.1f} s ({total / sent_secs:.0f}/s), "
      f"answered {answered}/{total} in {all_secs:.1f} s, out of order per sender {out_of_order}")
sys.exit(0 if failures[0] == 0 and answered == total and out_of_order == 0 else 1)
