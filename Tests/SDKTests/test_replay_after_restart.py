"""A signed request captured before `keyshare serve` restarts is refused after the restart when the
server keeps its state in a file (`--state`): the replay window lives in `<state>.nonces`.

Starts its own servers (the binary in KEYSHARE_BIN, set by scripts/sdk-test) on 127.0.0.1 with
Tests/SDKTests/world.yaml; every wait is bounded.
"""

import http.client
import json
import os
import selectors
import signal
import subprocess
from pathlib import Path

import pytest
from aliyunsdkcore.request import RpcRequest

BIN = os.environ.get("KEYSHARE_BIN")
WORLD = Path(__file__).with_name("world.yaml")
OWNER = "1000000000000001"
OWNER_KEY = ("KSAKOWNER", "OwnerSecretForSDKTests000000001")

pytestmark = pytest.mark.skipif(not BIN, reason="KEYSHARE_BIN is not set (scripts/sdk-test sets it)")


class Server:
    """`keyshare serve --port 0 --state STATE` until stopped."""

    def __init__(self, state):
        self.process = subprocess.Popen(
            [BIN, "serve", "--port", "0", "--world", str(WORLD), "--state", str(state), "--log-level", "warning"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=30):
            self.stop(signal.SIGKILL)
            raise AssertionError("keyshare serve did not say where it listens within 30 s")
        line = self.process.stdout.readline()
        assert "listening on http://127.0.0.1:" in line, line
        self.port = int(line.rsplit(":", 1)[1])

    def stop(self, how):
        self.process.send_signal(how)
        self.process.wait(timeout=30)


def signed_url():
    """A V1-signed GetCallerIdentity URL made by the legacy SDK (a new nonce, the current time)."""
    request = RpcRequest("Sts", "2015-04-01", "GetCallerIdentity")
    request.set_accept_format("JSON")
    request.set_method("POST")
    return request.get_url("cn-hangzhou", *OWNER_KEY)


def post(port, url):
    """(status, JSON body) of POST url on 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", url, body=b"")
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill -9", "stop"])
def test_a_request_replayed_after_a_restart_is_signature_nonce_used(tmp_path, how):
    state = tmp_path / "state.sqlite"
    first = Server(state)
    try:
        captured = signed_url()
        status, body = post(first.port, captured)
        assert status == 200, body
        assert body["AccountId"] == OWNER
    finally:
        first.stop(how)
    assert Path(str(state) + ".nonces").exists()

    second = Server(state)
    try:
        status, body = post(second.port, captured)
        assert status == 400, body
        assert body["Code"] == "SignatureNonceUsed"
        assert body["HostId"] == f"127.0.0.1:{second.port}"
        status, body = post(second.port, signed_url())
        assert status == 200, body
    finally:
        second.stop(signal.SIGTERM)


def test_a_server_on_another_state_file_does_not_share_its_nonces(tmp_path):
    # The window belongs to the state: a server on another state file has no record of the nonce.
    first = Server(tmp_path / "a.sqlite")
    try:
        captured = signed_url()
        assert post(first.port, captured)[0] == 200
    finally:
        first.stop(signal.SIGTERM)
    second = Server(tmp_path / "b.sqlite")
    try:
        assert post(second.port, captured)[0] == 200
    finally:
        second.stop(signal.SIGTERM)
