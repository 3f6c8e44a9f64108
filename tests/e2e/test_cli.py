"""The command-line client: the real s2d binary as server and as client."""
import csv
import hashlib
import json
import os
import signal
import subprocess
import time

from harness import BINARY
from webhook_receiver import Receiver, verify_with_standardwebhooks


def client_env(server):
    return dict(os.environ, S2D_BASE_URL=server.base, S2D_API_KEY=server.api_key, S2D_WORKSPACE_ID=server.workspace_id)


def run(server, *args, timeout=120):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, env=client_env(server), timeout=timeout)


def push(server, tmp_path, name, text):
    path = tmp_path / (name + ".md")
    path.write_text(text)
    out = run(server, "templates", "push", str(path), "--json")
    assert out.returncode == 0, out.stderr
    return out


def template_id(server, name):
    out = run(server, "templates", "list", "--json")
    assert out.returncode == 0, out.stderr
    return [t for t in json.loads(out.stdout) if t["name"] == name][0]["id"]


def test_templates_push_creates_then_versions_and_list_shows_it(server, tmp_path):
    push(server, tmp_path, "hello", "Hello {{name}}\n")
    push(server, tmp_path, "hello", "Hi {{name}}\n")
    listed = json.loads(run(server, "templates", "list", "--json").stdout)
    assert [(t["name"], t["latest_version"]) for t in listed] == [("hello", 2)]
    table = run(server, "templates", "list").stdout.splitlines()
    assert table[0].split()[:3] == ["id", "name", "kind"] and "hello" in table[1]


def test_usage_errors_exit_2(server, tmp_path):
    assert run(server, "generate", "--output", "md").returncode == 2
    assert run(server, "batch", "--template", "tpl_x", "--output", "md").returncode == 2
    assert run(server, "templates", "push", str(tmp_path / "x.txt")).returncode == 2
    env = dict(os.environ, S2D_API_KEY="", S2D_WORKSPACE_ID="")
    out = subprocess.run([BINARY, "templates", "list"], capture_output=True, text=True, env=env, timeout=30)
    assert out.returncode == 2 and "S2D_API_KEY" in out.stderr


def test_generate_wait_downloads_the_outputs(server, tmp_path):
    push(server, tmp_path, "hello", "Hello {{name}}\n")
    data = tmp_path / "d.json"
    data.write_text('{"name": "Ada"}')
    out = run(server, "generate", "--template", template_id(server, "hello"), "--data", str(data), "--output", "md",
              "--wait", "--out", str(tmp_path / "out"), "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["status"] == "completed"
    with open(result["files"][0], "rb") as f:
        assert b"Hello Ada" in f.read()


def test_generate_wait_prints_the_error_and_exits_1_for_a_failing_template(server, tmp_path):
    push(server, tmp_path, "bad", "---\nstrict: true\n---\nHi {{customer.name}}\n")
    out = run(server, "generate", "--template", template_id(server, "bad"), "--output", "md", "--wait")
    assert out.returncode == 1, out.stderr
    assert "missing_required_field" in out.stderr and '"field": "customer.name"' in out.stderr


def write_rows(path, count):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["n"])
        for n in range(count):
            writer.writerow([n])


def test_batch_csv_of_1000_rows_killed_and_resumed_makes_1000_files_once(server, tmp_path):
    push(server, tmp_path, "row", "Row {{n}}\n")
    tpl = template_id(server, "row")
    rows, out_dir = tmp_path / "rows.csv", tmp_path / "out"
    write_rows(rows, 1000)
    args = [BINARY, "batch", "--template", tpl, "--csv", str(rows), "--output", "md", "--out", str(out_dir),
            "--key", "run-1"]
    first = subprocess.Popen(args, env=client_env(server), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    first.send_signal(signal.SIGKILL)
    first.wait()
    again = subprocess.run(args, capture_output=True, text=True, env=client_env(server), timeout=600)
    assert again.returncode == 0, again.stderr
    files = sorted(os.listdir(out_dir))
    assert len([f for f in files if f.endswith(".md")]) == 1000 and "failures.csv" not in files
    batches = server.get("/v1/batches", validate=False).json()["data"]
    assert len(batches) == 1 and batches[0]["counts"]["total"] == 1000
    indexes, after = set(), None
    while True:
        page = server.get(f"/v1/generations?batch_id={batches[0]['id']}&limit=100" +
                          (f"&starting_after={after}" if after else ""), validate=False).json()
        indexes |= {g["batch_index"] for g in page["data"]}
        if not page["has_more"]:
            break
        after = page["data"][-1]["id"]
    assert indexes == set(range(1000))
    with open(out_dir / "7.md", "rb") as f:
        assert b"Row 7" in f.read()


def test_listen_forwards_a_signed_event_that_standardwebhooks_verifies(server, tmp_path):
    receiver = Receiver()
    listen = subprocess.Popen([BINARY, "listen", "--forward-to", receiver.url("/hooks"), "--json"],
                              env=client_env(server), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        secret = json.loads(listen.stdout.readline())["secret"]
        time.sleep(1)
        push(server, tmp_path, "hello", "Hello\n")
        generation = server.create_generation(template_id(server, "hello"), {}, outputs=["md"]).json()
        requests = receiver.wait_for(1, timeout=30)
        results = verify_with_standardwebhooks(secret, requests[:1])
        assert results[0]["ok"], results
        assert results[0]["payload"]["generation_id"] == generation["id"]
        assert json.loads(listen.stdout.readline())["status"] == 200
    finally:
        listen.kill()
        listen.wait()
        receiver.stop()
