#!/usr/bin/env python3
"""Twilio webhook signatures made by Twilio's own RequestValidator (the `twilio` package on PyPI), posted to a real
`deskbot serve` on 127.0.0.1: valid ones get 200, forged ones 403. Covers the URL with and without :443 (Twilio's
validator accepts both), a query string, a byte-order mark before the body and inside a value, and the status
callback. Bounded: the server gets 60 s to start, each request 10 s.

    pip install twilio && scripts/twilio-signatures.py        (DESKBOT=path/to/deskbot to skip the build)
"""
import os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.error, urllib.parse, urllib.request

from twilio.request_validator import RequestValidator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKEN = "twilio-e2e-auth-token"
PUBLIC = "https://desk.example.gov"


def deskbot():
    if os.environ.get("DESKBOT"):
        return os.environ["DESKBOT"]
    subprocess.run(["swift", "build", "--product", "deskbot"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "deskbot")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sms(body, sid, sender="+14155550101"):
    return {"ToCountry": "US", "SmsMessageSid": sid, "NumMedia": "0", "SmsSid": sid, "SmsStatus": "received", "Body": body,
            "To": "+14155550100", "NumSegments": "1", "MessageSid": sid, "AccountSid": "AC" + "0" * 32, "From": sender,
            "ApiVersion": "2010-04-01"}


def main():
    binary = deskbot()
    work = tempfile.mkdtemp(prefix="deskbot-twilio.")
    port = free_port()
    config = os.path.join(work, "deskbot-server.yaml")
    with open(config, "w") as f:
        f.write(f"public_url: {PUBLIC}\nrate_limit_per_minute: 1000\ntwilio:\n  auth_token: {TOKEN}\n")
    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--config", config,
                               "--db", os.path.join(work, "desk.sqlite"), "--corpora", os.path.join(ROOT, "corpora")],
                              stdout=log, stderr=subprocess.STDOUT)
    failures = []
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except Exception:
                if time.time() > deadline or server.poll() is not None:
                    sys.exit("twilio-signatures: deskbot serve did not start; see " + log.name)
                time.sleep(0.2)

        validator = RequestValidator(TOKEN)
        forger = RequestValidator("not-the-token")

        def post(path, params, signed_url, signer=validator, raw_prefix=b"", tamper=None):
            signature = signer.compute_signature(signed_url, params)
            # Twilio's own check of its own signature, as a sanity check of the case itself.
            if signer is validator:
                assert validator.validate(signed_url, params, signature)
            body_params = dict(params, **(tamper or {}))
            body = raw_prefix + urllib.parse.urlencode(body_params).encode()
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST", headers={
                "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
            try:
                with urllib.request.urlopen(request, timeout=10) as r:
                    return r.status, r.read().decode()
            except urllib.error.HTTPError as e:
                return e.code, e.read().decode()

        cases = [
            ("signed public URL", "/webhook/twilio", sms("What time does the office open?", "SM001"), PUBLIC + "/webhook/twilio", {}, 200),
            ("signed with :443", "/webhook/twilio", sms("hello", "SM002"), "https://desk.example.gov:443/webhook/twilio", {}, 200),
            ("query string", "/webhook/twilio?lang=en", sms("hello", "SM003"), PUBLIC + "/webhook/twilio?lang=en", {}, 200),
            ("BOM inside a value", "/webhook/twilio", sms("\ufeffhello", "SM004"), PUBLIC + "/webhook/twilio", {}, 200),
            ("BOM before the body", "/webhook/twilio", sms("hello", "SM005"), PUBLIC + "/webhook/twilio", {"raw_prefix": b"\xef\xbb\xbf"}, 200),
            ("status callback", "/webhook/twilio/status", {"MessageSid": "SM999", "MessageStatus": "delivered", "AccountSid": "AC" + "0" * 32},
             PUBLIC + "/webhook/twilio/status", {}, 200),
            ("wrong auth token", "/webhook/twilio", sms("hello", "SM006"), PUBLIC + "/webhook/twilio", {"signer": forger}, 403),
            ("tampered body", "/webhook/twilio", sms("hello", "SM007"), PUBLIC + "/webhook/twilio", {"tamper": {"Body": "STOP"}}, 403),
            ("other host", "/webhook/twilio", sms("hello", "SM008"), "https://evil.example.com/webhook/twilio", {}, 403),
            ("other path", "/webhook/twilio", sms("hello", "SM009"), PUBLIC + "/webhook/other", {}, 403),
        ]
        for name, path, params, url, options, expected in cases:
            status, body = post(path, params, url, **options)
            ok = status == expected and (expected != 200 or path.endswith("/status") or "<Response><Message>" in body)
            print(f"twilio-signatures: {'ok  ' if ok else 'FAIL'} {name}: HTTP {status} (want {expected})")
            if not ok:
                failures.append(name)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if failures:
            print(open(log.name).read()[-3000:], file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        sys.exit(f"twilio-signatures: {len(failures)} case(s) failed: {', '.join(failures)}")
    print("twilio-signatures: OK")


if __name__ == "__main__":
    main()
