#!/usr/bin/env python3
"""The Open311 GeoReport v2 API of `deskbot serve`, exercised by a real client from PyPI.

Starts an SMTP server (aiosmtpd) and `deskbot serve` on 127.0.0.1 with a temporary database, issues an API key
with `deskbot open311 keys add`, then drives /open311/v2/ with the `georeport` client (services, service
definitions, requests, one request; JSON and XML) and with `requests` for what georeport does not do (discovery,
POST requests, tokens, error cases). Every response is checked against the GeoReport v2 field lists, in both
formats; POST is tried without a key, with a wrong key and with the issued one. The department's e-mail for the
new request must arrive at the SMTP server.

Then forwarding: a second `deskbot serve` ("another city system") whose roads department's contact is the first
server's Open311 endpoint (its API key in the environment variable departments.yaml names) forwards a road
complaint posted to it; the first server must list it (georeport), the second record the id it was given.

Usage: DESKBOT=.build/debug/deskbot python3 scripts/open311-client.py
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import requests
from georeport import GeoReport
from aiosmtpd.controller import Controller

SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
DEFINITION_FIELDS = ["service_code", "attributes"]
ATTRIBUTE_FIELDS = ["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"]
REQUEST_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
    "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
    "lat", "long", "media_url",
]
POST_FIELDS = ["service_request_id", "token", "service_notice", "account_id"]
TOKEN_FIELDS = ["service_request_id", "token"]
ERROR_FIELDS = ["code", "description"]
DISCOVERY_FIELDS = ["changeset", "contact", "key_service", "endpoints"]
ENDPOINT_FIELDS = ["specification", "url", "changeset", "type", "formats"]

checks = 0



def stop(server):
    """Stops a `deskbot serve` process and gives its standard error."""
    server.terminate()
    try:
        return server.communicate(timeout=20)[1]
    except subprocess.TimeoutExpired:
        server.kill()
        return server.communicate()[1]

def check(condition, what):
    global checks
    checks += 1
    if not condition:
        raise AssertionError(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def json_items(response, fields, what, status=200):
    check(response.status_code == status, f"{what}: HTTP {response.status_code} (expected {status}): {response.text[:200]}")
    check(response.headers["content-type"].startswith("application/json"), f"{what}: content type {response.headers['content-type']}")
    items = response.json()
    check(isinstance(items, list), f"{what}: a JSON list")
    for item in items:
        check(sorted(item.keys()) == sorted(fields), f"{what}: JSON fields {sorted(item.keys())} != {sorted(fields)}")
    return items


def xml_items(response, root, item, fields, what, status=200):
    check(response.status_code == status, f"{what}: HTTP {response.status_code} (expected {status}): {response.text[:200]}")
    check(response.headers["content-type"].startswith("text/xml"), f"{what}: content type {response.headers['content-type']}")
    tree = ET.fromstring(response.content)
    check(tree.tag == root, f"{what}: XML root <{tree.tag}> != <{root}>")
    items = list(tree)
    for element in items:
        check(element.tag == item, f"{what}: XML item <{element.tag}> != <{item}>")
        check([c.tag for c in element] == fields, f"{what}: XML fields {[c.tag for c in element]} != {fields} (in order)")
    return items


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def main():
    root_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    deskbot = os.environ.get("DESKBOT") or os.path.join(root_dir, ".build", "debug", "deskbot")
    corpora = os.path.join(root_dir, "corpora")
    tmp = tempfile.mkdtemp(prefix="deskbot-open311-")
    db = os.path.join(tmp, "desk.sqlite")
    inbox = Inbox()
    smtp_port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    port = free_port()
    base = f"http://127.0.0.1:{port}/open311/v2"
    config = os.path.join(tmp, "server.yaml")
    with open(config, "w") as f:
        f.write(f"public_url: http://127.0.0.1:{port}\ncivic:\n  smtp_host: 127.0.0.1\n  smtp_port: {smtp_port}\n"
                "  smtp_from: desk@riverside.example.org\n  escalation_interval_seconds: 1\n")
    env = dict(os.environ, DESKBOT_HASH_KEY="open311-client-test-key-0123456789")
    common = ["--db", db, "--corpora", corpora]
    key = subprocess.run([deskbot, "open311", "keys", "add", "georeport-test", *common], env=env, check=True,
                         capture_output=True, text=True, timeout=60).stdout.strip()
    # The key the second city system forwards with (issued here, as the first city's staff would).
    forward_key = subprocess.run([deskbot, "open311", "keys", "add", "city-b", *common], env=env, check=True,
                                 capture_output=True, text=True, timeout=60).stdout.strip()
    check(key.startswith("o311_") and len(key) > 30, "the key is printed once")
    listed = subprocess.run([deskbot, "open311", "keys", "list", *common], env=env, check=True, capture_output=True, text=True).stdout
    check("georeport-test" in listed and key not in listed, "keys list shows the name, never the key")
    # A debug build on a loaded machine takes a while to load the corpora and dictionaries (start() waits 300 s).
    server = start(deskbot, ["--host", "127.0.0.1", "--port", str(port), "--config", config, *common], env)
    try:
        run(base, key, inbox)
        forwarding(deskbot, corpora, tmp, base, forward_key)
    finally:
        stderr = stop(server)
        smtp.stop()
    check(key not in stderr, "the API key never appears in the server's log")
    print(f"open311-client: {checks} checks passed (georeport {__import__('georeport').__version__}, JSON and XML)")


def run(base, key, inbox):
    # ---- discovery (requests: georeport has no call for it) ----
    d = requests.get(f"{base}/discovery.json")
    check(d.status_code == 200 and sorted(d.json().keys()) == sorted(DISCOVERY_FIELDS), f"discovery.json fields: {d.text[:200]}")
    check(sorted(d.json()["endpoints"][0].keys()) == sorted(ENDPOINT_FIELDS), "discovery.json endpoint fields")
    x = ET.fromstring(requests.get(f"{base}/discovery.xml").content)
    check(x.tag == "discovery" and [c.tag for c in x] == DISCOVERY_FIELDS, "discovery.xml fields")
    endpoint = x.find("endpoints/endpoint")
    check([c.tag for c in endpoint] == ENDPOINT_FIELDS, "discovery.xml endpoint fields")
    check([f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"], "discovery formats")

    for fmt in ("json", "xml"):
        client = GeoReport(base, api_key=key, output_format=fmt)
        # ---- services: georeport ----
        services = client.get_service_list()
        services = services if isinstance(services, list) else [services]
        codes = [s["service_code"] for s in services]
        check({"water", "garbage", "streetlight", "road"} <= set(codes), f"services ({fmt}): {codes}")
        for s in services:
            check(list(s.keys()) == SERVICE_FIELDS or sorted(s.keys()) == sorted(SERVICE_FIELDS), f"service fields ({fmt}): {list(s.keys())}")
            check(str(s["metadata"]).lower() in ("true", "false") and s["type"] in ("realtime", "batch", "blackbox"), f"service values ({fmt})")
        json_items(requests.get(f"{base}/services.json"), SERVICE_FIELDS, "services.json")
        xml_items(requests.get(f"{base}/services.xml"), "services", "service", SERVICE_FIELDS, "services.xml")
        # ---- service definition: georeport ----
        definition = client.get_service_definition("water")
        check(sorted(definition.keys()) == sorted(DEFINITION_FIELDS), f"service definition fields ({fmt}): {list(definition.keys())}")
        attributes = definition["attributes"]
        attribute = attributes[0] if isinstance(attributes, list) else attributes["attribute"]
        check(sorted(attribute.keys()) == sorted(ATTRIBUTE_FIELDS), f"attribute fields ({fmt}): {list(attribute.keys())}")
        check(attribute["code"] == "landmark", "the landmark attribute")
    tree = ET.fromstring(requests.get(f"{base}/services/water.xml").content)
    check(tree.tag == "service_definition" and [c.tag for c in tree] == DEFINITION_FIELDS, "service_definition XML")
    check([c.tag for c in tree.find("attributes/attribute")] == ATTRIBUTE_FIELDS, "attribute XML fields in order")
    json_items(requests.get(f"{base}/services/nosuch.json"), ERROR_FIELDS, "unknown service", status=404)

    # ---- POST requests (requests: georeport 0.3 cannot create requests) ----
    form = {"service_code": "water", "address_string": "G-9 Markaz, street 41", "description": "No water since Monday",
            "first_name": "Amina", "email": "amina@example.org", "attribute[landmark]": "near the mosque"}
    for fmt in ("json", "xml"):
        no_key = requests.post(f"{base}/requests.{fmt}", data=form)
        wrong_key = requests.post(f"{base}/requests.{fmt}", data={**form, "api_key": "o311_wrong"})
        for r, what in ((no_key, "without api_key"), (wrong_key, "with a wrong api_key")):
            if fmt == "json":
                errors = json_items(r, ERROR_FIELDS, f"POST {what} (json)", status=403)
                check(errors[0]["code"] == 403, "error code 403")
            else:
                errors = xml_items(r, "errors", "error", ERROR_FIELDS, f"POST {what} (xml)", status=403)
                check(errors[0].find("code").text == "403", "error code 403 (xml)")
    json_items(requests.post(f"{base}/requests.json", data={"api_key": key, "description": "x", "address_string": "y"}),
               ERROR_FIELDS, "POST without service_code", status=400)
    xml_items(requests.post(f"{base}/requests.xml", data={"api_key": key, "service_code": "water"}), "errors", "error",
              ERROR_FIELDS, "POST without a location", status=400)

    created = json_items(requests.post(f"{base}/requests.json", data={**form, "api_key": key}), POST_FIELDS, "POST requests.json", status=201)
    first = created[0]["service_request_id"]
    token = created[0]["token"]
    check(first.startswith("CMP-"), "a reference as service_request_id")
    # The same problem in Urdu script, in XML: linked as a duplicate.
    again = xml_items(requests.post(f"{base}/requests.xml", data={"api_key": key, "service_code": "water", "address_string": "جی نائن مرکز",
                                                                   "description": "پانی نہیں آ رہا", "locale": "ur"}),
                      "service_requests", "request", POST_FIELDS, "POST requests.xml", status=201)
    second = again[0].find("service_request_id").text
    check(first in (again[0].find("service_notice").text or ""), "the second report is linked to the first (service_notice)")
    pin = json_items(requests.post(f"{base}/requests.json", data={"api_key": key, "service_code": "road", "lat": "33.6938", "long": "73.0652",
                                                                   "description": "Deep pothole"}), POST_FIELDS, "POST with lat/long", status=201)
    third = pin[0]["service_request_id"]

    # ---- GET requests and requests/{id}: georeport, both formats ----
    for fmt in ("json", "xml"):
        client = GeoReport(base, output_format=fmt)
        one = client.get_service_request(first)
        check(list(one.keys()) == REQUEST_FIELDS or sorted(one.keys()) == sorted(REQUEST_FIELDS), f"request fields ({fmt}): {list(one.keys())}")
        check(one["status"] == "open" and one["service_code"] == "water", f"request values ({fmt})")
        check(one["agency_responsible"] == "Water and Sanitation Agency", f"agency_responsible from routing ({fmt}): {one['agency_responsible']}")
        check(one["expected_datetime"] and one["expected_datetime"] > one["requested_datetime"], f"expected_datetime from the service level ({fmt})")
        listed = client.get_service_requests(service_request_id=f"{first},{third}")
        listed = listed if isinstance(listed, list) else [listed]
        check(sorted(r["service_request_id"] for r in listed) == sorted([first, third]), f"service_request_id list ({fmt})")
        roads = client.get_service_requests(service_code="road", status="open")
        roads = roads if isinstance(roads, list) else [roads]
        check([r["service_request_id"] for r in roads] == [third], f"service_code + status filter ({fmt})")
        pinned = roads[0]
        check(float(pinned["lat"]) == 33.6938 and float(pinned["long"]) == 73.0652, f"lat/long of a pinned report ({fmt})")
        closed = client.get_service_requests(status="closed") if fmt == "json" else []
        check(closed == [], "no closed requests yet")
    json_items(requests.get(f"{base}/requests.json", params={"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-12-31T00:00:00Z"}),
               ERROR_FIELDS, "a date range over 90 days", status=400)
    xml_items(requests.get(f"{base}/requests.xml", params={"status": "pending"}), "errors", "error", ERROR_FIELDS, "a bad status", status=400)
    xml_items(requests.get(f"{base}/requests/{first}.xml"), "service_requests", "request", REQUEST_FIELDS, "requests/{id}.xml")
    json_items(requests.get(f"{base}/requests/{second}.json"), REQUEST_FIELDS, "requests/{id}.json (the linked one)")
    json_items(requests.get(f"{base}/requests/CMP-1999-000001.json"), ERROR_FIELDS, "an unknown request", status=404)

    # ---- tokens (requests) ----
    t = json_items(requests.get(f"{base}/tokens/{token}.json"), TOKEN_FIELDS, "tokens/{id}.json")
    check(t[0]["service_request_id"] == first, "the token names the request")
    xml_items(requests.get(f"{base}/tokens/{token}.xml"), "service_requests", "request", TOKEN_FIELDS, "tokens/{id}.xml")
    xml_items(requests.get(f"{base}/tokens/nosuch.xml"), "errors", "error", ERROR_FIELDS, "an unknown token", status=404)

    # ---- the department's e-mail arrives (SMTP relay: aiosmtpd) ----
    for _ in range(100):
        if any("water@riverside.example.org" in rcpts for rcpts, _ in inbox.messages):
            break
        time.sleep(0.1)
    mails = [content for rcpts, content in inbox.messages if "water@riverside.example.org" in rcpts]
    check(len(mails) == 1, f"one e-mail to the water department (got {len(inbox.messages)} in all)")
    check(first.encode() in mails[0], "the e-mail names the request")


def start(deskbot, args, env):
    """Starts `deskbot serve` and waits for /healthz."""
    port = args[args.index("--port") + 1]
    server = subprocess.Popen([deskbot, "serve", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 300
    while time.time() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"deskbot serve exited: {server.stderr.read()[-2000:]}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return server
        except requests.ConnectionError:
            time.sleep(0.2)
    server.kill()
    raise AssertionError("deskbot serve did not start")


def forwarding(deskbot, corpora, tmp, base, forward_key):
    # ---- a department contact that is an Open311 endpoint: city B forwards its road complaints to us ----
    city_b = os.path.join(tmp, "city-b")
    corpora_b = os.path.join(city_b, "corpora")
    shutil.copytree(corpora, corpora_b)
    path = os.path.join(corpora_b, "departments.yaml")
    with open(path) as f:
        yaml = f.read()
    roads = "    contact: {email: roads@riverside.example.org}"
    check(roads in yaml, "the bundled roads department has an e-mail contact")
    yaml = yaml.replace(roads, f'    contact: {{open311: "{base}", service_code: road, api_key_env: ROADS_311_KEY, jurisdiction_id: city-b}}')
    with open(path, "w") as f:
        f.write(yaml)
    db_b = os.path.join(city_b, "desk.sqlite")
    port_b = free_port()
    config_b = os.path.join(city_b, "server.yaml")
    with open(config_b, "w") as f:
        f.write(f"public_url: http://127.0.0.1:{port_b}\ncivic:\n  escalation_interval_seconds: 1\n")
    env_b = dict(os.environ, DESKBOT_HASH_KEY="open311-client-city-b-key-0123456789", ROADS_311_KEY=forward_key)
    common_b = ["--db", db_b, "--corpora", corpora_b]
    check(subprocess.run([deskbot, "check", "--corpora", corpora_b], env=env_b, capture_output=True, text=True).returncode == 0,
          "deskbot check accepts the Open311 contact")
    key_b = subprocess.run([deskbot, "open311", "keys", "add", "test", *common_b], env=env_b, check=True,
                           capture_output=True, text=True, timeout=60).stdout.strip()
    server_b = start(deskbot, ["--host", "127.0.0.1", "--port", str(port_b), "--config", config_b, *common_b], env_b)
    try:
        created = json_items(requests.post(f"http://127.0.0.1:{port_b}/open311/v2/requests.json",
                                           data={"api_key": key_b, "service_code": "road", "address_string": "Block 4, Canal Road",
                                                 "description": "Streetlights out and a deep pothole"}),
                             POST_FIELDS, "POST requests.json (city B)", status=201)
        reference_b = created[0]["service_request_id"]
        client = GeoReport(base, output_format="json")
        forwarded = []
        for _ in range(300):
            listed = client.get_service_requests(service_code="road")
            listed = listed if isinstance(listed, list) else [listed]
            forwarded = [r for r in listed if reference_b in (r.get("description") or "")]
            if forwarded:
                break
            time.sleep(0.1)
        check(len(forwarded) == 1, f"city B's complaint {reference_b} was forwarded to our Open311 endpoint")
        check("deep pothole" in forwarded[0]["description"] and forwarded[0]["address"].startswith("Block 4"), "with its description and place")
        ours = forwarded[0]["service_request_id"]
        shown = ""
        for _ in range(100):
            shown = subprocess.run([deskbot, "complaints", "show", reference_b, *common_b], env=env_b, capture_output=True, text=True).stdout
            if "forwarded:" in shown:
                break
            time.sleep(0.1)
        check(f"forwarded:   {ours}" in shown, f"city B keeps the id our endpoint gave: {shown[-400:]}")
    finally:
        stderr_b = stop(server_b)
    check(forward_key not in stderr_b, "the forwarding API key never appears in city B's log")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"open311-client: FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
