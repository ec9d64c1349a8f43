"""The official Alibaba Cloud Python SDKs (RAM GetRole, KMS DescribeKey) driving `keyshare serve`
with threads, for the side-by-side figure of scripts/bench. Loopback only, bounded by REQUESTS.

    python sdk_load.py HOST:PORT WORLD.yaml THREADS REQUESTS

Prints `sdk.rps`, `sdk.p50_ms`, `sdk.p99_ms` and `sdk.failed` lines. Signs with the first access key
of the world file's first account (the management account), which the file lists first.
"""

import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from alibabacloud_kms20160120 import models as kms_models
from alibabacloud_kms20160120.client import Client as KmsClient
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi import models as open_api_models

ROLE = "AliyunECSDiskEncryptDefaultRole"
KEY_ALIAS = "alias/shared-disk-key"


def owner_key(world_path):
    """The first `id:`/`secret:` pair of the world file (the management account's key)."""
    text = open(world_path, encoding="utf-8").read()
    key_id = re.search(r"^\s*-?\s*id:\s*['\"]?(KS[A-Za-z0-9]+)", text, re.M)
    secret = re.search(r"^\s*-?\s*secret:\s*['\"]?([A-Za-z0-9]+)", text, re.M)
    if not key_id or not secret:
        sys.exit(f"sdk_load: no access key found in {world_path}; write it with `keyshare sim init`")
    return key_id.group(1), secret.group(1)


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: sdk_load.py HOST:PORT WORLD.yaml THREADS REQUESTS")
    endpoint, world, threads, requests = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if not endpoint.startswith("127.0.0.1:"):
        sys.exit(f"sdk_load: {endpoint} is not 127.0.0.1:PORT; the benchmark drives loopback only")
    key_id, secret = owner_key(world)
    config = dict(access_key_id=key_id, access_key_secret=secret, endpoint=endpoint, protocol="http",
                  region_id="cn-hangzhou")
    local = threading.local()

    def clients():
        if not hasattr(local, "ram"):
            local.ram = RamClient(open_api_models.Config(**config))
            local.kms = KmsClient(open_api_models.Config(**config))
        return local.ram, local.kms

    ram, kms = clients()
    key_id_value = kms.describe_key(kms_models.DescribeKeyRequest(key_id=KEY_ALIAS)).body.key_metadata.key_id
    ram.get_role(ram_models.GetRoleRequest(role_name=ROLE))  # created by our client's run just before

    def one(ticket):
        ram, kms = clients()
        began = time.perf_counter()
        try:
            if ticket % 2 == 0:
                ram.get_role(ram_models.GetRoleRequest(role_name=ROLE))
            else:
                kms.describe_key(kms_models.DescribeKeyRequest(key_id=key_id_value))
        except Exception:  # counted, not raised: the figure reports failures
            return None
        return (time.perf_counter() - began) * 1000

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - start
    latencies = sorted(r for r in results if r is not None)
    failed = requests - len(latencies)

    def percentile(fraction):
        if not latencies:
            return 0.0
        rank = max(0, min(len(latencies) - 1, int(-(-fraction * len(latencies) // 1)) - 1))
        return latencies[rank]

    print(f"sdk.rps {len(latencies) / elapsed:.0f}")
    print(f"sdk.p50_ms {percentile(0.50):.3f}")
    print(f"sdk.p99_ms {percentile(0.99):.3f}")
    print(f"sdk.failed {failed}")


if __name__ == "__main__":
    main()
