"""`keyshare serve` under a connection storm and malformed input, checked with the official SDK.

Opens 10,000 TCP connections to the server on 127.0.0.1 (bounded in count and time), sends
malformed requests on some of them, and checks that a signed SDK call is still answered while all
of them are open and after they are closed, i.e. the server neither crashed nor lost its state.
"""

import os
import socket
import time

from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi import models as open_api_models

ENDPOINT = os.environ.get("KEYSHARE_SDK_ENDPOINT", "127.0.0.1:18080")
OWNER = "1000000000000001"
OWNER_KEY = ("KSAKOWNER", "OwnerSecretForSDKTests000000001")
CONNECTIONS = 10_000


def caller_account():
    """The account of a signed GetCallerIdentity with the owner's key."""
    config = open_api_models.Config(access_key_id=OWNER_KEY[0], access_key_secret=OWNER_KEY[1],
                                    endpoint=ENDPOINT, protocol="http", region_id="cn-hangzhou")
    return StsClient(config).get_caller_identity().body.account_id


def test_ten_thousand_open_connections_and_malformed_requests_leave_the_server_serving():
    host, port = ENDPOINT.rsplit(":", 1)
    assert host == "127.0.0.1"
    malformed = [
        b"GET /?Action=%ZZ&Version=2015-04-01 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc",
        b"NOT-HTTP \x00\x01\x02\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\npartial",
    ]
    sockets = []
    deadline = time.monotonic() + 240
    try:
        for index in range(CONNECTIONS):
            assert time.monotonic() < deadline, f"opened only {index} connections in 240 s"
            connection = socket.create_connection((host, int(port)), timeout=10)
            if index % 500 == 0:
                connection.sendall(malformed[(index // 500) % len(malformed)])
            sockets.append(connection)
        assert len(sockets) == CONNECTIONS
        assert caller_account() == OWNER
    finally:
        for connection in sockets:
            connection.close()
    assert caller_account() == OWNER
