import Testing

@testable import Rollout

@Suite("InvocationRedaction")
struct InvocationRedactionTests {
    @Test(
        "Secret values are replaced in every spelling; the other words stay as typed",
        arguments: [
            (["pb.lua", "--access-key-secret", "S3cr3t"], ["pb.lua", "--access-key-secret", "<redacted>"]),
            (["pb.lua", "--access-key-secret=S3cr3t"], ["pb.lua", "--access-key-secret=<redacted>"]),
            (["--security-token", "tok", "pb.lua"], ["--security-token", "<redacted>", "pb.lua"]),
            (["--security_token=tok=with=equals"], ["--security_token=<redacted>"]),
            (["--STS-TOKEN", "tok"], ["--STS-TOKEN", "<redacted>"]),
            (["--password", "-dash-start"], ["--password", "<redacted>"]),
            (["--token", "--state", "s.db"], ["--token", "--state", "s.db"]),
            (["--token"], ["--token"]),
            (
                ["--param", "api_token=abc", "--param", "folder=fd-1"],
                ["--param", "api_token=<redacted>", "--param", "folder=fd-1"]
            ),
            (["--param=DB_PASSWORD=abc"], ["--param=DB_PASSWORD=<redacted>"]),
            (["--param", "AccessKeySecret=abc"], ["--param", "AccessKeySecret=<redacted>"]),
            (["--param", "key=alias/shared-disk-key"], ["--param", "key=alias/shared-disk-key"]),
            (["--param", "privateKey=x"], ["--param", "privateKey=<redacted>"]),
            (["--param"], ["--param"]),
            (
                ["--endpoint", "https://user:pa55@127.0.0.1:8080/x?y=1"],
                ["--endpoint", "https://user:<redacted>@127.0.0.1:8080/x?y=1"]
            ),
            (["--endpoint=http://tok@host/"], ["--endpoint=http://<redacted>@host/"]),
            (["--endpoint", "http://127.0.0.1:8080/a@b"], ["--endpoint", "http://127.0.0.1:8080/a@b"]),
            (["--param", "url=https://u:p@h"], ["--param", "url=https://u:<redacted>@h"]),
            (
                ["script.lua", "--", "password=x", "plain", "--secret", "v"],
                ["script.lua", "--", "password=<redacted>", "plain", "--secret", "v"]
            ),
            (
                ["pb.lua", "--state", "state.sqlite", "--concurrency", "8", "--trusted", "--reporter", "json=run.jsonl"],
                ["pb.lua", "--state", "state.sqlite", "--concurrency", "8", "--trusted", "--reporter", "json=run.jsonl"]
            ),
            (
                ["--profile", "prod", "--access-role", "KeyshareAccess", "--region", "cn-hangzhou"],
                ["--profile", "prod", "--access-role", "KeyshareAccess", "--region", "cn-hangzhou"]
            ),
            ([], []),
        ])
    func redacts(words: [String], expected: [String]) {
        #expect(InvocationRedaction.redact(words) == expected)
    }

    @Test(
        "Secret-looking names are told from ordinary ones",
        arguments: [
            ("--access-key-secret", true), ("ALIBABA_CLOUD_ACCESS_KEY_ID", true), ("securityToken", true),
            ("api-key", true), ("Authorization", true), ("--passphrase", true), ("credentials", true),
            ("key", false), ("key-id", false), ("folder", false), ("--state", false), ("--profile", false),
            ("--access-role", false), ("tokenless", true),
        ])
    func names(name: String, secret: Bool) {
        #expect(InvocationRedaction.isSecretName(name) == secret)
    }
}
