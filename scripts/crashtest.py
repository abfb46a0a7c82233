#!/usr/bin/env python3
"""Crash test: file complaints concurrently through the Kannel webhook, kill -9 the server at a random moment,
restart it on the same database, let the "gateway" retry what was not acknowledged, and check that

  * every reference a client received exists, and its complaint is the one that client sent (intact);
  * no reference was given to two different messages, and a retried message got its first reference again;
  * every acknowledged (HTTP 200) message is in the ledger as answered (nothing acknowledged is lost).

Bounded: ROUNDS rounds (default 5), each at most a few seconds of load; everything on 127.0.0.1.
Usage: scripts/crashtest.py [--rounds 5] [--bin .build/release/deskbot]
"""
import argparse, http.client, os, random, re, signal, socket, sqlite3, subprocess, sys, tempfile, threading, time, urllib.parse

REF = re.compile(r"CMP-\d{4}-\d{6}")


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def start(binary, db, port, workdir):
    cfg = os.path.join(workdir, "server.yaml")
    with open(cfg, "w") as f:
        f.write(f"public_url: http://127.0.0.1:{port}\nrate_limit_per_minute: 1000000\n"
                "kannel:\n  insecure: true\nafricastalking:\n  insecure: true\n")  # loopback test only
    proc = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--config", cfg, "--db", db,
                             "--log-level", "error"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1); c.request("GET", "/healthz")
            if c.getresponse().status == 200: return proc
        except OSError:
            time.sleep(0.05)
    proc.kill(); raise SystemExit("server did not start")


PUSH = False


def send(conn_box, port, msg):
    """One delivery (Kannel, or Africa's Talking SMS with --push); the reply text on 200, else None."""
    try:
        if conn_box[0] is None: conn_box[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        if PUSH:
            body = urllib.parse.urlencode({"from": msg["sender"], "to": "20880", "text": msg["text"], "id": msg["id"], "date": "2026-11-23"})
            conn_box[0].request("POST", "/webhook/africastalking/sms", body, {"Content-Type": "application/x-www-form-urlencoded"})
        else:
            q = urllib.parse.urlencode({"sender": msg["sender"], "receiver": "8080", "id": msg["id"], "text": msg["text"]})
            conn_box[0].request("GET", "/webhook/kannel?" + q)
        r = conn_box[0].getresponse(); body = r.read().decode()
        return body if r.status == 200 else None
    except (OSError, http.client.HTTPException):
        conn_box[0] = None
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--bin", default=".build/release/deskbot")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--push", action="store_true", help="Africa's Talking SMS: acknowledged first, answered later")
    args = ap.parse_args()
    global PUSH
    PUSH = args.push
    work = tempfile.mkdtemp(prefix="deskbot-crash-")
    db = os.path.join(work, "desk.sqlite")
    port = free_port()
    acked = {}        # message id -> reference received
    sent_text = {}    # message id -> (sender, text)
    lost = dup = broken = 0
    counter = [0]
    lock = threading.Lock()
    for rnd in range(1, args.rounds + 1):
        proc = start(args.bin, db, port, work)
        unacked = []
        stop = threading.Event()

        def client(k):
            box = [None]
            while not stop.is_set():
                with lock:
                    counter[0] += 1; n = counter[0]
                msg = {"id": f"crash-{n}", "sender": f"+2547{k:02d}{n:06d}", "text": f"C WATER no water at block {n}"}
                sent_text[msg["id"]] = msg
                reply = send(box, port, msg)
                if reply is None:
                    with lock: unacked.append(msg)
                    time.sleep(0.01)
                    continue
                m = REF.search(reply)
                with lock:
                    acked[msg["id"]] = "ack" if PUSH else (m.group(0) if m else None)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        for t in threads: t.start()
        time.sleep(random.uniform(0.5, 2.5))
        os.kill(proc.pid, signal.SIGKILL)  # the crash, mid-load
        proc.wait(); stop.set()
        for t in threads: t.join()
        # Restart on the same database; the gateway retries what was not acknowledged.
        proc = start(args.bin, db, port, work)
        box = [None]
        retried = 0
        for msg in unacked:
            reply = send(box, port, msg)
            if reply is None: continue
            retried += 1
            m = REF.search(reply)
            ref = "ack" if PUSH else (m.group(0) if m else None)
            if not PUSH and msg["id"] in acked and acked[msg["id"]] != ref: dup += 1
            acked[msg["id"]] = ref
        # A retry of a message that was acknowledged gets the same reference again (push: is acknowledged again).
        for mid in random.sample(sorted(acked), min(50, len(acked))):
            reply = send(box, port, sent_text[mid]); m = REF.search(reply or "")
            if PUSH:
                if reply is None: dup += 1  # a redelivery of an acknowledged message must be acknowledged again
            elif (m.group(0) if m else None) != acked[mid]: dup += 1
        con = sqlite3.connect(db, timeout=30)
        if PUSH:
            # The pending processor answers what was acknowledged (also what the crash interrupted): wait, bounded.
            deadline = time.time() + 60
            while time.time() < deadline:
                waiting = con.execute("select count(*) from inbound where state != 'answered'").fetchone()[0]
                if waiting == 0: break
                time.sleep(0.2)
            for mid in list(acked):
                row = con.execute("select reference from inbound where id = ?", ("africastalking:" + mid,)).fetchone()
                acked[mid] = row[0] if row else None
            # Each acknowledged message answered once: one queued reply per message.
            replies = con.execute("select count(*) - count(distinct inboundId) from outbox where inboundId is not null").fetchone()[0]
            if rnd == args.rounds: dup += replies
        proc.terminate(); proc.wait()
        complaints = {r[0]: r[1] for r in con.execute("select reference, description from complaint")}
        answered = {r[0] for r in con.execute("select id from inbound where state = 'answered'")}
        refs = [r for r in acked.values() if r]
        dup_refs = len(refs) - len(set(refs))
        dup += dup_refs if rnd == args.rounds else 0
        # Checked afresh each round over everything acknowledged so far (the database must still hold it all).
        lost = broken = 0
        for mid, ref in acked.items():
            if ("africastalking:" if PUSH else "kannel:") + mid not in answered: lost += 1
            # The complaint is the one this client sent: `C WATER <description>` stores the description.
            expected = sent_text[mid]["text"].split(" ", 2)[2]
            if not ref or complaints.get(ref) != expected: broken += 1
        extra = len(complaints) - len(set(refs))
        print(f"round {rnd}: acknowledged {len(acked)}, unacknowledged at the crash {len(unacked)} (answered on retry {retried}), "
              f"complaints {len(complaints)} (not acknowledged to anyone: {extra}), lost {lost}, duplicated {dup}, broken {broken}")
        con.close()
    print(f"== {args.rounds} rounds: {len(acked)} acknowledged, lost {lost}, duplicated {dup}, broken {broken}")
    sys.exit(0 if lost == dup == broken == 0 else 1)


if __name__ == "__main__":
    main()
