"""Restart safety: a generation answered with 202 survives kill -9 at any
moment and completes after the restart."""
from concurrent.futures import ThreadPoolExecutor

# Long enough that renders are still queued or running when the process dies.
REPORT = "# Report {{n}}\n\n| # | Item | Amount |\n|---|---|---:|\n{{#each rows}}| {{i}} | {{name}} | {{amount}} |\n{{/each}}\n"
ROWS = [{"i": i, "name": "Line item %d with a longer description" % i, "amount": "%d.00" % (i * 7)} for i in range(150)]


def test_one_generation_survives_kill9_right_after_202(make_server):
    server = make_server().start()
    t = server.create_template(REPORT)
    r = server.create_generation(t["id"], {"n": 1, "rows": ROWS}, outputs=["pdf", "md"])
    assert r.status_code == 202
    server.kill9()
    server.start()
    done = server.wait_for(r.json()["id"], timeout=60)
    assert done["status"] == "completed", done
    assert {o["format"] for o in done["outputs"]} == {"pdf", "md"}


def test_fifty_in_flight_generations_all_complete_after_kill9(make_server):
    server = make_server(env={"S2D_RENDER_SLOTS": "1"}).start()
    t = server.create_template(REPORT)

    def post(n):
        r = server.create_generation(t["id"], {"n": n, "rows": ROWS}, outputs=["pdf"])
        assert r.status_code == 202, r.text
        return r.json()["id"]

    with ThreadPoolExecutor(max_workers=10) as pool:
        accepted = list(pool.map(post, range(50)))
    unfinished = [g for g in server.get("/v1/generations?limit=100").json()["data"] if g["status"] in ("pending", "running")]
    server.kill9()
    assert unfinished, "every render finished before the kill: the test proves nothing"

    server.start()
    for generation_id in accepted:
        done = server.wait_for(generation_id, timeout=120)
        assert done["status"] == "completed", done
    listed = server.get("/v1/generations?limit=100").json()["data"]
    assert sorted(g["id"] for g in listed) == sorted(accepted)  # nothing lost, nothing doubled
    print("unfinished at kill: %d of 50" % len(unfinished))
