"""Data sources end to end: the seed's request (template + data_source_id +
filters + outputs) against each kind -- records kept by s2d, a loopback
HTTP JSON API, a real PostgreSQL server and a real SQLite file -- plus the
generation semantics, errors, secrets and the records upload."""
import csv
import io
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time

import pytest
import requests

from harness import Server, assert_error, free_port
from sources_support import JsonServer, Postgres, pdftotext

QBR = """---
title: QBR {{name}}
---
# Quarterly review: {{name}}

Account {{account_id}}, quarter {{quarter}}.

{{#each items}}- {{sku}} x {{qty}}
{{/each}}
"""

ACCOUNTS = [
    {"account_id": 41, "quarter": "2026-Q3", "name": "Wombat Freight",
     "items": [{"sku": "W-1", "qty": 1}]},
    {"account_id": 42, "quarter": "2026-Q3", "name": "Quokka Logistics",
     "items": [{"sku": "Q-100", "qty": 3}, {"sku": "Q-200", "qty": 5}]},
    {"account_id": 42, "quarter": "2026-Q2", "name": "Quokka Last Quarter",
     "items": [{"sku": "Q-OLD", "qty": 9}]},
]
SEED_FILTERS = {"account_id": "42", "quarter": "2026-Q3"}
PG_PASSWORD_MARK = "s2d:s2d@"  # the test server's credentials, never to be shown or logged


@pytest.fixture(scope="module")
def sqlite_dir():
    directory = tempfile.mkdtemp(prefix="s2d-e2e-sqlite-")
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def server(sqlite_dir):
    s = Server(env={"S2D_EGRESS_ALLOW": "127.0.0.0/8", "S2D_SQLITE_DIR": sqlite_dir,
                    "S2D_LOG_LEVEL": "info"}).start()
    yield s
    s.stop()
    shutil.rmtree(s.data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres():
    pg = Postgres()
    pg.psql("""
        DROP TABLE IF EXISTS e2e_items; DROP TABLE IF EXISTS e2e_accounts;
        CREATE TABLE e2e_accounts (account_id int, account_code text, quarter text, name text);
        CREATE TABLE e2e_items (account_id int, quarter text, sku text, qty int);
    """)
    for a in ACCOUNTS:
        pg.psql("INSERT INTO e2e_accounts VALUES (%d, '%d', '%s', '%s')" %
                (a["account_id"], a["account_id"], a["quarter"], a["name"]))
        for item in a["items"]:
            pg.psql("INSERT INTO e2e_items VALUES (%d, '%s', '%s', %d)" %
                    (a["account_id"], a["quarter"], item["sku"], item["qty"]))
    yield pg
    pg.close()


@pytest.fixture(scope="module")
def seed_outputs(server):
    """The seed asks for ["pdf", "pptx"]; this build may not render pptx yet
    (the office renderers), then md stands in for it."""
    t = server.create_template("# probe\n")
    r = server.post("/v1/templates/%s/preview" % t["id"], {"format": "pptx", "data": {}})
    return ["pdf", "pptx"] if r.status_code == 200 else ["pdf", "md"]


@pytest.fixture(scope="module")
def qbr(server):
    return server.create_template(QBR, name="QBR")


def text_of(markdown):
    """Merged Markdown with the template engine's escaping undone, for comparing text."""
    return re.sub(r"\\(.)", r"\1", markdown)


def create_source(server, body):
    r = server.post("/v1/data_sources", body)
    assert r.status_code == 201, r.text
    return r.json()


def seed_request(server, template_id, source_id, outputs, idempotency_key=None, filters=SEED_FILTERS):
    headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
    return server.post("/v1/generations", {"template_id": template_id, "data_source_id": source_id,
                                           "filters": filters, "outputs": outputs}, headers=headers)


def assert_quokka_q3(server, generation, outputs):
    assert generation["status"] == "completed", generation
    assert [o["format"] for o in generation["outputs"]] == outputs
    pdf = requests.get(generation["outputs"][0]["url"]).content
    text = pdftotext(pdf)
    assert "Quarterly review: Quokka Logistics" in text, text
    assert "Q-100 x 3" in text and "Q-200 x 5" in text, text
    for other in ("Wombat", "Last Quarter", "Q-OLD"):
        assert other not in text, text


def records_source(server):
    src = create_source(server, {"kind": "records", "name": "accounts"})
    r = server.post("/v1/data_sources/%s/records" % src["id"], ACCOUNTS)
    assert r.status_code == 200, r.text
    assert r.json()["appended"] == 3 and r.json()["record_count"] == 3
    return src


# --- The seed's request against each kind -----------------------------------------------------------


def test_seed_request_against_records_source(server, qbr, seed_outputs):
    src = records_source(server)
    r = seed_request(server, qbr["id"], src["id"], seed_outputs, idempotency_key="account-42-qbr-q3-2026")
    assert r.status_code == 202, r.text
    assert r.json()["data_source_id"] == src["id"] and r.json()["filters"] == SEED_FILTERS
    assert_quokka_q3(server, server.wait_for(r.json()["id"]), seed_outputs)
    again = seed_request(server, qbr["id"], src["id"], seed_outputs, idempotency_key="account-42-qbr-q3-2026")
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json()["id"] == r.json()["id"]


def test_seed_request_against_http_source(server, qbr, seed_outputs):
    def respond(path, query, headers):
        if headers.get("Authorization") != "Bearer crm-token-5309":
            return 401, {"error": "unauthorized"}
        matching = [a for a in ACCOUNTS
                    if all(str(a.get(k)) == v for k, v in query.items() if k in ("account_id", "quarter"))]
        return 200, {"data": {"accounts": matching}}

    api = JsonServer(respond)
    try:
        src = create_source(server, {"kind": "http", "name": "crm", "url": api.url + "/accounts?region=emea",
                                     "headers": {"Authorization": "Bearer crm-token-5309"},
                                     "records_pointer": "/data/accounts"})
        assert src["headers"] == {"Authorization": "***"}
        r = seed_request(server, qbr["id"], src["id"], seed_outputs)
        assert r.status_code == 202, r.text
        assert_quokka_q3(server, server.wait_for(r.json()["id"]), seed_outputs)
        sent = api.requests[-1]
        assert sent["path"] == "/accounts"
        assert sent["query"] == {"region": "emea", "account_id": "42", "quarter": "2026-Q3"}
    finally:
        api.close()
    assert "crm-token-5309" not in server.log()
    assert "crm-token-5309" not in server.get("/v1/data_sources/" + src["id"]).text


def test_seed_request_against_postgres_source(server, qbr, seed_outputs, postgres):
    src = create_source(server, {
        "kind": "postgres", "name": "warehouse", "connection_string": postgres.url,
        "query": "SELECT account_id, quarter, name FROM e2e_accounts "
                 "WHERE account_id = :account_id AND quarter = :quarter",
        "children": {"items": "SELECT sku, qty FROM e2e_items "
                              "WHERE account_id = :account_id AND quarter = :quarter ORDER BY sku"}})
    assert src["connection_string"] == "***"
    r = seed_request(server, qbr["id"], src["id"], seed_outputs)
    assert r.status_code == 202, r.text
    assert_quokka_q3(server, server.wait_for(r.json()["id"]), seed_outputs)
    assert PG_PASSWORD_MARK not in server.get("/v1/data_sources/" + src["id"]).text
    assert PG_PASSWORD_MARK not in server.log()


def test_seed_request_against_sqlite_source(server, qbr, seed_outputs, sqlite_dir):
    os.makedirs(os.path.join(sqlite_dir, "crm"), exist_ok=True)
    db = sqlite3.connect(os.path.join(sqlite_dir, "crm", "accounts.db"))
    db.execute("CREATE TABLE accounts (account_id INTEGER, quarter TEXT, name TEXT)")
    db.execute("CREATE TABLE items (account_id INTEGER, quarter TEXT, sku TEXT, qty INTEGER)")
    for a in ACCOUNTS:
        db.execute("INSERT INTO accounts VALUES (?, ?, ?)", (a["account_id"], a["quarter"], a["name"]))
        for item in a["items"]:
            db.execute("INSERT INTO items VALUES (?, ?, ?, ?)", (a["account_id"], a["quarter"], item["sku"], item["qty"]))
    db.commit()
    db.close()
    src = create_source(server, {
        "kind": "sqlite", "name": "local", "path": "crm/accounts.db",
        "query": "SELECT account_id, quarter, name FROM accounts WHERE account_id = :account_id AND quarter = :quarter",
        "children": {"items": "SELECT sku, qty FROM items WHERE account_id = :account_id AND quarter = :quarter "
                              "ORDER BY sku"}})
    r = seed_request(server, qbr["id"], src["id"], seed_outputs)
    assert r.status_code == 202, r.text
    assert_quokka_q3(server, server.wait_for(r.json()["id"]), seed_outputs)
    assert_error(server.post("/v1/data_sources", {"kind": "sqlite", "path": "../etc/passwd", "query": "SELECT 1"}),
                 400, "parameter_invalid")


# --- PostgreSQL: injection, query errors, read-only ----------------------------------------------------


def test_sql_injection_through_filters_matches_nothing_and_changes_nothing(server, qbr, postgres):
    before = postgres.psql("SELECT count(*) || ':' || string_agg(name, ',' ORDER BY name) FROM e2e_accounts")
    by_code = create_source(server, {
        "kind": "postgres", "connection_string": postgres.url,
        "query": "SELECT account_id, quarter, name, '[]'::json AS items FROM e2e_accounts "
                 "WHERE account_code = :account_id AND quarter = :quarter"})
    by_id = create_source(server, {
        "kind": "postgres", "connection_string": postgres.url,
        "query": "SELECT account_id, quarter, name, '[]'::json AS items FROM e2e_accounts "
                 "WHERE account_id = :account_id AND quarter = :quarter"})
    attempts = ["42' OR '1'='1", "42'; DELETE FROM e2e_accounts; --", "42); DROP TABLE e2e_items; --"]
    for attempt in attempts:
        filters = {"account_id": attempt, "quarter": "2026-Q3"}
        g = server.wait_for(seed_request(server, qbr["id"], by_code["id"], ["pdf"], filters=filters).json()["id"])
        assert g["status"] == "failed" and g["error"]["code"] == "no_records_matched", g
        g = server.wait_for(seed_request(server, qbr["id"], by_id["id"], ["pdf"], filters=filters).json()["id"])
        # Compared as an integer: not a number, so an error, never a match.
        assert g["status"] == "failed" and g["error"]["code"] == "data_source_query_failed", g
        assert g["error"]["context"]["sqlstate"] == "22P02", g
    assert postgres.psql("SELECT count(*) || ':' || string_agg(name, ',' ORDER BY name) FROM e2e_accounts") == before
    assert postgres.psql("SELECT count(*) FROM e2e_items") == "4"


def test_query_error_carries_the_database_message(server, qbr, postgres):
    src = create_source(server, {"kind": "postgres", "connection_string": postgres.url,
                                 "query": "SELECT * FROM e2e_acounts WHERE account_id = :account_id AND quarter = :quarter"})
    g = server.wait_for(seed_request(server, qbr["id"], src["id"], ["pdf"]).json()["id"])
    assert g["status"] == "failed"
    error = g["error"]
    assert error["type"] == "data_source_error" and error["code"] == "data_source_query_failed"
    assert 'relation "e2e_acounts" does not exist' in error["message"]
    assert error["context"]["data_source_id"] == src["id"] and error["context"]["sqlstate"] == "42P01"

    writer = create_source(server, {"kind": "postgres", "connection_string": postgres.url,
                                    "query": "DELETE FROM e2e_accounts WHERE account_id = :account_id "
                                             "AND quarter = :quarter RETURNING *"})
    g = server.wait_for(seed_request(server, qbr["id"], writer["id"], ["pdf"]).json()["id"])
    assert g["error"]["code"] == "data_source_query_failed" and "read-only" in g["error"]["message"]
    assert postgres.psql("SELECT count(*) FROM e2e_accounts") == "3"


def test_unreachable_postgres_names_the_source(server, qbr):
    src = create_source(server, {"kind": "postgres",
                                 "connection_string": "postgresql://nobody:secret-pw@127.0.0.1:%d/x" % free_port(),
                                 "query": "SELECT 1 AS x WHERE :account_id::text = :quarter"})
    g = server.wait_for(seed_request(server, qbr["id"], src["id"], ["pdf"]).json()["id"])
    assert g["error"]["code"] == "data_source_unreachable" and g["error"]["context"]["data_source_id"] == src["id"]
    assert "secret-pw" not in g["error"]["message"] and "secret-pw" not in server.log()


# --- HTTP: down and slow sources -----------------------------------------------------------------------


def test_http_source_that_is_down_is_unreachable(server, qbr):
    src = create_source(server, {"kind": "http", "url": "http://127.0.0.1:%d/accounts" % free_port()})
    g = server.wait_for(seed_request(server, qbr["id"], src["id"], ["pdf"]).json()["id"])
    assert g["status"] == "failed"
    assert g["error"]["type"] == "data_source_error" and g["error"]["code"] == "data_source_unreachable"
    assert g["error"]["context"]["data_source_id"] == src["id"]


def test_slow_http_source_is_unreachable_within_its_timeout(server, qbr):
    api = JsonServer(lambda path, query, headers: (200, ACCOUNTS))
    api.delay_seconds = 10
    try:
        src = create_source(server, {"kind": "http", "url": api.url + "/slow", "timeout_ms": 800})
        started = time.time()
        r = seed_request(server, qbr["id"], src["id"], ["pdf"])
        g = server.wait_for(r.json()["id"], timeout=20)
        elapsed = time.time() - started
        print("slow source failed after %.2f s (timeout 0.8 s)" % elapsed)
        assert g["status"] == "failed" and g["error"]["code"] == "data_source_unreachable", g
        assert g["error"]["context"]["data_source_id"] == src["id"]
        assert elapsed < 5, elapsed
    finally:
        api.close()


def test_http_source_refused_by_the_egress_guard(make_server):
    # Without the allow-list, loopback is a forbidden address.
    guarded = make_server().start()
    t = guarded.create_template(QBR)
    api = JsonServer(lambda path, query, headers: (200, ACCOUNTS))
    try:
        src = guarded.post("/v1/data_sources", {"kind": "http", "url": api.url + "/accounts"}).json()
        g = guarded.wait_for(seed_request(guarded, t["id"], src["id"], ["pdf"]).json()["id"])
        assert g["error"]["code"] == "data_source_unreachable", g
        assert g["error"]["context"].get("net_error") == "egress_refused", g
        assert api.requests == []
    finally:
        api.close()


# --- Generation semantics ----------------------------------------------------------------------------


def test_zero_several_and_per_record_matches(server):
    src = records_source(server)
    listing = server.create_template("# Accounts\n\n{{#each records}}- {{name}} ({{quarter}})\n{{/each}}\n")
    g = server.wait_for(server.post("/v1/generations", {"template_id": listing["id"], "data_source_id": src["id"],
                                                        "filters": {"account_id": 42}, "outputs": ["md"]}).json()["id"])
    assert g["status"] == "completed", g
    md = text_of(requests.get(g["outputs"][0]["url"]).text)
    assert "- Quokka Logistics (2026-Q3)" in md and "- Quokka Last Quarter (2026-Q2)" in md and "Wombat" not in md

    none = server.wait_for(server.post("/v1/generations", {"template_id": listing["id"], "data_source_id": src["id"],
                                                           "filters": {"account_id": "99"},
                                                           "outputs": ["md"]}).json()["id"])
    assert none["status"] == "failed"
    assert none["error"]["type"] == "data_source_error" and none["error"]["code"] == "no_records_matched"

    letters = server.create_template("---\ndocuments: per_record\n---\n# Letter to {{name}}\n", name="letters",
                                     required_fields=["name"])
    assert letters["documents"] == "per_record"
    g = server.wait_for(server.post("/v1/generations", {"template_id": letters["id"], "data_source_id": src["id"],
                                                        "filters": {"quarter": "2026-Q3"},
                                                        "outputs": ["pdf", "md"],
                                                        "options": {"filename": "letter"}}).json()["id"])
    assert g["status"] == "completed", g
    assert [(o["record_index"], o["format"]) for o in g["outputs"]] == [(0, "pdf"), (0, "md"), (1, "pdf"), (1, "md")]
    texts = [text_of(requests.get(o["url"]).text) for o in g["outputs"] if o["format"] == "md"]
    assert texts == ["# Letter to Wombat Freight\n", "# Letter to Quokka Logistics\n"]
    pdf = requests.get(g["outputs"][2]["url"])
    assert 'filename="letter-2.pdf"' in pdf.headers["Content-Disposition"]
    assert "Quokka Logistics" in pdftotext(pdf.content)


def test_default_source_and_template_field_map(server):
    src = create_source(server, {"kind": "records", "name": "crm export",
                                 "field_map": {"acct_name": "customer.name"}})
    server.post("/v1/data_sources/%s/records" % src["id"],
                [{"acct_name": "Ada Lovelace", "acct_no": "A-7", "city": "London"},
                 {"acct_name": "Grace Hopper", "acct_no": "A-8", "city": "Arlington"}])
    t = server.create_template("# Dear {{customer.name}}\n\nAccount {{customer.number}} in {{town}}.\n")
    assert_error(server.post("/v1/generations", {"template_id": t["id"], "outputs": ["md"]}), 400, "parameter_invalid")
    r = server.request("PATCH", "/v1/templates/" + t["id"],
                       json={"default_data_source_id": src["id"], "field_map": {"acct_no": "customer.number", "city": "town"}})
    assert r.status_code == 200, r.text
    assert r.json()["default_data_source_id"] == src["id"]
    # No data and no data_source_id: the template's wiring supplies both.
    g = server.wait_for(server.post("/v1/generations", {"template_id": t["id"], "filters": {"acct_no": "A-8"},
                                                        "outputs": ["md"]}).json()["id"])
    assert g["status"] == "completed" and g["data_source_id"] == src["id"], g
    assert text_of(requests.get(g["outputs"][0]["url"]).text) == "# Dear Grace Hopper\n\nAccount A-8 in Arlington.\n"
    # Another source named explicitly does not get the template's wiring.
    other = records_source(server)
    g = server.wait_for(server.post("/v1/generations", {"template_id": t["id"], "data_source_id": other["id"],
                                                        "filters": {"account_id": 41}, "outputs": ["md"]}).json()["id"])
    assert g["status"] == "failed" and g["error"]["code"] == "missing_required_field", g
    assert_error(server.request("PATCH", "/v1/templates/" + t["id"], json={"default_data_source_id": "src_nope"}),
                 404, "resource_missing")


def test_deleted_source_fails_generations_clearly(server, qbr):
    src = records_source(server)
    r = server.request("DELETE", "/v1/data_sources/" + src["id"])
    assert r.status_code == 200 and r.json() == {"id": src["id"], "object": "data_source", "deleted": True}
    assert_error(server.get("/v1/data_sources/" + src["id"]), 404, "resource_missing")
    assert_error(seed_request(server, qbr["id"], src["id"], ["pdf"]), 404, "resource_missing")


# --- Records: CSV, typing, index ----------------------------------------------------------------------


def test_csv_upload_types_values_where_unambiguous(server):
    src = create_source(server, {"kind": "records"})
    body = ("\ufeffaccount_id,quarter,name,revenue,active,code,note\r\n"
            '42,2026-Q3,"Quokka, GmbH",12.5,true,"42",\r\n'
            '43,2026-Q3,Numbat,12.50,false,007,"multi\nline"\r\n')
    r = server.request("POST", "/v1/data_sources/%s/records" % src["id"], data=body.encode(),
                       headers={"Content-Type": "text/csv; charset=utf-8"})
    assert r.status_code == 200 and r.json()["appended"] == 2, r.text
    sample = server.post("/v1/data_sources/%s/test" % src["id"], {"filters": {"account_id": "43"}}).json()
    assert sample["ok"] is True
    assert sample["sample"] == {"account_id": 43, "quarter": "2026-Q3", "name": "Numbat", "revenue": "12.50",
                                "active": False, "code": "007", "note": "multi\nline"}
    first = server.post("/v1/data_sources/%s/test" % src["id"], {"filters": {"code": "42"}}).json()["sample"]
    assert first["code"] == "42" and first["revenue"] == 12.5 and first["active"] is True and first["note"] == ""
    # Multipart upload of a CSV file.
    r = server.request("POST", "/v1/data_sources/%s/records" % src["id"],
                       files={"file": ("more.csv", b"account_id,name\n44,Bilby\n", "text/csv")})
    assert r.status_code == 200 and r.json()["record_count"] == 3, r.text
    e = assert_error(server.request("POST", "/v1/data_sources/%s/records" % src["id"], data=b"a,b\n1,2,3\n",
                                    headers={"Content-Type": "text/csv"}), 400, "parameter_invalid")
    assert "line 2" in e["message"]
    assert_error(server.post("/v1/data_sources/%s/records" % src["id"], [1, 2]), 400, "parameter_invalid")
    http_src = create_source(server, {"kind": "http", "url": "http://127.0.0.1:9/x"})
    assert_error(server.post("/v1/data_sources/%s/records" % http_src["id"], [{"a": 1}]), 400, "parameter_invalid")


def test_large_records_source_filters_through_the_index(server):
    src = create_source(server, {"kind": "records", "name": "big"})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["account_id", "region", "name"])
    for i in range(20000):
        writer.writerow([i, ["emea", "amer", "apac"][i % 3], "Account %05d" % i])
    started = time.time()
    r = server.request("POST", "/v1/data_sources/%s/records" % src["id"], data=out.getvalue().encode(),
                       headers={"Content-Type": "text/csv"})
    assert r.status_code == 200 and r.json()["record_count"] == 20000, r.text
    print("append 20,000 CSV records: %.2f s" % (time.time() - started))
    t = server.create_template("# {{name}} ({{region}})\n")
    started = time.time()
    g = server.wait_for(server.post("/v1/generations", {"template_id": t["id"], "data_source_id": src["id"],
                                                        "filters": {"account_id": "15002", "region": "apac"},
                                                        "outputs": ["md"]}).json()["id"])
    print("filtered generation from 20,000 records: %.3f s" % (time.time() - started))
    assert g["status"] == "completed", g
    assert text_of(requests.get(g["outputs"][0]["url"]).text) == "# Account 15002 (apac)\n"
    g = server.wait_for(server.post("/v1/generations", {"template_id": t["id"], "data_source_id": src["id"],
                                                        "filters": {"account_id": "15002", "region": "emea"},
                                                        "outputs": ["md"]}).json()["id"])
    assert g["error"]["code"] == "no_records_matched", g


# --- Resource management: test, PATCH, secrets, list ---------------------------------------------------


def test_test_route_reports_sample_or_error(server, postgres):
    src = create_source(server, {"kind": "postgres", "connection_string": postgres.url,
                                 "query": "SELECT name FROM e2e_accounts WHERE :account_id::int IS NULL "
                                          "OR account_id = :account_id ORDER BY quarter DESC, account_id"})
    r = server.request("POST", "/v1/data_sources/%s/test" % src["id"])  # no body: every parameter NULL
    assert r.status_code == 200, r.text
    assert r.json()["ok"] is True and r.json()["sample"] == {"name": "Wombat Freight"}
    r = server.post("/v1/data_sources/%s/test" % src["id"], {"filters": {"account_id": 42}})
    assert r.json()["sample"] == {"name": "Quokka Logistics"}
    down = create_source(server, {"kind": "http", "url": "http://127.0.0.1:%d/" % free_port()})
    r = server.post("/v1/data_sources/%s/test" % down["id"], {})
    assert r.status_code == 200 and r.json()["ok"] is False
    assert r.json()["error"]["code"] == "data_source_unreachable"
    assert_error(server.post("/v1/data_sources/src_missing/test", {}), 404, "resource_missing")


def test_patch_keeps_secrets_and_refuses_the_marker(server, qbr, postgres):
    src = create_source(server, {"kind": "postgres", "connection_string": postgres.url,
                                 "query": "SELECT 1 AS x WHERE :account_id = 'none' AND :quarter = ''"})
    patched = server.request("PATCH", "/v1/data_sources/" + src["id"], json={
        "name": "warehouse", "query": "SELECT account_id, quarter, name, '[]'::json AS items FROM e2e_accounts "
                                      "WHERE account_code = :account_id AND quarter = :quarter"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["name"] == "warehouse" and patched.json()["connection_string"] == "***"
    g = server.wait_for(seed_request(server, qbr["id"], src["id"], ["md"]).json()["id"])
    assert g["status"] == "completed", g  # the stored connection string still works
    e = assert_error(server.request("PATCH", "/v1/data_sources/" + src["id"], json={"connection_string": "***"}),
                     400, "parameter_invalid")
    assert e["param"] == "connection_string"
    assert_error(server.request("PATCH", "/v1/data_sources/" + src["id"], json={"kind": "http"}), 400,
                 "parameter_invalid")
    assert_error(server.request("PATCH", "/v1/data_sources/" + src["id"], json={"url": "http://x"}), 400,
                 "parameter_unknown")
    listed = server.get("/v1/data_sources?kind=postgres&limit=100").json()
    assert listed["object"] == "list" and src["id"] in [d["id"] for d in listed["data"]]
    assert all(d["connection_string"] == "***" for d in listed["data"])
    assert PG_PASSWORD_MARK not in server.log()


def test_bad_data_source_bodies_name_the_field(server):
    e = assert_error(server.post("/v1/data_sources", {"kind": "postgres", "query": "SELECT 1"}), 400,
                     "parameter_missing")
    assert e["param"] == "connection_string"
    e = assert_error(server.post("/v1/data_sources", {"kind": "http", "url": "ftp://x"}), 400, "parameter_invalid")
    assert e["param"] == "url"
    e = assert_error(server.post("/v1/data_sources", {"kind": "records", "url": "http://x"}), 400,
                     "parameter_unknown")
    assert e["param"] == "url"
    assert_error(server.post("/v1/data_sources", {"kind": "mongodb"}), 400, "parameter_invalid")


def test_concurrent_appends_keep_every_record(server):
    src = create_source(server, {"kind": "records"})
    results = []

    def append(n):
        r = server.post("/v1/data_sources/%s/records" % src["id"], [{"batch": n, "row": i} for i in range(50)])
        results.append(r.status_code)

    threads = [threading.Thread(target=append, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 8
    assert server.get("/v1/data_sources/" + src["id"]).json()["record_count"] == 400
    t = server.create_template("{{#each records}}{{batch}}-{{row}} {{/each}}\n")
    g = server.wait_for(server.post("/v1/generations", {"template_id": t["id"], "data_source_id": src["id"],
                                                        "filters": {"row": 7}, "outputs": ["md"]}).json()["id"])
    assert sorted(text_of(requests.get(g["outputs"][0]["url"]).text).split()) == sorted("%d-7" % n for n in range(8))


# --- Credentials at rest ------------------------------------------------------------------------------


def test_source_credentials_are_sealed_at_rest_and_still_work(make_server, postgres):
    """No connection string or header value anywhere in the data dir (RocksDB
    files, logs, output files) after the sources were created, used,
    patched and used again."""
    token = "tok-" + os.urandom(8).hex()
    api = JsonServer(lambda path, query, headers: (200, [{"account_id": "42", "quarter": "2026-Q3", "name": "Quokka"}])
                     if headers.get("X-Api-Token") == token else (401, {"error": "no token"}))
    s = make_server(env={"S2D_EGRESS_ALLOW": "127.0.0.0/8"}).start()
    try:
        http = create_source(s, {"kind": "http", "name": "crm", "url": api.url + "/accounts",
                                 "headers": {"X-Api-Token": token}})
        pg = create_source(s, {"kind": "postgres", "name": "warehouse", "connection_string": postgres.url,
                               "query": "SELECT name FROM e2e_accounts "
                                        "WHERE account_id = :account_id AND quarter = :quarter"})
        tpl = s.create_template("# {{name}}\n")
        for source in (http, pg):
            r = s.post(f"/v1/data_sources/{source['id']}/test", {"filters": SEED_FILTERS})
            assert r.status_code == 200 and r.json()["ok"], r.text
            g = s.post("/v1/generations", {"template_id": tpl["id"], "data_source_id": source["id"],
                                           "filters": SEED_FILTERS, "outputs": ["md"]})
            done = s.wait_for(g.json()["id"])
            assert done["status"] == "completed", done
        # A PATCH that leaves the secrets out keeps them (the stored config is opened, merged, sealed again).
        r = s.request("PATCH", "/v1/data_sources/" + http["id"], json={"description": "CRM accounts"})
        assert r.status_code == 200 and r.json()["headers"]["X-Api-Token"] == "***", r.text
        r = s.post(f"/v1/data_sources/{http['id']}/test", {"filters": SEED_FILTERS})
        assert r.json()["ok"], r.text
        assert api.requests[-1]["headers"]["X-Api-Token"] == token
    finally:
        api.close()
    assert s.stop() == 0
    password = postgres.url.split("://", 1)[1].split("@", 1)[0]
    for root, _, files in os.walk(s.data_dir):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                content = f.read()
            for secret in (token, password, postgres.url):
                assert secret.encode() not in content, f"{secret!r} found in {os.path.join(root, name)}"


# --- Several matching records -------------------------------------------------------------------------


def test_a_missing_field_in_several_matched_records_says_what_the_template_received(server):
    src = create_source(server, {"kind": "records", "name": "two-accounts"})
    r = server.post("/v1/data_sources/%s/records" % src["id"],
                    [{"region": "EU", "name": "Quokka"}, {"region": "EU", "name": "Wombat"}])
    assert r.status_code == 200, r.text
    tpl = server.create_template("# Account {{name}}\n")
    g = server.post("/v1/generations", {"template_id": tpl["id"], "data_source_id": src["id"],
                                        "filters": {"region": "EU"}, "outputs": ["md"]})
    failed = server.wait_for(g.json()["id"])
    assert failed["status"] == "failed"
    error = failed["error"]
    assert error["code"] == "missing_required_field" and error["placeholder"] == "name", error
    assert error["context"]["records_matched"] == 2 and error["context"]["received"] == "records", error
    assert "matched 2 records" in error["message"] and "{{#each records}}" in error["message"], error


def test_http_filter_mode_applies_the_filters_to_the_records_an_endpoint_returns(server):
    accounts = [{"account_id": 41, "name": "Wombat"}, {"account_id": 42, "name": "Quokka"},
                {"account_id": 43, "name": "Numbat"}]
    api = JsonServer(lambda path, query, headers: (200, accounts))  # ignores every query parameter
    try:
        tpl = server.create_template("# Account {{name}}\n")

        def generate(source, filters):
            g = server.post("/v1/generations", {"template_id": tpl["id"], "data_source_id": source["id"],
                                                "filters": filters, "outputs": ["md"]})
            assert g.status_code == 202, g.text
            return server.wait_for(g.json()["id"])

        both = create_source(server, {"kind": "http", "name": "ignores-query", "url": api.url + "/accounts"})
        done = generate(both, {"account_id": "42", "segment": "smb"})  # segment: a field the records lack
        assert done["status"] == "completed", done
        assert requests.get(done["outputs"][0]["url"]).text.strip() == "# Account Quokka"
        assert api.requests[-1]["query"] == {"account_id": "42", "segment": "smb"}

        records_only = create_source(server, {"kind": "http", "name": "records-only", "url": api.url + "/accounts",
                                              "filter_mode": "records"})
        assert generate(records_only, {"account_id": 43})["status"] == "completed"
        assert api.requests[-1]["query"] == {}

        query_only = create_source(server, {"kind": "http", "name": "query-only", "url": api.url + "/accounts",
                                            "filter_mode": "query"})
        failed = generate(query_only, {"account_id": "42"})
        assert failed["status"] == "failed" and failed["error"]["context"]["records_matched"] == 3, failed

        for mode in ("sometimes", 5, None, ["both"]):
            bad = server.post("/v1/data_sources", {"kind": "http", "url": api.url, "filter_mode": mode}, validate=False)
            assert bad.status_code == 400 and bad.json()["error"]["param"] == "filter_mode", (mode, bad.text)
    finally:
        api.close()
