"""Progress events (docs/events.md) against the real binary: Server-Sent
Events of a generation, of a batch and of the workspace, resumed with
Last-Event-ID, kept alive by heartbeats and bounded per workspace."""
import json
import time

import requests

from harness import assert_error

MARKDOWN = "# Invoice {{number}}\n\nCustomer: {{customer}}\n"


class Stream:
    """One text/event-stream response, parsed as the WHATWG format defines
    (what the CLI's parser does too), read with a deadline."""

    def __init__(self, server, path, last_event_id=None, key=None, workspace=None):
        headers = server.headers(key, workspace)
        headers["Accept"] = "text/event-stream"
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        self.response = requests.get(server.base + path, headers=headers, stream=True, timeout=30)
        self.buffer = b""
        self.ended = False
        self.chunks = self.response.iter_content(chunk_size=None) if self.response.status_code == 200 else iter(())

    def close(self):
        self.response.close()

    def _lines(self):
        while b"\n" not in self.buffer:
            try:
                chunk = next(self.chunks)
            except (StopIteration, requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError):
                self.ended = True
                return
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        yield line.decode("utf-8").rstrip("\r")

    def next_event(self, deadline):
        """The next event as (id, type, data), or None when the stream ended."""
        fields = {}
        while time.time() < deadline:
            lines = list(self._lines())
            if not lines:
                return None
            line = lines[0]
            if line.startswith(":"):  # a comment: the heartbeat
                continue
            if line == "":
                if "data" in fields:
                    return fields.get("id"), fields.get("event", "message"), fields["data"]
                continue
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            fields[name] = fields["data"] + "\n" + value if name == "data" and "data" in fields else value
        raise AssertionError("no event before the deadline")

    def events_until_end(self, timeout=120):
        deadline = time.time() + timeout
        events = []
        while True:
            event = self.next_event(deadline)
            if event is None:
                return events
            events.append((event[0], event[1], json.loads(event[2]), time.time()))


def test_a_generation_stream_shows_its_states_then_the_final_event_and_ends(server):
    tpl = server.create_template(MARKDOWN)
    generation = server.create_generation(tpl["id"], {"number": 1, "customer": "Ada"}, outputs=["pdf"]).json()
    stream = Stream(server, f"/v1/generations/{generation['id']}/events")
    assert stream.response.status_code == 200, stream.response.text
    assert stream.response.headers["Content-Type"] == "text/event-stream"
    assert stream.response.headers["Cache-Control"] == "no-cache"
    assert stream.response.headers["Request-Id"].startswith("req_")
    assert "X-RateLimit-Remaining" in stream.response.headers
    events = stream.events_until_end()
    assert stream.ended
    assert events, "the stream ended without an event"
    assert all(e[0] for e in events), "every event has an id"
    assert len({e[0] for e in events}) == len(events), "ids differ"
    *steps, final = events
    assert final[1] == "completed" and final[2]["status"] == "completed" and final[2]["id"] == generation["id"]
    assert final[2]["outputs"][0]["format"] == "pdf"
    assert all(e[1] == "status" and e[2]["status"] in ("pending", "running") for e in steps), steps

    # The final event's id back: nothing more will come, and EventSource stops on 204.
    again = Stream(server, f"/v1/generations/{generation['id']}/events", last_event_id=final[0])
    assert again.response.status_code == 204
    # An earlier id: only what came after it.
    if steps:
        resumed = Stream(server, f"/v1/generations/{generation['id']}/events", last_event_id=steps[0][0])
        later = resumed.events_until_end(timeout=30)
        assert [e[1] for e in later] == ["completed"]


def test_a_failing_generation_ends_its_stream_with_failed_and_the_error(server):
    tpl = server.create_template("# Dear {{customer.name}}\n\nYou live in {{customer.address.city}}.\n")
    generation = server.create_generation(tpl["id"], {"customer": {"name": "Ada", "address": {}}}, outputs=["md"]).json()
    events = Stream(server, f"/v1/generations/{generation['id']}/events").events_until_end()
    final = events[-1]
    assert final[1] == "failed" and final[2]["status"] == "failed", final
    assert final[2]["error"]["code"] == "missing_required_field"


def test_a_batch_stream_reports_progress_then_completed_and_resumes_after_last_event_id(server):
    tpl = server.create_template(MARKDOWN)
    # Enough renders (a few seconds here) for the counts to move while we watch.
    items = [{"data": {"number": i, "customer": f"C{i}"}} for i in range(1500)]
    r = server.post("/v1/batches", {"template_id": tpl["id"], "outputs": ["pdf"], "items": items})
    assert r.status_code == 202, r.text
    batch = r.json()

    first = Stream(server, f"/v1/batches/{batch['id']}/events")
    assert first.response.status_code == 200
    deadline = time.time() + 60
    seen = [first.next_event(deadline)]
    assert seen[0][1] == "status", seen
    while seen[-1][1] != "progress":
        seen.append(first.next_event(deadline))
        assert seen[-1] and seen[-1][1] != "completed", seen
    first.close()
    opened = time.time()
    last_id = seen[-1][0]
    last_counts = json.loads(seen[-1][2])["counts"]

    resumed = Stream(server, f"/v1/batches/{batch['id']}/events", last_event_id=last_id)
    assert resumed.response.status_code == 200
    later = resumed.events_until_end(timeout=240)
    elapsed = time.time() - opened
    assert later, "the resumed stream ended without an event"
    assert last_id not in [e[0] for e in later], "a resumed stream repeats nothing it sent"
    terminal = lambda c: c["completed"] + c["failed"] + c["canceled"]  # noqa: E731
    assert terminal(later[0][2]["counts"]) >= terminal(last_counts)
    final = later[-1]
    assert final[1] == "completed" and final[2]["status"] == "completed"
    assert final[2]["counts"]["completed"] == 1500 and final[2]["counts"]["total"] == 1500
    progress = [e for e in later if e[1] == "progress"]
    # At most four progress events a second.
    assert len(progress) <= 4 * elapsed + 2, (len(progress), elapsed)
    for e in progress:
        counts = e[2]["counts"]
        assert counts["total"] == sum(counts[k] for k in ("pending", "running", "completed", "failed", "canceled"))


def test_the_workspace_stream_carries_webhook_events_and_resumes_after_the_last_one(server):
    tpl = server.create_template(MARKDOWN)
    stream = Stream(server, "/v1/events/stream")
    assert stream.response.status_code == 200
    time.sleep(0.5)
    one = server.create_generation(tpl["id"], {"number": 1, "customer": "A"}, outputs=["md"]).json()
    event_id, event_type, data = stream.next_event(time.time() + 60)
    stream.close()
    assert event_type == "generation.completed"
    body = json.loads(data)
    assert body["id"] == event_id and body["type"] == "generation.completed"
    assert body["generation_id"] == one["id"] and body["data"]["generation_id"] == one["id"]
    stored = server.get("/v1/events/" + event_id)
    assert stored.status_code == 200 and stored.json()["generation_id"] == one["id"]

    # Events while no one listens come on the reconnect, after the last one seen.
    two = server.create_generation(tpl["id"], {"number": 2, "customer": "B"}, outputs=["md"]).json()
    server.wait_for(two["id"])
    resumed = Stream(server, "/v1/events/stream", last_event_id=event_id)
    next_id, next_type, next_data = resumed.next_event(time.time() + 30)
    resumed.close()
    assert next_id != event_id and next_type == "generation.completed"
    assert json.loads(next_data)["generation_id"] == two["id"]

    # Only one type, when asked.
    filtered = Stream(server, "/v1/events/stream?type=generation.failed")
    assert filtered.response.status_code == 200
    filtered.close()


def test_streams_refuse_bad_requests_in_the_envelope(server):
    assert_error(server.get("/v1/generations/gen_01HZX00000000000000000000/events", validate=False), 404, "resource_missing")
    assert_error(server.get("/v1/batches/bat_01HZX00000000000000000000/events", validate=False), 404, "resource_missing")
    r = requests.get(server.base + "/v1/events/stream", timeout=10)
    assert_error(r, 401, "api_key_missing")
    r = server.get("/v1/events/stream", headers={"Last-Event-ID": "not-an-event"}, validate=False)
    assert_error(r, 400, "parameter_invalid")
    assert r.json()["error"]["param"] == "Last-Event-ID"
    assert_error(server.get("/v1/events/stream?type=bogus", validate=False), 400, "parameter_invalid")
    assert_error(server.get("/v1/events/stream?since=1", validate=False), 400, "parameter_unknown")
    tpl = server.create_template(MARKDOWN)
    generation = server.create_generation(tpl["id"], {"number": 1, "customer": "A"}, outputs=["md"]).json()
    for bad in ("x" * 201, "caf\u00e9"):  # longer than any id sent, and not ASCII
        r = server.get(f"/v1/generations/{generation['id']}/events", headers={"Last-Event-ID": bad}, validate=False)
        assert_error(r, 400, "parameter_invalid")
        assert r.json()["error"]["param"] == "Last-Event-ID"
    r = server.post("/v1/events/stream", {}, validate=False)
    assert r.status_code == 405 and r.headers["Allow"] == "GET"


def test_heartbeats_keep_a_quiet_stream_alive_and_open_streams_are_bounded(make_server):
    server = make_server(env={"S2D_EVENTS_HEARTBEAT_SECONDS": "1", "S2D_EVENTS_MAX_STREAMS_PER_WORKSPACE": "2",
                              "S2D_REQUEST_TIMEOUT_SECONDS": "4"}).start()
    one = Stream(server, "/v1/events/stream")
    two = Stream(server, "/v1/events/stream")
    assert one.response.status_code == 200 and two.response.status_code == 200
    refused = server.get("/v1/events/stream", validate=False)
    assert_error(refused, 429, "too_many_streams")
    assert int(refused.headers["Retry-After"]) > 0

    # Longer than the request time limit, kept open by the heartbeat.
    deadline = time.time() + 6
    heartbeats = 0
    while time.time() < deadline and not one.ended:
        heartbeats += sum(1 for line in one._lines() if line.startswith(":"))
    assert not one.ended and heartbeats >= 4, heartbeats

    # A client that leaves gives its slot back once a write to it fails.
    two.close()
    deadline = time.time() + 15
    while time.time() < deadline:
        again = Stream(server, "/v1/events/stream")
        if again.response.status_code == 200:
            again.close()
            break
        time.sleep(0.5)
    else:
        raise AssertionError("the closed stream's slot never came back")

    # Stopping the server with a stream open ends it and exits cleanly.
    assert server.stop() == 0
    deadline = time.time() + 30
    while not one.ended:
        assert time.time() < deadline, "the stream did not end with the server"
        list(one._lines())


def test_a_workspace_stream_resumes_after_a_kill_9_of_the_server(make_server):
    server = make_server().start()
    tpl = server.create_template(MARKDOWN)
    stream = Stream(server, "/v1/events/stream")
    time.sleep(0.5)
    one = server.create_generation(tpl["id"], {"number": 1, "customer": "A"}, outputs=["md"]).json()
    first_id, _, _ = stream.next_event(time.time() + 60)
    server.kill9()
    deadline = time.time() + 30
    while not stream.ended:
        assert time.time() < deadline, "the stream outlived its server"
        list(stream._lines())
    server.start()
    two = server.create_generation(tpl["id"], {"number": 2, "customer": "B"}, outputs=["md"]).json()
    resumed = Stream(server, "/v1/events/stream", last_event_id=first_id)
    next_id, next_type, data = resumed.next_event(time.time() + 60)
    resumed.close()
    assert next_id != first_id and next_type == "generation.completed"
    assert json.loads(data)["generation_id"] == two["id"] != one["id"]

