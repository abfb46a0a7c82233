#!/usr/bin/env python3
"""Browser tests of the staff console in a real headless Chromium (Selenium + Debian's chromium-driver).

Starts `deskbot serve` on 127.0.0.1 with a temporary SQLite database, a temporary copy of the corpora and a local
Telegram Bot API stub (127.0.0.1) that records every outbound message, then checks what staff do:

  1. log in;
  2. triage a complaint and change its status: the citizen's notification reaches the stub;
  3. answer a handoff request: the reply reaches the stub;
  4. promote an unmatched message and see it classified;
  5. edit an FAQ answer and see the new answer in `deskbot chat` (piped);
  6. a clerk is refused the knowledge editor;
  7. a form without its CSRF token is refused;
  8. the open-data page has no phone number or message text.

Screenshots of the main pages go to docs/console/ (pass --no-screenshots to skip).
Usage: DESKBOT=.build/debug/deskbot python3 scripts/console-browser-tests.py
"""
import argparse
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOT_TOKEN = "123456:console-test"
SECRET = "tg-console-secret"
PASSWORDS = {"admin1": "admin password 1", "clerk1": "clerk password 1", "super1": "supervisor pass 1"}
CITIZEN_COMPLAINT = 470001122  # Telegram chat ids: the citizens' addresses on that channel
CITIZEN_HANDOFF = 470003344
CITIZEN_UNMATCHED = 470005566
CITIZEN_GARBAGE = 470007788
CITIZEN_LIGHT = 470009900
# Nine or more digits in a row, or an international number written with separators.
PHONE_LIKE = re.compile(r"(?<!\d)\d{9,}(?!\d)|\+\d[\d -]{7,}\d")
# A debug build loads the corpora and compiles the engine in about 15 s of CPU; on a busy machine much longer.
STARTUP = int(os.environ.get("CONSOLE_TEST_STARTUP_SECONDS", "600"))
WAIT = int(os.environ.get("CONSOLE_TEST_WAIT_SECONDS", "120"))

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- the provider stub: Telegram's sendMessage, on 127.0.0.1 ----------------------------------------------------
class Stub(http.server.BaseHTTPRequestHandler):
    sent = []
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        ok = self.path == f"/bot{BOT_TOKEN}/sendMessage"
        if ok:
            with Stub.lock:
                Stub.sent.append(json.loads(body))
                n = len(Stub.sent)
        self.send_response(200 if ok else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"ok": True, "result": {"message_id": n}} if ok else {"ok": False}).encode())

    def log_message(self, *args):
        pass


def messages_to(chat_id):
    with Stub.lock:
        return [m["text"] for m in Stub.sent if str(m.get("chat_id")) == str(chat_id)]


def wait_for(predicate, what, timeout=None):
    timeout = timeout or WAIT
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            check(True, what)
            return value
        time.sleep(0.2)
    check(False, f"{what} (waited {timeout}s)")
    return None


# ---- the desk ------------------------------------------------------------------------------------------------
class Desk:
    update_id = 1000

    def __init__(self, binary, workdir, stub_port):
        self.binary = binary
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.corpora = os.path.join(workdir, "corpora")
        shutil.copytree(os.path.join(ROOT, "corpora"), self.corpora)
        self.db = os.path.join(workdir, "desk.sqlite")
        self.config = os.path.join(workdir, "server.yaml")
        with open(self.config, "w") as f:
            f.write(
                f"public_url: {self.base}\n"
                "rate_limit_per_minute: 0\n"
                "telegram:\n"
                f"  bot_token: \"{BOT_TOKEN}\"\n"
                f"  secret_token: \"{SECRET}\"\n"
                f"  api_base_url: http://127.0.0.1:{stub_port}\n"
                "console:\n"
                "  secure_cookies: false  # plain HTTP on 127.0.0.1 in this test only\n"
            )
        self.env = dict(os.environ, DESKBOT_HASH_KEY="console-browser-test-key-0123456789")
        for name, role in (("admin1", "admin"), ("clerk1", "clerk"), ("super1", "supervisor")):
            args = [binary, "staff", "add", name, "--role", role, "--db", self.db, "--corpora", self.corpora]
            if name == "super1":
                args += ["--language", "ur"]
            subprocess.run(args, input=PASSWORDS[name] + "\n", text=True, check=True, env=self.env, capture_output=True)
        self.log = open(os.path.join(workdir, "serve.log"), "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--db", self.db, "--corpora", self.corpora,
             "--config", self.config], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(self.healthy, "deskbot serve answers /healthz", timeout=STARTUP)

    def healthy(self):
        try:
            with urllib.request.urlopen(self.base + "/healthz", timeout=1) as r:
                return r.status == 200
        except OSError:
            return False

    def telegram(self, chat_id, text):
        Desk.update_id += 1
        update = {"update_id": Desk.update_id, "message": {
            "message_id": Desk.update_id, "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": "private"}, "from": {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": "en"}}}
        request = urllib.request.Request(
            self.base + "/webhook/telegram", data=json.dumps(update).encode(),
            headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET})
        with urllib.request.urlopen(request, timeout=10) as r:
            assert r.status == 200

    def chat(self, text):
        """`deskbot chat` with piped input, on the same corpora (a database of its own)."""
        db = os.path.join(os.path.dirname(self.db), "chat.sqlite")
        out = subprocess.run(
            [self.binary, "chat", "--locale", "en", "--db", db, "--corpora", self.corpora], input=text + "\n", text=True,
            capture_output=True, env=self.env, timeout=STARTUP)
        return out.stdout

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


# ---- the browser -------------------------------------------------------------------------------------------------
def browser():
    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--lang=en-US"):
        options.add_argument(arg)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        options.binary_location = chromium
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(driver_path), options=options)


class Console:
    def __init__(self, desk, shots):
        self.desk = desk
        self.shots = shots
        self.driver = browser()
        self.driver.implicitly_wait(5)
        # A knowledge save runs every corpus check and a reload before it answers.
        self.driver.set_page_load_timeout(STARTUP)

    def go(self, path):
        self.driver.get(self.desk.base + path)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def shot(self, name, width=1280):
        if not self.shots:
            return
        os.makedirs(self.shots, exist_ok=True)
        self.driver.set_window_size(width, 1000)
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(width, min(max(height, 600), 2400))
        self.driver.save_screenshot(os.path.join(self.shots, f"{name}.png"))
        self.driver.set_window_size(1280, 1000)

    def submit(self, element):
        """Clicks a form's button and waits for the next page (its old elements go stale)."""
        element.click()
        WebDriverWait(self.driver, STARTUP).until(expected_conditions.staleness_of(element))

    def login(self, name):
        self.driver.delete_all_cookies()
        self.go("/admin/login")
        self.driver.find_element(By.ID, "username").send_keys(name)
        self.driver.find_element(By.ID, "password").send_keys(PASSWORDS[name])
        self.submit(self.driver.find_element(By.ID, "login"))

    def session_cookie(self):
        cookie = self.driver.get_cookie("deskbot_session")
        return cookie["value"] if cookie else None

    def quit(self):
        self.driver.quit()


def post_status(desk, path, fields, cookie):
    """A POST outside the browser (to read the status code), with the browser's session cookie."""
    request = urllib.request.Request(
        desk.base + path, data=urllib.parse.urlencode(fields).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"deskbot_session={cookie}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def intake(desk, chat_id, text):
    """A citizen files a complaint on Telegram, answering the intake's questions (where? confirm?) until the desk
    gives a reference; returns it."""
    desk.telegram(chat_id, text)
    for sent in range(1, 6):
        wait_for(lambda: len(messages_to(chat_id)) >= sent, f"the desk answers citizen {chat_id}")
        last = (messages_to(chat_id) or [""])[-1]
        filed = re.search(r"CMP-\d{4}-\d{6}", last)
        if filed:
            check(True, f"a complaint is filed and its reference reaches the stub ({filed.group(0)})")
            return filed.group(0)
        if "Reply with the number" in last:
            # A clarifying question ("Do you mean: 1 road, 2 streetlight?"): the citizen picks the option that
            # names their problem, as a person would.
            options = dict((label.strip().lower(), n) for n, label in re.findall(r"(\d) ([^,?]+)", last))
            named = [(len(label), n) for label, n in options.items() if label in text.lower()]
            pick = max(named)[1] if named else "1"  # the most specific option the message names
            desk.telegram(chat_id, pick)
            continue
        desk.telegram(chat_id, "yes" if "YES" in last else "Block 6, near the school")
    check(False, f"citizen {chat_id}'s complaint is filed")
    return None


def run(desk, console):
    # -- citizens write on Telegram: a complaint, a request for a person, a message the desk does not understand --
    reference = intake(desk, CITIZEN_COMPLAINT, "there is no water in Block 6 since Monday")
    garbage = intake(desk, CITIZEN_GARBAGE, "garbage has not been collected in Block 9 for a week")
    intake(desk, CITIZEN_LIGHT, "the streetlight on Main Road is broken")
    reference = reference or "CMP-0000-000000"
    desk.telegram(CITIZEN_HANDOFF, "I want to talk to a real person please")
    queued = wait_for(lambda: messages_to(CITIZEN_HANDOFF), "the handoff acknowledgement reaches the stub")
    check(bool(queued) and "within" in queued[0] and " h " in queued[0], "the citizen is told a person will answer, and roughly when")
    desk.telegram(CITIZEN_HANDOFF, "my street floods every time it rains")
    wait_for(lambda: len(messages_to(CITIZEN_HANDOFF)) >= 2, "a message during the handoff is acknowledged")
    unmatched_text = "kettle grumble zebra"
    desk.telegram(CITIZEN_UNMATCHED, unmatched_text)
    wait_for(lambda: messages_to(CITIZEN_UNMATCHED), "the not-understood message gets the fallback")

    # 1. log in
    console.go("/admin/login")
    console.shot("login", width=800)
    console.login("admin1")
    check(console.driver.current_url.endswith("/admin"), "log in: the dashboard opens")
    check("Dashboard" in console.text(), "log in: the dashboard is shown")
    check(console.driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == "ltr", "English console is left to right")

    # 2. triage a complaint: filter the queue, open it, change its status; the notification reaches the stub
    console.go("/admin/complaints")
    Select(console.driver.find_element(By.ID, "f-category")).select_by_value("water")
    console.driver.find_element(By.ID, "f-q").send_keys(reference)
    console.submit(console.driver.find_element(By.CSS_SELECTOR, "form.filters button"))
    check(reference in console.driver.current_url, "search by reference opens the complaint")
    console.go("/admin/complaints?category=water")
    check(reference in console.text(), "the queue lists the complaint under its category")
    console.shot("complaints")
    console.driver.find_element(By.LINK_TEXT, reference).click()
    Select(console.driver.find_element(By.ID, "new-status")).select_by_value("in_progress")
    console.driver.find_element(By.ID, "note").send_keys("A crew is on its way to Block 6.")
    before = len(messages_to(CITIZEN_COMPLAINT))
    console.submit(console.driver.find_element(By.ID, "change-status"))
    check(console.driver.find_element(By.ID, "current-status").text == "in_progress", "the status is changed")
    note = wait_for(lambda: [m for m in messages_to(CITIZEN_COMPLAINT)[before:] if reference in m and "A crew is on its way" in m],
                    "the citizen's status notification reaches the stub")
    check(bool(note), "the notification names the complaint and carries the note")
    console.shot("complaint")
    # A second one is resolved; the citizen rates it (the dashboard's ratings and median days)
    if garbage:
        console.go(f"/admin/complaints/{garbage}")
        Select(console.driver.find_element(By.ID, "new-status")).select_by_value("resolved")
        console.driver.find_element(By.ID, "note").send_keys("Collected this morning.")
        before = len(messages_to(CITIZEN_GARBAGE))
        console.submit(console.driver.find_element(By.ID, "change-status"))
        wait_for(lambda: len(messages_to(CITIZEN_GARBAGE)) > before, "the resolution notice (with the rating question) reaches the stub")
        desk.telegram(CITIZEN_GARBAGE, "5 very quick, thank you")
        wait_for(lambda: len(messages_to(CITIZEN_GARBAGE)) > before + 1, "the citizen's rating is thanked")

    # 3. answer the handoff: the reply reaches the stub, the conversation goes back to the bot
    console.go("/admin/handoffs")
    console.driver.find_element(By.CSS_SELECTOR, "tbody a").click()
    check("my street floods every time it rains" in console.text(), "the inbox shows the citizen's messages")
    answer = "Hello, this is Amina from the service centre: a drainage team will visit your street on Thursday."
    console.driver.find_element(By.ID, "answer").send_keys(answer)
    console.shot("handoff")
    console.submit(console.driver.find_element(By.ID, "send-answer"))
    wait_for(lambda: answer in messages_to(CITIZEN_HANDOFF), "the staff answer reaches the stub")
    desk.telegram(CITIZEN_HANDOFF, "what are the office hours")
    wait_for(lambda: any("open" in m.lower() and "within" not in m for m in messages_to(CITIZEN_HANDOFF)[-1:]),
             "after the hand-back the bot answers again")

    # 4. promote an unmatched message and see it classified
    console.go("/admin/unmatched?locale=en")
    check(unmatched_text in console.text(), "the unmatched review lists the message")
    console.shot("unmatched")
    row = console.driver.find_element(By.XPATH, f"//tr[td[contains(., '{unmatched_text}')]]")
    Select(row.find_element(By.CSS_SELECTOR, "select[name=intent]")).select_by_value("water_bill")
    console.submit(row.find_element(By.CSS_SELECTOR, "form[action$=promote] button"))
    check(console.driver.find_element(By.ID, "promoted-intent").text == "water_bill",
          "promoted: the page shows the message now classifies as water_bill")

    # 5. edit an FAQ answer and see the new answer in `deskbot chat`
    new_answer = "The Citizen Service Centre is open on weekdays from 8 to 4, at {office_address}. Closed on holidays."
    console.go("/admin/knowledge/en/faq/office_hours")
    area = console.driver.find_element(By.ID, "faq-answer")
    area.clear()
    area.send_keys("Open {no_such_placeholder}.")
    console.submit(console.driver.find_element(By.ID, "save-faq"))
    check("no_such_placeholder" in console.text() and "Not saved" in console.text(), "a broken answer is refused with the check's error")
    area = console.driver.find_element(By.ID, "faq-answer")
    area.clear()
    area.send_keys(new_answer)
    console.submit(console.driver.find_element(By.ID, "save-faq"))
    check("Saved" in console.text(), "the FAQ answer is saved")
    out = desk.chat("when is the office open?")
    check("open on weekdays from 8 to 4" in out, "deskbot chat gives the new FAQ answer")
    console.go("/admin/knowledge?locale=en")
    console.driver.find_element(By.ID, "try-text").send_keys("office timings please")
    console.submit(console.driver.find_element(By.ID, "try"))
    check("open on weekdays from 8 to 4" in console.driver.find_element(By.ID, "try-answer").text, "try it: the desk's answer is shown")
    check("office_hours" in console.driver.find_element(By.ID, "try-why").text, "try it: the engine's explanation is shown")
    console.shot("knowledge")
    console.go("/admin")
    console.shot("dashboard")
    with open(os.path.join(desk.corpora, "en", "replies.yaml")) as f:
        check(f.read().startswith("# English replies."), "the edited YAML keeps its comments")

    # 6. a clerk is refused the knowledge editor
    console.login("clerk1")
    console.go("/admin/knowledge")
    check("Your role does not allow this." in console.text(), "a clerk is refused the knowledge editor")
    check(not console.driver.find_elements(By.ID, "faq-answer"), "a clerk sees no editor")

    # 7. a form without its CSRF token is refused
    console.go(f"/admin/complaints/{reference}")
    console.driver.execute_script("document.querySelectorAll('input[name=csrf]').forEach(e => e.remove())")
    console.submit(console.driver.find_element(By.ID, "change-status"))
    check("The form has expired" in console.text(), "a form without its CSRF token is refused (page)")
    status = post_status(desk, f"/admin/complaints/{reference}/status", {"status": "resolved"}, console.session_cookie())
    check(status == 403, f"a form without its CSRF token is refused with 403 (got {status})")
    status = post_status(desk, f"/admin/complaints/{reference}/status", {"status": "resolved", "csrf": "forged"}, console.session_cookie())
    check(status == 403, f"a form with a wrong CSRF token is refused with 403 (got {status})")

    # The Urdu console: right to left
    console.login("super1")
    check(console.driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl", "the Urdu console is right to left")
    console.shot("dashboard-ur")

    # 8. the open-data page: no phone number, no message text
    console.driver.delete_all_cookies()
    console.go("/open-data")
    page = console.driver.page_source
    check("<svg" in page, "open data: charts are drawn")
    for secret in [str(CITIZEN_COMPLAINT), str(CITIZEN_HANDOFF), str(CITIZEN_UNMATCHED), str(CITIZEN_GARBAGE), str(CITIZEN_LIGHT),
                   "Block 6", "Block 9", "Main Road", "floods", unmatched_text, "crew is on its way", "very quick"]:
        check(secret not in page, f"open data does not show “{secret}”")
    match = PHONE_LIKE.search(console.text())
    check(not match, "open data shows nothing like a phone number" + (f" (found {match.group(0)!r})" if match else ""))
    for fmt in ("csv", "json"):
        with urllib.request.urlopen(f"{desk.base}/open-data.{fmt}?by=category", timeout=10) as r:
            body = r.read().decode()
        check("water" in body and "Block 6" not in body and str(CITIZEN_COMPLAINT) not in body, f"open data {fmt.upper()} download")
    console.shot("open-data")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-screenshots", action="store_true")
    args = parser.parse_args()
    binary = os.environ.get("DESKBOT") or os.path.join(ROOT, ".build", "debug", "deskbot")
    shots = None if args.no_screenshots else os.path.join(ROOT, "docs", "console")
    stub = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    workdir = tempfile.mkdtemp(prefix="deskbot-console-")
    desk = console = None
    try:
        desk = Desk(binary, workdir, stub.server_address[1])
        console = Console(desk, shots)
        run(desk, console)
    finally:
        if console:
            console.quit()
        if desk:
            desk.stop()
        stub.shutdown()
        if failures:
            print(f"serve log kept in {workdir}/serve.log", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{'FAILED' if failures else 'passed'}: {len(failures)} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
