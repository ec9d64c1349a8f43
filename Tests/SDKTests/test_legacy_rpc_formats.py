"""The legacy V1 client family (`aliyun-python-sdk-core`, HMAC-SHA1 RPC) against `keyshare serve`,
in JSON and in XML, plus the documented error envelope (`HostId`, `Recommend`) as both SDK
generations see it.

scripts/sdk-test starts the server with Tests/SDKTests/world.yaml and passes its address in
KEYSHARE_SDK_ENDPOINT (host:port on 127.0.0.1).
"""

import json
import os
import xml.etree.ElementTree as ElementTree

import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest, RpcRequest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.exceptions import ClientException

ENDPOINT = os.environ.get("KEYSHARE_SDK_ENDPOINT", "127.0.0.1:18080")
OWNER = "1000000000000001"
OWNER_KEY = ("KSAKOWNER", "OwnerSecretForSDKTests000000001")
RECOMMEND_PREFIX = "https://api.aliyun.com/troubleshoot?q="

# get_response() is the legacy SDK's way to read a body whatever its format; it warns that it is old.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def legacy_client(secret=OWNER_KEY[1]):
    return AcsClient(OWNER_KEY[0], secret, "cn-hangzhou")


def legacy_request(product_version, action, accept_format=None, **params):
    """A CommonRequest to the local server over plain HTTP, POST as the SDK's RPC default."""
    request = CommonRequest(domain=ENDPOINT, version=product_version, action_name=action)
    request.set_protocol_type("http")
    request.set_method("POST")
    if accept_format is not None:
        request.set_accept_format(accept_format)
    for name, value in params.items():
        request.add_query_param(name, value)
    return request


def answer(request, secret=OWNER_KEY[1]):
    """(status, content type, body) as the legacy SDK received them."""
    status, headers, body = legacy_client(secret).get_response(request)
    return status, headers.get("content-type") or headers.get("Content-Type"), body


def test_legacy_sdk_json_call_decodes():
    body = legacy_client().do_action_with_exception(legacy_request("2015-04-01", "GetCallerIdentity"))
    identity = json.loads(body)
    assert identity["AccountId"] == OWNER
    assert identity["RequestId"]


@pytest.mark.parametrize("accept_format", ["XML", "xml"])
def test_legacy_sdk_xml_success_is_the_action_response_element(accept_format):
    status, content_type, body = answer(legacy_request("2015-04-01", "GetCallerIdentity", accept_format))
    assert status == 200
    assert content_type.startswith("text/xml")
    root = ElementTree.fromstring(body)
    assert root.tag == "GetCallerIdentityResponse"
    assert root.findtext("AccountId") == OWNER
    assert root.findtext("Arn") == f"acs:ram::{OWNER}:root"
    assert root.findtext("RequestId")


def test_legacy_sdk_xml_lists_repeat_their_items():
    status, _, body = answer(legacy_request("2016-01-20", "ListKeys", "XML", RegionId="cn-hangzhou"))
    assert status == 200
    root = ElementTree.fromstring(body)
    assert root.tag == "ListKeysResponse"
    keys = root.findall("./Keys/Key")
    assert keys, body
    assert all(key.findtext("KeyId") for key in keys)
    assert int(root.findtext("TotalCount")) >= len(keys)


@pytest.mark.parametrize(
    "version, action, params, code, status",
    [
        ("2015-05-01", "GetRole", {"RoleName": "NoSuchRole"}, "EntityNotExist.Role", 404),
        ("2016-01-20", "DescribeKey", {"KeyId": "key-doesnotexist", "RegionId": "cn-hangzhou"}, None, None),
        ("2015-04-01", "NoSuchAction", {}, "InvalidApi.NotFound", 404),
        ("2015-05-01", "GetRole", {}, "MissingParameter", 400),
    ],
)
def test_legacy_sdk_xml_errors_are_the_documented_error_element(version, action, params, code, status):
    got_status, content_type, body = answer(legacy_request(version, action, "XML", **params))
    assert content_type.startswith("text/xml")
    root = ElementTree.fromstring(body)
    assert root.tag == "Error"
    assert [child.tag for child in root][:5] == ["RequestId", "HostId", "Code", "Message", "Recommend"]
    assert root.findtext("HostId") == ENDPOINT
    assert root.findtext("Message")
    assert root.findtext("Recommend").startswith(RECOMMEND_PREFIX + root.findtext("Code"))
    assert 400 <= got_status < 500
    if code is not None:
        assert root.findtext("Code") == code
        assert got_status == status


def test_legacy_sdk_xml_authentication_errors_are_xml_too():
    status, content_type, body = answer(legacy_request("2015-04-01", "GetCallerIdentity", "XML"), secret="wrong")
    assert status == 400
    assert content_type.startswith("text/xml")
    root = ElementTree.fromstring(body)
    assert root.findtext("Code") == "SignatureDoesNotMatch"
    assert root.findtext("HostId") == ENDPOINT


def test_legacy_sdk_json_errors_carry_host_id_and_recommend():
    status, content_type, body = answer(legacy_request("2015-05-01", "GetRole", "JSON", RoleName="NoSuchRole"))
    assert status == 404
    assert content_type.startswith("application/json")
    envelope = json.loads(body)
    assert envelope["Code"] == "EntityNotExist.Role"
    assert envelope["HostId"] == ENDPOINT
    assert envelope["Recommend"] == RECOMMEND_PREFIX + "EntityNotExist.Role&product=Ram"
    assert envelope["RequestId"]


def test_legacy_sdk_raises_server_exception_with_code_and_request_id():
    with pytest.raises(ServerException) as raised:
        legacy_client().do_action_with_exception(legacy_request("2015-05-01", "GetRole", RoleName="NoSuchRole"))
    assert raised.value.get_error_code() == "EntityNotExist.Role"
    assert raised.value.get_http_status() == 404
    assert raised.value.get_request_id()


def test_legacy_sdk_recognises_a_wrong_secret_from_the_echoed_string_to_sign():
    # The SDK compares the server's string to sign with its own (kept on an RpcRequest): equal
    # means the canonicalisation agrees and only the secret is wrong.
    request = RpcRequest("Sts", "2015-04-01", "GetCallerIdentity")
    request.set_endpoint(ENDPOINT)
    request.set_protocol_type("http")
    request.set_method("POST")
    with pytest.raises(ServerException) as raised:
        legacy_client("not-the-secret").do_action_with_exception(request)
    assert raised.value.get_error_code() == "InvalidAccessKeySecret"
    assert json.loads(legacy_client().do_action_with_exception(request))["AccountId"] == OWNER


@pytest.mark.parametrize("algorithm", [None, "v2"])
def test_tea_sdk_errors_carry_host_id(algorithm):
    settings = dict(access_key_id=OWNER_KEY[0], access_key_secret=OWNER_KEY[1], endpoint=ENDPOINT,
                    protocol="http", region_id="cn-hangzhou")
    if algorithm:
        settings["signature_algorithm"] = algorithm
    with pytest.raises(ClientException) as raised:
        RamClient(open_api_models.Config(**settings)).get_role(ram_models.GetRoleRequest(role_name="NoSuchRole"))
    assert raised.value.code == "EntityNotExist.Role"
    assert raised.value.data["HostId"] == ENDPOINT
    assert raised.value.data["Recommend"].startswith(RECOMMEND_PREFIX)
