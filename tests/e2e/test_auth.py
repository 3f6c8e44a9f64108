"""Authentication exactly as API.md: every failure is a 401 envelope, and a
workspace never sees another workspace's data."""
import requests

from harness import assert_error

OPERATOR = "op-token-for-tests-0123456789"


def second_workspace(server):
    r = requests.post(server.base + "/v1/admin/workspaces", json={"name": "other"},
                      headers={"Authorization": "Bearer " + OPERATOR})
    assert r.status_code == 201, r.text
    return r.json()["id"], r.json()["api_key"]["secret"]


def test_key_failures_are_401_envelopes(make_server):
    server = make_server(env={"S2D_OPERATOR_TOKEN": OPERATOR}).start()
    path = "/v1/generations"
    r = requests.get(server.base + path, headers={"X-Workspace-Id": server.workspace_id})
    assert_error(r, 401, "api_key_missing")
    assert_error(server.get(path, key="s2d_live_" + "A" * 36), 401, "api_key_invalid")  # bad checksum
    bad_checksum = server.api_key[:-1] + ("0" if server.api_key[-1] != "0" else "1")
    assert_error(server.get(path, key=bad_checksum), 401, "api_key_invalid")
    r = requests.get(server.base + path, headers={"Authorization": server.api_key, "X-Workspace-Id": server.workspace_id})
    assert_error(r, 401, "api_key_invalid")  # no "Bearer "
    r = requests.get(server.base + path, headers={"Authorization": "Bearer " + server.api_key})
    assert_error(r, 401, "workspace_missing")

    other_ws, other_key = second_workspace(server)
    unknown = make_server().start().api_key  # well-formed, checksum right, never stored here
    assert_error(server.get(path, key=unknown), 401, "api_key_invalid")
    # A real key of another workspace is refused like an unknown one.
    assert_error(server.get(path, key=other_key), 401, "api_key_invalid")
    assert_error(server.get(path, workspace=other_ws), 401, "api_key_invalid")
    assert server.get(path, key=other_key, workspace=other_ws).status_code == 200


def test_workspaces_never_see_each_others_data(make_server):
    server = make_server(env={"S2D_OPERATOR_TOKEN": OPERATOR}).start()
    t = server.create_template("# {{n}}\n")
    g = server.create_generation(t["id"], {"n": 1}, outputs=["md"]).json()
    server.wait_for(g["id"])

    other_ws, other_key = second_workspace(server)
    as_other = dict(key=other_key, workspace=other_ws)
    assert_error(server.get("/v1/generations/" + g["id"], **as_other), 404, "resource_missing")
    assert_error(server.get("/v1/templates/" + t["id"], **as_other), 404, "resource_missing")
    assert server.get("/v1/generations", **as_other).json()["data"] == []
    assert_error(server.post("/v1/generations", {"template_id": t["id"], "data": {}, "outputs": ["md"]}, **as_other),
                 404, "resource_missing")
    assert_error(server.post("/v1/generations/%s/cancel" % g["id"], **as_other), 404, "resource_missing")
    # The owner still sees everything.
    assert server.get("/v1/generations/" + g["id"]).status_code == 200


def test_operator_routes_need_the_operator_token(make_server):
    server = make_server(env={"S2D_OPERATOR_TOKEN": OPERATOR}).start()
    assert_error(requests.post(server.base + "/v1/admin/workspaces", json={"name": "x"}), 401, "api_key_missing")
    assert_error(requests.post(server.base + "/v1/admin/workspaces", json={"name": "x"},
                               headers={"Authorization": "Bearer " + server.api_key}), 401, "api_key_invalid")
    disabled = make_server().start()
    assert_error(requests.post(disabled.base + "/v1/admin/workspaces", json={"name": "x"},
                               headers={"Authorization": "Bearer " + OPERATOR}), 401, "api_key_invalid")
