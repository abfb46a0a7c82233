#!/usr/bin/env python3
"""Scale-out test: two `deskbot serve` instances on one PostgreSQL database, behind nginx (Debian's package).

Starts (all on 127.0.0.1, all stopped at the end):
  * a throwaway PostgreSQL cluster (initdb + pg_ctl, as the `postgres` user when run as root), or --pg URL;
  * a provider stub standing in for the cloud APIs DeskBot sends through (Twilio Messages, WhatsApp Cloud,
    Telegram Bot API, Africa's Talking SMS, Kannel's sendsms), counting every send;
  * two `deskbot serve --db postgres://…` instances with the same hash key, corpora and secrets;
  * nginx balancing round-robin over both (GET is retried on the other instance when one fails, as nginx does).

Then checks, printing a line per check and exiting non-zero on any failure:
  A. every gateway (Kannel, Twilio, Africa's Talking SMS, generic, WhatsApp, Telegram) gets each message 3× at
     once through nginx (threads released at a barrier): exactly one complaint per citizen, one reply per message
     (the three inline replies identical; one send per push message), 0 duplicates, both instances used;
  B. staff change the status of complaints (`deskbot complaints update`, 40 by default, six at a time) while
     both instances run their outbox: each notification sent exactly once (counted at the stub);
  C. throughput (wrk -t2 -c50, 10 s): GET /webhook/kannel, every request a new SMS, through nginx on the two
     instances, next to one instance on SQLite (and each one's bare /healthz);
  D. one instance kill -9ed under load (clients retry what was not acknowledged, as gateways do): every
     acknowledged complaint is in the database with the reference its client got, no reference given twice,
     and the other instance keeps serving.

Bounded: every phase has a deadline; the whole run takes about two minutes.
Usage: scripts/scaleout.py [--bin .build/release/deskbot] [--pg postgres://…] [--messages 200] [--seconds 10] [--changes 40]
"""
import argparse, base64, hashlib, hmac, http.client, http.server, json, os, random, re, shutil, signal, socket
import subprocess, sys, tempfile, threading, time, urllib.parse

REF = re.compile(r"CMP-\d{4}-\d{6}")
SECRETS = dict(twilio="scaleout-twilio-token", whatsapp="scaleout-app-secret", telegram="scaleout-tg-secret",
               at="scaleout-at-callback", kannel="scaleout-kannel-token", generic="scaleout-generic-key")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok: failures.append(what)


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def wait_http(port, path="/healthz", seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1); c.request("GET", path)
            if c.getresponse().status == 200: return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


# --- PostgreSQL -----------------------------------------------------------------------------------------------

class Postgres:
    """A throwaway cluster in a temporary folder, or an existing server (--pg)."""

    def __init__(self, url, work):
        self.dir = None
        if url:
            self.url = url
            return
        bindir = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
        self.bin = f"/usr/lib/postgresql/{bindir}/bin"
        self.dir = os.path.join(work, "pg")
        os.makedirs(self.dir)
        self.port = free_port()
        root = os.geteuid() == 0
        if root: shutil.chown(self.dir, "postgres", "postgres"); os.chmod(work, 0o755)
        self.prefix = ["runuser", "-u", "postgres", "--"] if root else []
        subprocess.run(self.prefix + [f"{self.bin}/initdb", "-D", f"{self.dir}/data", "-A", "trust", "-U", "postgres"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(self.prefix + [f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w", "-o",
                                      f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 "
                                      "-c fsync=on -c synchronous_commit=on", "start"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run(self.prefix + [f"{self.bin}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "deskbot"], check=True)
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/deskbot?sslmode=disable"

    def query(self, sql):
        u = urllib.parse.urlparse(self.url)
        env = dict(os.environ, PGPASSWORD=urllib.parse.unquote(u.password or os.environ.get("PGPASSWORD", "")))
        out = subprocess.run(["psql", "-h", u.hostname, "-p", str(u.port or 5432), "-U", u.username or "postgres",
                              "-d", u.path.lstrip("/"), "-tAF", "\t", "-c", sql], env=env, check=True, capture_output=True, text=True)
        return [line.split("\t") for line in out.stdout.splitlines() if line]

    def stop(self):
        if self.dir:
            subprocess.run(self.prefix + [f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-m", "immediate", "stop"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# --- Provider stub --------------------------------------------------------------------------------------------

class Stub:
    """Answers the providers' send APIs as they do, and records (channel, recipient, text) of every send."""

    def __init__(self):
        self.sends = []
        self.lock = threading.Lock()
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *a): pass

            def reply(self, body, status=200, kind="application/json"):
                data = body.encode()
                self.send_response(status); self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)

            def do_GET(self):  # Kannel sendsms
                q = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
                if self.path.startswith("/cgi-bin/sendsms"):
                    stub.add("kannel", q.get("to", [""])[0], q.get("text", [""])[0])
                    return self.reply("0: Accepted for delivery", 202, "text/plain")
                self.reply("{}", 404)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
                path = urllib.parse.urlparse(self.path).path
                if path.endswith("/messages"):  # WhatsApp Cloud API
                    m = json.loads(body)
                    stub.add("whatsapp", m.get("to", ""), json.dumps(m.get("text") or m.get("template"), ensure_ascii=False))
                    return self.reply(json.dumps({"messages": [{"id": "wamid.stub%d" % random.randrange(1 << 30)}]}))
                if path.endswith("/sendMessage"):  # Telegram
                    m = json.loads(body)
                    stub.add("telegram", str(m.get("chat_id", "")), m.get("text", ""))
                    return self.reply(json.dumps({"ok": True, "result": {"message_id": random.randrange(1 << 30)}}))
                form = urllib.parse.parse_qs(body)
                if path.endswith("/version1/messaging"):  # Africa's Talking
                    to = form.get("to", [""])[0]
                    stub.add("africastalking", to, form.get("message", [""])[0])
                    return self.reply(json.dumps({"SMSMessageData": {"Message": "Sent to 1/1", "Recipients": [
                        {"number": to, "status": "Success", "statusCode": 101, "messageId": "ATXid_%d" % random.randrange(1 << 30), "cost": "KES 0.8"}]}}), 201)
                if path.endswith("/Messages.json"):  # Twilio
                    stub.add("twilio", form.get("To", [""])[0], form.get("Body", [""])[0])
                    return self.reply(json.dumps({"sid": "SM%032x" % random.randrange(1 << 128), "status": "queued"}), 201)
                self.reply("{}", 404)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, channel, to, text):
        with self.lock: self.sends.append((channel, to, text))

    def to(self, channel, recipient):
        with self.lock: return [t for c, r, t in self.sends if c == channel and r == recipient]


# --- DeskBot instances and nginx ------------------------------------------------------------------------------

def server_config(work, public_port, stub_port):
    path = os.path.join(work, "server.yaml")
    stub = f"http://127.0.0.1:{stub_port}"
    with open(path, "w") as f:
        f.write(f"""public_url: http://127.0.0.1:{public_port}
rate_limit_per_minute: 1000000
twilio:
  auth_token: {SECRETS['twilio']}
  account_sid: ACscaleout
  from: "+15550001000"
  api_base_url: {stub}
whatsapp:
  verify_token: scaleout-verify
  app_secret: {SECRETS['whatsapp']}
  access_token: scaleout-access
  phone_number_id: "1055"
  api_base_url: {stub}/v21.0
telegram:
  bot_token: "123:scaleout"
  secret_token: {SECRETS['telegram']}
  api_base_url: {stub}
africastalking:
  username: sandbox
  api_key: scaleout-at-key
  callback_token: {SECRETS['at']}
  api_base_url: {stub}
kannel:
  token: {SECRETS['kannel']}
  send_url: {stub}
  username: desk
  password: scaleout-kannel-password
  from: "8080"
generic:
  hmac_key: {SECRETS['generic']}
""")
    return path


class Instance:
    def __init__(self, binary, db, config, env, name):
        self.port = free_port()
        self.name = name
        self.log = open(config + f".{name}.log", "w")
        self.proc = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--config", config,
                                      "--db", db, "--log-level", "warning"], env=env, stdout=self.log, stderr=self.log)

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try: self.proc.wait(15)
            except subprocess.TimeoutExpired: self.proc.kill(); self.proc.wait()


class Nginx:
    def __init__(self, work, port, upstreams):
        self.port = port
        d = os.path.join(work, "nginx")
        os.makedirs(os.path.join(d, "tmp"), exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""
        servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in upstreams)
        conf = os.path.join(d, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""{user}worker_processes 2;
daemon off;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {d}/tmp/body; proxy_temp_path {d}/tmp/proxy; fastcgi_temp_path {d}/tmp/fastcgi;
  uwsgi_temp_path {d}/tmp/uwsgi; scgi_temp_path {d}/tmp/scgi;
  upstream desk {{
{servers}
    keepalive 128;
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location / {{
      proxy_pass http://desk;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_connect_timeout 1s;
      proxy_next_upstream error timeout http_502 http_503;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
""")
        self.proc = subprocess.Popen(["nginx", "-p", d, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try: self.proc.wait(10)
            except subprocess.TimeoutExpired: self.proc.kill()


# --- The channels, as each provider delivers a message --------------------------------------------------------

def twilio_signature(url, params):
    try:
        from twilio.request_validator import RequestValidator  # the provider's own code, when installed
        return RequestValidator(SECRETS["twilio"]).compute_signature(url, params)
    except ImportError:
        s = url + "".join(k + params[k] for k in sorted(params))
        return base64.b64encode(hmac.new(SECRETS["twilio"].encode(), s.encode(), hashlib.sha1).digest()).decode()


class Channel:
    """How one gateway delivers a message: (method, path, body, headers); `push` answers through the outbox."""

    def __init__(self, name, push, sms, public):
        self.name, self.push, self.sms, self.public = name, push, sms, public

    def address(self, k):
        return {"telegram": str(7_000_000 + k)}.get(self.name, "+2547%08d" % (random.randrange(10**6) * 100 + k % 100))

    def request(self, sender, text, mid):
        n = self.name
        if n == "kannel":
            q = urllib.parse.urlencode({"sender": sender, "receiver": "8080", "id": mid, "text": text, "token": SECRETS["kannel"]})
            return "GET", "/webhook/kannel?" + q, None, {}
        if n == "twilio":
            params = {"From": sender, "To": "+15550001000", "Body": text, "MessageSid": "SM" + hashlib.md5(mid.encode()).hexdigest(), "NumMedia": "0"}
            sig = twilio_signature(self.public + "/webhook/twilio", params)
            return "POST", "/webhook/twilio", urllib.parse.urlencode(params), {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig}
        if n == "africastalking":
            body = urllib.parse.urlencode({"from": sender, "to": "20880", "text": text, "id": mid, "date": time.strftime("%Y-%m-%d %H:%M:%S")})
            return "POST", "/webhook/africastalking/sms?token=" + SECRETS["at"], body, {"Content-Type": "application/x-www-form-urlencoded"}
        if n == "generic":
            body = json.dumps({"sender": sender, "message": text, "id": mid})
            sig = "sha256=" + hmac.new(SECRETS["generic"].encode(), body.encode(), hashlib.sha256).hexdigest()
            return "POST", "/webhook/generic", body, {"Content-Type": "application/json", "X-DeskBot-Signature": sig}
        if n == "whatsapp":
            body = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp", "metadata": {"phone_number_id": "1055"},
                "messages": [{"from": sender.lstrip("+"), "id": "wamid." + mid, "timestamp": str(int(time.time())), "type": "text", "text": {"body": text}}]}}]}]})
            sig = "sha256=" + hmac.new(SECRETS["whatsapp"].encode(), body.encode(), hashlib.sha256).hexdigest()
            return "POST", "/webhook/whatsapp", body, {"Content-Type": "application/json", "X-Hub-Signature-256": sig}
        if n == "telegram":
            body = json.dumps({"update_id": int(hashlib.md5(mid.encode()).hexdigest()[:8], 16), "message": {
                "message_id": int(hashlib.md5(mid.encode()).hexdigest()[8:16], 16), "date": int(time.time()),
                "from": {"id": int(sender), "language_code": "en"}, "chat": {"id": int(sender)}, "text": text}})
            return "POST", "/webhook/telegram", body, {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRETS["telegram"]}
        raise ValueError(n)

    def recipient(self, sender):
        return sender.lstrip("+") if self.name == "whatsapp" else sender

    def dialogue(self, k):
        """The messages one citizen sends to file a complaint: an SMS keyword, or a description and YES."""
        place = f"House {k}, Street {9000 + k}"
        if self.sms: return [f"C WATER no water since monday at {place}"]
        return [f"there is no water at {place} since yesterday", "yes"]


def deliver(port, method, path, body, headers, timeout=30):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, body, headers)
        r = c.getresponse()
        return r.status, r.read().decode("utf-8", "replace"), r.getheader("X-Upstream")
    finally:
        c.close()


def at_once(port, request, times=3):
    """Delivers one request `times` at once (threads released together at a barrier)."""
    barrier = threading.Barrier(times)
    results = [None] * times

    def go(i):
        barrier.wait()
        try: results[i] = deliver(port, *request)
        except OSError as e: results[i] = (0, str(e), None)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(times)]
    for t in threads: t.start()
    for t in threads: t.join()
    return results


def wait_for(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate(): return True
        time.sleep(0.05)
    return predicate()


# --- The phases -----------------------------------------------------------------------------------------------

def phase_exactly_once(args, port, stub, pg, channels):
    print(f"== A. every message delivered 3x at once through nginx to two instances ({args.messages} messages)", flush=True)
    per_citizen = {c.name: len(c.dialogue(0)) for c in channels}
    # Citizens per channel so that the messages add up to about --messages.
    citizens = []
    k = 0
    while sum(per_citizen[c.name] for c, _ in citizens) < args.messages:
        c = channels[k % len(channels)]
        citizens.append((c, c.address(k)))
        k += 1
    upstreams, problems, refs_by_citizen = {}, [], {}
    lock = threading.Lock()

    def run(index, channel, sender):
        refs = set()
        for turn, text in enumerate(channel.dialogue(index)):
            mid = f"so-{index}-{turn}-{random.randrange(1 << 40)}"
            before = len(stub.to(channel.name, channel.recipient(sender)))
            results = at_once(port, channel.request(sender, text, mid))
            with lock:
                for _, _, up in results: upstreams[up] = upstreams.get(up, 0) + 1
            statuses = [r[0] for r in results]
            if any(s != 200 for s in statuses):
                with lock: problems.append(f"{channel.name} {sender}: statuses {statuses}")
                continue
            if channel.push:
                # One send per message, however many deliveries: wait for it, then make sure no second one follows.
                if not wait_for(lambda: len(stub.to(channel.name, channel.recipient(sender))) >= before + 1, 20):
                    with lock: problems.append(f"{channel.name} {sender}: no reply sent")
                text_out = " ".join(stub.to(channel.name, channel.recipient(sender))[before:])
            else:
                bodies = {r[1] for r in results}
                if len(bodies) != 1:
                    with lock: problems.append(f"{channel.name} {sender}: {len(bodies)} different replies to one message")
                text_out = results[0][1]
            refs.update(REF.findall(text_out))
        with lock: refs_by_citizen[(channel.name, sender)] = refs

    threads = [threading.Thread(target=run, args=(i, c, s)) for i, (c, s) in enumerate(citizens)]
    started = time.time()
    for t in threads: t.start()
    for t in threads: t.join(120)
    time.sleep(2)  # late duplicates would arrive now
    messages = sum(per_citizen[c.name] for c, _ in citizens)
    sent_total = 0
    extra = 0
    for c, s in citizens:
        if c.push:
            n = len(stub.to(c.name, c.recipient(s)))
            sent_total += n
            extra += max(0, n - per_citizen[c.name])
    complaints = int(pg.query("SELECT count(*) FROM complaint")[0][0])
    all_refs = [r for refs in refs_by_citizen.values() for r in refs]
    print(f"   {len(citizens)} citizens, {messages} messages, {3 * messages} deliveries in {time.time() - started:.1f} s; "
          f"instances used: {dict((k or 'none', v) for k, v in upstreams.items())}", flush=True)
    for p in problems[:10]: print("   " + p)
    check(not problems, f"every delivery answered 200 with one reply per message ({len(problems)} problems)")
    check(complaints == len(citizens), f"one complaint per citizen: {complaints} complaints for {len(citizens)} citizens")
    check(all(len(r) == 1 for r in refs_by_citizen.values()) and len(set(all_refs)) == len(all_refs),
          f"each citizen told one reference, none given twice ({len(set(all_refs))} distinct)")
    check(extra == 0, f"push channels: {sent_total} sends for {sum(per_citizen[c.name] for c, _ in citizens if c.push)} messages, {extra} duplicated")
    check(len([u for u in upstreams if u]) >= 2, "both instances served deliveries")
    dup_rate = 100.0 * (extra + max(0, complaints - len(citizens))) / max(1, messages)
    print(f"   duplicate rate: {dup_rate:.2f}%", flush=True)
    return citizens, refs_by_citizen


def phase_notifications(args, pg, stub, citizens, refs_by_citizen):
    print("== B. staff change every complaint's status while both instances run: each notification sent once", flush=True)
    env = dict(os.environ, DESKBOT_DB=pg.url, DESKBOT_HASH_KEY=args.hash_key)
    # Up to --changes complaints of the channels that send notifications (the generic endpoint has no sender),
    # spread over the channels; each `deskbot complaints update` is a process of its own, as a clerk's would be.
    notifying = [(c, s, next(iter(refs_by_citizen[(c.name, s)]))) for c, s in citizens
                 if refs_by_citizen.get((c.name, s)) and c.name in ("africastalking", "whatsapp", "telegram", "kannel", "twilio")]
    pushed = notifying[:args.changes]
    before = {(c.name, s): len(stub.to(c.name if c.name != "kannel" else "kannel", c.recipient(s))) for c, s, _ in pushed}
    started = time.time()
    failed = []

    def update(batch):
        for _, _, ref in batch:
            try:
                r = subprocess.run([args.bin, "complaints", "update", ref, "--status", "in_progress", "--by", "scaleout",
                                    "--note", "A crew is on the way."], env=env, capture_output=True, text=True, timeout=120)
                if r.returncode != 0: failed.append(ref)
            except subprocess.TimeoutExpired:
                failed.append(ref)

    batches = [pushed[i::6] for i in range(6)]
    threads = [threading.Thread(target=update, args=(b,)) for b in batches]
    for t in threads: t.start()
    for t in threads: t.join(300)

    def arrived():
        return all(len(stub.to(c.name, c.recipient(s))) >= before[(c.name, s)] + 1 for c, s, _ in pushed)

    ok = wait_for(arrived, 60)
    time.sleep(3)  # a second instance sending the same notification would do it now
    counts = [len(stub.to(c.name, c.recipient(s))) - before[(c.name, s)] for c, s, _ in pushed]
    with_ref = sum(1 for (c, s, ref) in pushed if any(ref in t for t in stub.to(c.name, c.recipient(s))[before[(c.name, s)]:]))
    print(f"   {len(pushed)} status changes in {time.time() - started:.1f} s; notifications per change: "
          f"{ {n: counts.count(n) for n in sorted(set(counts))} }", flush=True)
    check(not failed, f"every status change accepted ({len(failed)} refused)")
    check(ok and all(n == 1 for n in counts), f"each notification sent exactly once ({sum(counts)} sends for {len(pushed)} changes)")
    check(with_ref == len(pushed), f"each notification names its complaint ({with_ref} of {len(pushed)})")


def wrk(url, seconds, script=None):
    cmd = ["wrk", "-t2", "-c50", f"-d{seconds}s", "--latency"] + (["-s", script] if script else []) + [url]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"\n\s+50%\s+(\S+)", out)
    p99 = re.search(r"\n\s+99%\s+(\S+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return dict(rps=float(rps.group(1)) if rps else 0.0, p50=p50.group(1) if p50 else "?", p99=p99.group(1) if p99 else "?",
                non2xx=int(non2xx.group(1)) if non2xx else 0, errors=errors.group(1) if errors else "none")


def phase_throughput(args, work, nginx_port, sqlite_port):
    print(f"== C. throughput: wrk -t2 -c50 -d{args.seconds}s, every request a new SMS from a new sender", flush=True)
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk-kannel.lua")  # KANNEL_TOKEN from the environment
    os.environ["KANNEL_TOKEN"] = SECRETS["kannel"]
    rows = [("two instances on PostgreSQL, through nginx: `GET /healthz`", wrk(f"http://127.0.0.1:{nginx_port}/healthz", args.seconds)),
            ("two instances on PostgreSQL, through nginx: `GET /webhook/kannel`", wrk(f"http://127.0.0.1:{nginx_port}", args.seconds, script)),
            ("one instance on SQLite: `GET /healthz`", wrk(f"http://127.0.0.1:{sqlite_port}/healthz", args.seconds)),
            ("one instance on SQLite: `GET /webhook/kannel`", wrk(f"http://127.0.0.1:{sqlite_port}", args.seconds, script))]
    print("\n| setup and route | requests/s | p50 | p99 | non-2xx | socket errors |\n|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['rps']:,.0f} | {r['p50']} | {r['p99']} | {r['non2xx']} | {r['errors']} |")
    print(flush=True)
    for name, r in rows:
        check(r["rps"] > 0 and r["non2xx"] == 0, f"{name}: served, 0 non-2xx")


def phase_kill(args, nginx_port, pg, victim, survivor):
    print("== D. kill -9 one instance under load; the gateway retries what was not acknowledged", flush=True)
    acked = {}     # message id -> reference
    after_kill = [0]
    killed_at = [None]
    lock = threading.Lock()
    stop = threading.Event()
    counter = [0]

    def client(k):
        while not stop.is_set():
            with lock:
                counter[0] += 1
                n = counter[0]
            mid = f"kill-{k}-{n}"
            q = urllib.parse.urlencode({"sender": "+2557%08d" % n, "receiver": "8080", "id": mid,
                                        "text": f"C WATER no water at House {n}, Street {50000 + n}", "token": SECRETS["kannel"]})
            deadline = time.time() + 30
            while time.time() < deadline:  # retried until acknowledged, as Kannel does
                try:
                    status, body, _ = deliver(nginx_port, "GET", "/webhook/kannel?" + q, None, {}, timeout=10)
                except OSError:
                    status, body = 0, ""
                if status == 200:
                    refs = REF.findall(body)
                    with lock:
                        acked[mid] = refs[0] if refs else None
                        if killed_at[0] and time.time() > killed_at[0] + 0.5: after_kill[0] += 1
                    break
                time.sleep(0.2)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(16)]
    for t in threads: t.start()
    time.sleep(random.uniform(1.5, 3.0))
    victim.proc.send_signal(signal.SIGKILL)
    killed_at[0] = time.time()
    victim.proc.wait()
    time.sleep(4)
    stop.set()
    for t in threads: t.join(60)
    rows = dict((r[0], r[1]) for r in pg.query("SELECT id, coalesce(reference, '') FROM inbound WHERE id LIKE 'kannel:kill-%'"))
    filed = set(r[0] for r in pg.query("SELECT reference FROM complaint"))
    missing = [m for m, ref in acked.items() if rows.get("kannel:" + m) != ref or ref not in filed]
    refs = [r for r in acked.values() if r]
    print(f"   {len(acked)} acknowledged ({after_kill[0]} after the kill), {len(refs)} with a reference", flush=True)
    check(all(acked.values()), "every acknowledged filing told a reference")
    check(not missing, f"0 acknowledged complaints lost ({len(missing)} missing or different)")
    check(len(set(refs)) == len(refs), f"no reference given twice ({len(refs) - len(set(refs))} repeated)")
    check(after_kill[0] > 0 and wait_http(survivor.port, seconds=5), "the other instance kept serving after the kill")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release/deskbot")
    ap.add_argument("--pg", help="an existing PostgreSQL database URL (default: a throwaway cluster)")
    ap.add_argument("--messages", type=int, default=200)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--changes", type=int, default=40, help="status changes made by staff in phase B")
    ap.add_argument("--skip-throughput", action="store_true")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    args.hash_key = "scaleout-hash-key-" + "%032x" % random.randrange(1 << 128)
    work = tempfile.mkdtemp(prefix="deskbot-scaleout-")
    pg = stub = nginx = None
    instances = []
    try:
        pg = Postgres(args.pg, work)
        stub = Stub()
        nginx_port = free_port()
        config = server_config(work, nginx_port, stub.port)
        env = dict(os.environ, DESKBOT_HASH_KEY=args.hash_key)
        instances = [Instance(args.bin, pg.url, config, env, f"pg{i}") for i in range(2)]
        for inst in instances:
            if not wait_http(inst.port): raise SystemExit(f"instance {inst.name} did not start; see {config}.{inst.name}.log")
        # The public URL (which Twilio signs) is nginx's: the address the gateways call.
        nginx = Nginx(work, nginx_port, [i.port for i in instances])
        public = f"http://127.0.0.1:{nginx_port}"
        if not wait_http(nginx.port): raise SystemExit("nginx did not start; see " + os.path.join(work, "nginx/error.log"))
        channels = [Channel("kannel", False, True, public), Channel("twilio", False, True, public),
                    Channel("africastalking", True, True, public), Channel("generic", False, False, public),
                    Channel("whatsapp", True, False, public), Channel("telegram", True, False, public)]
        citizens, refs = phase_exactly_once(args, nginx.port, stub, pg, channels)
        phase_notifications(args, pg, stub, citizens, refs)
        if not args.skip_throughput:
            sqlite = Instance(args.bin, os.path.join(work, "desk.sqlite"), config, env, "sqlite")
            if not wait_http(sqlite.port): raise SystemExit("the SQLite instance did not start")
            phase_throughput(args, work, nginx.port, sqlite.port)
            sqlite.stop()
        phase_kill(args, nginx.port, pg, instances[0], instances[1])
    finally:
        if nginx: nginx.stop()
        for inst in instances: inst.stop()
        if pg: pg.stop()
        if stub: stub.server.shutdown()
        if not failures: shutil.rmtree(work, ignore_errors=True)
        else: print(f"logs kept in {work}")
    print(f"== scaleout: {len(failures)} failed check(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
