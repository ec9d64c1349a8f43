"""The official Alibaba Cloud Python SDKs, unchanged, against `keyshare serve`.

Drives the seed procedure of cross-account key sharing (the sharee creates the ECS disk-encryption
role and its policy, the owner adds the role to the key policy, the sharee creates an encrypted
disk) with V3 signing, with V1 signing (`signature_algorithm='v2'`) and with STS credentials from
AssumeRole, then the main error paths, asserting on the SDK's typed models and exceptions.

scripts/sdk-test starts the server with Tests/SDKTests/world.yaml and passes its address in
KEYSHARE_SDK_ENDPOINT (host:port on 127.0.0.1).
"""

import json
import os

import pytest
from alibabacloud_ecs20140526 import models as ecs_models
from alibabacloud_ecs20140526.client import Client as EcsClient
from alibabacloud_kms20160120 import models as kms_models
from alibabacloud_kms20160120.client import Client as KmsClient
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_resourcemanager20200331 import models as rm_models
from alibabacloud_resourcemanager20200331.client import Client as RmClient
from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.exceptions import ClientException

ENDPOINT = os.environ.get("KEYSHARE_SDK_ENDPOINT", "127.0.0.1:18080")
REGION = "cn-hangzhou"
ZONE = "cn-hangzhou-i"

# Accounts and access keys of Tests/SDKTests/world.yaml.
OWNER = "1000000000000001"
OWNER_KEY = ("KSAKOWNER", "OwnerSecretForSDKTests000000001")
SHAREE_A = ("2000000000000001", "KSAKSHAREEA", "ShareeASecretForSDKTests000001")
SHAREE_B = ("2000000000000002", "KSAKSHAREEB", "ShareeBSecretForSDKTests000002")
SHAREE_C = "2000000000000003"
SHAREE_D = ("2000000000000004", "KSAKSHAREED", "ShareeDSecretForSDKTests000004")
KEY_ALIAS = "alias/shared-disk-key"
KMS_INSTANCE = "kst-hzzsdktest0000001"

DISK_ROLE = "AliyunECSDiskEncryptDefaultRole"
DISK_POLICY = "AliyunECSDiskEncryptCustomizedPolicy"
DISK_ROLE_TRUST = {
    "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": ["ecs.aliyuncs.com"]}}],
    "Version": "1",
}
DISK_ROLE_POLICY = {
    "Version": "1",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["kms:List*", "kms:DescribeKey", "kms:TagResource", "kms:UntagResource"],
            "Resource": ["acs:kms:*:*:*", "acs:kms:*:*:*/*"],
        },
        {
            "Effect": "Allow",
            "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": ["acs:kms:*:*:*/*"],
        },
    ],
}


def config(access_key_id, access_key_secret, security_token=None, signature_algorithm=None):
    """An SDK configuration pointing at the local server over plain HTTP."""
    settings = dict(
        access_key_id=access_key_id,
        access_key_secret=access_key_secret,
        endpoint=ENDPOINT,
        protocol="http",
        region_id=REGION,
    )
    if security_token is not None:
        settings["security_token"] = security_token
    if signature_algorithm is not None:
        settings["signature_algorithm"] = signature_algorithm
    return open_api_models.Config(**settings)


class Clients:
    """The five product clients of one identity."""

    def __init__(self, cfg):
        self.kms = KmsClient(cfg)
        self.ram = RamClient(cfg)
        self.sts = StsClient(cfg)
        self.ecs = EcsClient(cfg)
        self.rm = RmClient(cfg)


def owner():
    return Clients(config(*OWNER_KEY))


def create_disk_role(sharee):
    """Step 1 in the sharee: the role ECS assumes, a custom KMS policy, and the attachment."""
    role = sharee.ram.create_role(
        ram_models.CreateRoleRequest(
            role_name=DISK_ROLE,
            assume_role_policy_document=json.dumps(DISK_ROLE_TRUST),
            description="ECS disk encryption role",
            max_session_duration=3600,
        )
    )
    sharee.ram.create_policy(
        ram_models.CreatePolicyRequest(policy_name=DISK_POLICY, policy_document=json.dumps(DISK_ROLE_POLICY))
    )
    sharee.ram.attach_policy_to_role(
        ram_models.AttachPolicyToRoleRequest(policy_type="Custom", policy_name=DISK_POLICY, role_name=DISK_ROLE)
    )
    return role.body.role.arn


def share_key_with(owner_clients, role_arns):
    """Step 2 in the owner: the key policy gains a statement for the sharee roles."""
    key = owner_clients.kms.describe_key(kms_models.DescribeKeyRequest(key_id=KEY_ALIAS)).body.key_metadata
    current = owner_clients.kms.get_key_policy(kms_models.GetKeyPolicyRequest(key_id=key.key_id, policy_name="default"))
    policy = json.loads(current.body.policy)
    policy["Statement"] = [s for s in policy["Statement"] if s.get("Sid") != "Sharees"]
    policy["Statement"].append(
        {
            "Sid": "Sharees",
            "Effect": "Allow",
            "Principal": {"RAM": sorted(role_arns)},
            "Action": ["kms:List*", "kms:DescribeKey", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": ["*"],
        }
    )
    owner_clients.kms.set_key_policy(
        kms_models.SetKeyPolicyRequest(key_id=key.key_id, policy_name="default", policy=json.dumps(policy))
    )
    return key


def create_encrypted_disk(sharee, key_id):
    """Step 3 in the sharee: an encrypted disk with the owner's key, by key ID."""
    created = sharee.ecs.create_disk(
        ecs_models.CreateDiskRequest(
            region_id=REGION,
            zone_id=ZONE,
            disk_category="cloud_essd",
            size=20,
            encrypted=True,
            kmskey_id=key_id,
            tag=[ecs_models.CreateDiskRequestTag(key="app", value="keyshare")],
        )
    )
    disk_id = created.body.disk_id
    described = sharee.ecs.describe_disks(
        ecs_models.DescribeDisksRequest(region_id=REGION, disk_ids=json.dumps([disk_id]))
    )
    disks = described.body.disks.disk
    assert [d.disk_id for d in disks] == [disk_id]
    return disks[0]


shared_roles = []


def run_seed(sharee, sharee_account):
    arn = create_disk_role(sharee)
    assert arn == f"acs:ram::{sharee_account}:role/{DISK_ROLE}"
    shared_roles.append(arn)
    key = share_key_with(owner(), shared_roles)
    assert key.creator == OWNER
    assert key.dkmsinstance_id == KMS_INSTANCE
    disk = create_encrypted_disk(sharee, key.key_id)
    assert disk.encrypted is True
    assert disk.kmskey_id == key.key_id
    assert disk.category == "cloud_essd"
    assert disk.size == 20


def test_seed_procedure_with_v3_signatures():
    account, key_id, secret = SHAREE_A
    run_seed(Clients(config(key_id, secret)), account)


def test_seed_procedure_with_v1_signatures():
    account, key_id, secret = SHAREE_B
    run_seed(Clients(config(key_id, secret, signature_algorithm="v2")), account)


def test_seed_procedure_with_sts_credentials_from_assume_role():
    role_arn = f"acs:ram::{SHAREE_C}:role/ResourceDirectoryAccountAccessRole"
    assumed = owner().sts.assume_role(
        sts_models.AssumeRoleRequest(role_arn=role_arn, role_session_name="keyshare", duration_seconds=3600)
    )
    credentials = assumed.body.credentials
    assert credentials.access_key_id.startswith("STS.")
    assert credentials.expiration.endswith("Z")
    assert assumed.body.assumed_role_user.arn == f"{role_arn}/keyshare"
    sts_clients = Clients(config(credentials.access_key_id, credentials.access_key_secret, credentials.security_token))
    run_seed(sts_clients, SHAREE_C)
    sts_v1 = Clients(
        config(credentials.access_key_id, credentials.access_key_secret, credentials.security_token, "v2")
    )
    role = sts_v1.ram.get_role(ram_models.GetRoleRequest(role_name=DISK_ROLE)).body.role
    assert role.arn == f"acs:ram::{SHAREE_C}:role/{DISK_ROLE}"


def test_resource_directory_lists_the_members():
    listed = owner().rm.list_accounts(rm_models.ListAccountsRequest(page_number=1, page_size=10))
    ids = {account.account_id for account in listed.body.accounts.account}
    assert {SHAREE_A[0], SHAREE_B[0], SHAREE_C, SHAREE_D[0]} <= ids


@pytest.mark.parametrize("algorithm", [None, "v2"])
def test_list_aliases_finds_the_pool_key(algorithm):
    # keyshare resolves a playbook's `keys = { "alias/shared-disk-key*" }` pool with ListAliases.
    clients = Clients(config(*OWNER_KEY, signature_algorithm=algorithm))
    listed = clients.kms.list_aliases(kms_models.ListAliasesRequest(page_number=1, page_size=100)).body
    names = [alias.alias_name for alias in listed.aliases.alias]
    assert KEY_ALIAS in names
    assert listed.total_count == len(names)
    entry = listed.aliases.alias[names.index(KEY_ALIAS)]
    assert entry.alias_arn == f"acs:kms:{REGION}:{OWNER}:{KEY_ALIAS}"
    described = clients.kms.describe_key(kms_models.DescribeKeyRequest(key_id=KEY_ALIAS)).body.key_metadata
    assert entry.key_id == described.key_id


def test_missing_role_is_entity_not_exist_role():
    account, key_id, secret = SHAREE_D
    with pytest.raises(ClientException) as raised:
        Clients(config(key_id, secret)).ram.get_role(ram_models.GetRoleRequest(role_name=DISK_ROLE))
    error = raised.value
    assert error.code == "EntityNotExist.Role"
    assert error.status_code == 404
    assert error.request_id
    assert error.message.startswith("code: 404, ")


def test_a_fourth_sharee_exceeds_the_instance_share_quota():
    account, key_id, secret = SHAREE_D
    sharee = Clients(config(key_id, secret))
    arn = create_disk_role(sharee)
    with pytest.raises(ClientException) as raised:
        share_key_with(owner(), shared_roles + [arn])
    assert raised.value.code == "Rejected.ShareQuotaExceedLimit"
    assert raised.value.status_code == 400
    assert raised.value.data.get("HttpStatus") == 400


def test_a_key_not_shared_with_the_disk_role_is_cmk_unauthorized():
    account, key_id, secret = SHAREE_A
    sharee = Clients(config(key_id, secret))
    other_role = sharee.ram.create_role(
        ram_models.CreateRoleRequest(role_name="KeyshareOtherRole", assume_role_policy_document=json.dumps(DISK_ROLE_TRUST))
    ).body.role.arn
    policy = {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Principal": {"RAM": [f"acs:ram::{OWNER}:*"]}, "Action": ["kms:*"], "Resource": ["*"]},
            {"Effect": "Allow", "Principal": {"RAM": [other_role]}, "Action": ["kms:DescribeKey"], "Resource": ["*"]},
        ],
    }
    created = owner().kms.create_key(
        kms_models.CreateKeyRequest(
            dkmsinstance_id=KMS_INSTANCE, key_spec="Aliyun_AES_256", key_usage="ENCRYPT/DECRYPT",
            description="shared with another role only", policy=json.dumps(policy),
        )
    )
    with pytest.raises(ClientException) as raised:
        create_encrypted_disk(sharee, created.body.key_metadata.key_id)
    assert raised.value.code == "InvalidParameter.KMSKeyId.CMKUnauthorized"
    assert raised.value.status_code == 403


@pytest.mark.parametrize("algorithm", [None, "v2"])
def test_a_wrong_secret_is_signature_does_not_match(algorithm):
    account, key_id, secret = SHAREE_D
    clients = Clients(config(key_id, secret[::-1], signature_algorithm=algorithm))
    with pytest.raises(ClientException) as raised:
        clients.ram.get_role(ram_models.GetRoleRequest(role_name=DISK_ROLE))
    assert raised.value.code == "SignatureDoesNotMatch"
    assert raised.value.status_code == 400
    assert "server string to sign is:" in raised.value.data["Message"]
    assert secret[::-1] not in raised.value.data["Message"]


def test_an_unknown_access_key_is_not_found():
    with pytest.raises(ClientException) as raised:
        Clients(config("KSAKNOBODY", "whatever")).kms.list_keys(kms_models.ListKeysRequest())
    assert raised.value.code == "InvalidAccessKeyId.NotFound"
    assert raised.value.status_code == 404
