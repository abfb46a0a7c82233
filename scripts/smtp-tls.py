#!/usr/bin/env python3
"""Department e-mail through an SMTP relay that wants TLS and a password (issue 15), against a real SMTP server.

Starts aiosmtpd on 127.0.0.1 with implicit TLS (a certificate made here with openssl for 127.0.0.1/localhost) and
AUTH required, files a water complaint with `deskbot sms` (routed to the water department, whose contact is an
e-mail address), runs `deskbot serve` on the same database with `civic.smtp_tls`, `smtp_ca_file` and
`smtp_username` (the password from DESKBOT_SMTP_PASSWORD), and checks:
  * the notice arrives, over TLS, authenticated as the configured user, naming the complaint;
  * with a wrong password nothing is delivered, the notice stays queued (sent once the password is fixed) and its
    error names AUTH;
  * with a certificate the desk does not trust, nothing is delivered either (the relay is verified);
  * the password never appears in the server's log.
Bounded (each wait 120 s at most); everything on 127.0.0.1.
Usage: DESKBOT=.build/debug/deskbot python3 scripts/smtp-tls.py
"""
import email, os, re, socket, sqlite3, ssl, subprocess, sys, tempfile, time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "deskbot", "relay-secret-7f3a9c"
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok: failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Relay:
    """aiosmtpd with implicit TLS and AUTH PLAIN/LOGIN required; records (user, tls, message) of each delivery."""

    def __init__(self, cert, key):
        self.deliveries = []
        relay = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                login = getattr(session.auth_data, "login", b"").decode() if session.authenticated else None
                relay.deliveries.append((login, server.transport.get_extra_info("ssl_object") is not None,
                                         envelope.rcpt_tos, envelope.content))
                return "250 OK"

        def authenticate(server, session, envelope, mechanism, auth_data):
            # Only over TLS. (aiosmtpd's auth_require_tls and session.ssl see STARTTLS only, not implicit TLS.)
            ok = server.transport.get_extra_info("ssl_object") is not None and isinstance(auth_data, LoginPassword) \
                and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, ssl_context=context,
                                     authenticator=authenticate, auth_require_tls=False, auth_required=True)  # TLS: checked above
        self.controller.start()

    def stop(self):
        self.controller.stop()


def certificate(work, name):
    cert, key = os.path.join(work, f"{name}.pem"), os.path.join(work, f"{name}.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


def notices(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT status, coalesce(error, '') FROM departmentMessage WHERE channel = 'email'").fetchall()


def run_case(deskbot, corpora, work, name, relay, ca_file, password):
    db = os.path.join(work, f"{name}.sqlite")
    env = dict(os.environ, DESKBOT_HASH_KEY="smtp-tls-test-key-0123456789abcdef", DESKBOT_SMTP_PASSWORD=password)
    filed = subprocess.run([deskbot, "sms", "--db", db, "--corpora", corpora, "--from", "+254700123456",
                            "C WATER no water since monday at House 12, Street 7"], env=env, capture_output=True, text=True, timeout=300)
    reference = re.search(r"CMP-\d{4}-\d{6}", filed.stdout)
    check(filed.returncode == 0 and reference is not None, f"{name}: the complaint is filed ({filed.stdout.strip()[:80]})")
    port = free_port()
    config = os.path.join(work, f"{name}.yaml")
    with open(config, "w") as f:
        f.write(f"public_url: http://127.0.0.1:{port}\ncivic:\n  smtp_host: 127.0.0.1\n  smtp_port: {relay.port}\n"
                f"  smtp_from: desk@riverside.example.org\n  smtp_tls: true\n  smtp_ca_file: {ca_file}\n  smtp_username: {USER}\n")
    log = open(os.path.join(work, f"{name}.log"), "w+")
    server = subprocess.Popen([deskbot, "serve", "--host", "127.0.0.1", "--port", str(port), "--config", config, "--db", db,
                               "--corpora", corpora], env=env, stdout=log, stderr=log)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            done = [n for n in notices(db) if n[0] != "queued" or n[1]]
            if relay.deliveries or done: break
            time.sleep(0.3)
        time.sleep(1)
    finally:
        server.terminate()
        try: server.wait(20)
        except subprocess.TimeoutExpired: server.kill()
    log.seek(0)
    check(PASSWORD not in log.read(), f"{name}: the relay password is not in the server's log")
    return (reference.group(0) if reference else None), notices(db)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    deskbot = os.environ.get("DESKBOT") or os.path.join(root, ".build", "debug", "deskbot")
    corpora = os.path.join(root, "corpora")
    work = tempfile.mkdtemp(prefix="deskbot-smtp-")
    cert, key = certificate(work, "relay")
    stranger, _ = certificate(work, "stranger")  # a CA the relay's certificate does not come from
    relay = Relay(cert, key)
    try:
        reference, rows = run_case(deskbot, corpora, work, "good", relay, cert, PASSWORD)
        check(len(relay.deliveries) == 1, f"the department's notice is delivered once ({len(relay.deliveries)})")
        if relay.deliveries:
            user, tls, rcpts, content = relay.deliveries[0]
            body = email.message_from_bytes(content).get_payload(decode=True).decode()
            check(tls, "over TLS")
            check(user == USER, f"authenticated as {USER}")
            check(rcpts == ["water@riverside.example.org"], f"to the water department ({rcpts})")
            check(reference is not None and reference in body, "the notice names the complaint")
        check(rows and all(s == "sent" for s, _ in rows), f"the notice is marked sent ({rows})")

        relay.deliveries.clear()
        _, rows = run_case(deskbot, corpora, work, "wrong-password", relay, cert, "not-the-password")
        check(not relay.deliveries, "a wrong password delivers nothing")
        check(rows and all(s == "queued" and "AUTH" in e for s, e in rows), f"the notice stays queued, with an AUTH error ({rows})")

        _, rows = run_case(deskbot, corpora, work, "untrusted", relay, stranger, PASSWORD)
        check(not relay.deliveries, "a relay whose certificate is not trusted gets nothing")
        check(rows and all(s == "queued" for s, _ in rows), f"the notice stays queued ({rows})")
    finally:
        relay.stop()
    print(f"== smtp-tls: {len(failures)} failed check(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
