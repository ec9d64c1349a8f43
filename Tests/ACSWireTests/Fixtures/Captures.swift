// The raw requests R1…R16 of ../shared/reference/sdk-wire-captures.md, byte for byte as the
// official Python SDKs sent them to a loopback capture server (dummy credentials only).

/// One captured request: its name in the reference and the raw HTTP text.
struct Capture: Sendable, CustomStringConvertible {
    let name: String
    let raw: String
    /// The secret it was signed with (`SECRETEXAMPLE`, or `dummySTSsecret` for the STS capture).
    let secret: String
    var description: String { name }
}

enum Captures {
    static let all: [Capture] = [
        // KMS CreateKey — default V3 (ACS3-HMAC-SHA256), AK credentials
        Capture(
            name: "R1",
            raw: #"""
                POST /?DKMSInstanceId=kst-hzz65f176a0ogplgqxxxx&Description=demo+key+~%2A%2F+%2B&KeySpec=Aliyun_AES_256&KeyUsage=ENCRYPT%2FDECRYPT&Policy=%7B%22Version%22%3A+%221%22%2C+%22Statement%22%3A+%5B%7B%22Sid%22%3A+%22Enable+RAM+User+Permissions%22%2C+%22Effect%22%3A+%22Allow%22%2C+%22Principal%22%3A+%7B%22RAM%22%3A+%5B%22acs%3Aram%3A%3A1111222233334444%3A%2A%22%5D%7D%2C+%22Action%22%3A+%5B%22kms%3A%2A%22%5D%2C+%22Resource%22%3A+%5B%22%2A%22%5D%7D%5D%7D&Tags=%5B%7B%22TagKey%22%3A%22env%22%2C%22TagValue%22%3A%22prod%22%7D%5D HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2016-01-20
                x-acs-action: CreateKey
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:53:51Z
                x-acs-signature-nonce: 36113e1b9ce8004326a5331eab72c8e8
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=8f60d7f5324b0499261902ba4e08e85c910f169caf63299b57167575cd3d88b4
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // KMS CreateKey — `signature_algorithm='v2'` → legacy V1 (HMAC-SHA1, signature in query)
        Capture(
            name: "R2",
            raw: #"""
                POST /?Action=CreateKey&Format=json&Version=2016-01-20&Timestamp=2026-11-29T11%3A53%3A53Z&SignatureNonce=f3d1c2ebc69bfb6e0c333db131244e16&DKMSInstanceId=kst-hzz65f176a0ogplgqxxxx&Description=demo+key+~%2A%2F+%2B&Policy=%7B%22Version%22%3A+%221%22%2C+%22Statement%22%3A+%5B%7B%22Sid%22%3A+%22Enable+RAM+User+Permissions%22%2C+%22Effect%22%3A+%22Allow%22%2C+%22Principal%22%3A+%7B%22RAM%22%3A+%5B%22acs%3Aram%3A%3A1111222233334444%3A%2A%22%5D%7D%2C+%22Action%22%3A+%5B%22kms%3A%2A%22%5D%2C+%22Resource%22%3A+%5B%22%2A%22%5D%7D%5D%7D&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&AccessKeyId=AKIDEXAMPLE&Signature=0cYOi2OPJGBsq98x5RJgdzH06zM%3D HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2016-01-20
                x-acs-action: CreateKey
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-credentials-provider: static_ak
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // KMS DescribeKey — V3 with STS credentials (security token)
        Capture(
            name: "R3",
            raw: #"""
                POST /?KeyId=key-hzz65f1b6a4fxxxxxxxxx HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2016-01-20
                x-acs-action: DescribeKey
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:53:55Z
                x-acs-signature-nonce: baa6f1b58386da296d6e593434fc177c
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_sts
                x-acs-accesskey-id: STS.NUxxxxxxxxxxxxxx
                x-acs-security-token: CAIS-dummy-token
                Authorization: ACS3-HMAC-SHA256 Credential=STS.NUxxxxxxxxxxxxxx,SignedHeaders=accept;host;user-agent;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature=2b55b138786f95b9a102ea7552eef4397cd0b003029d98e2c1ceb16d4f25c70e
                Content-Length: 0
                """#, secret: "dummySTSsecret"),
        // RAM CreateRole — V3
        Capture(
            name: "R4",
            raw: #"""
                POST /?AssumeRolePolicyDocument=%7B%22Statement%22%3A+%5B%7B%22Action%22%3A+%22sts%3AAssumeRole%22%2C+%22Effect%22%3A+%22Allow%22%2C+%22Principal%22%3A+%7B%22Service%22%3A+%5B%22ecs.aliyuncs.com%22%5D%7D%7D%5D%2C+%22Version%22%3A+%221%22%7D&Description=ECS+disk+encryption+role&MaxSessionDuration=3600&RoleName=AliyunECSDiskEncryptDefaultRole HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2015-05-01
                x-acs-action: CreateRole
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:53:56Z
                x-acs-signature-nonce: a442a72ececd53a8b4aeea0caeb87540
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=01fad43da60cdd16af521cc8e0ccc4772d381d10e71c2012696d66fbf7c8bc33
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // RAM AttachPolicyToRole — V3
        Capture(
            name: "R5",
            raw: #"""
                POST /?PolicyName=AliyunECSDiskEncryptCustomizedPolicy&PolicyType=Custom&RoleName=AliyunECSDiskEncryptDefaultRole HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2015-05-01
                x-acs-action: AttachPolicyToRole
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:53:56Z
                x-acs-signature-nonce: 94d2dcb50fd7f4103d58489a9342e37b
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=65eeb1188fdf6ea8f544375f6fd5681e85cc24a51238b15215b0f8e2ff1ecc51
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // RAM GetRole — V3 (simulator answered 404 EntityNotExist.Role)
        Capture(
            name: "R6",
            raw: #"""
                POST /?RoleName=AliyunECSDiskEncryptDefaultRole HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2015-05-01
                x-acs-action: GetRole
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:53:56Z
                x-acs-signature-nonce: 4c03bffe4b62945f2e1f579cf585f70a
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=56d0d2a6b14724336b61631a18171439841c2d260cb94d3c866811963ff4af19
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // STS AssumeRole — V3
        Capture(
            name: "R7",
            raw: #"""
                POST /?DurationSeconds=3600&RoleArn=acs%3Aram%3A%3A5555666677778888%3Arole%2FResourceDirectoryAccountAccessRole&RoleSessionName=keyshare HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2015-04-01
                x-acs-action: AssumeRole
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:53:57Z
                x-acs-signature-nonce: 021f4ec2f579c41cb2be7fd9feefb187
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=90bfdf718388bb5b2c95605acfd0a51bab1aa12a6dc0f73f3bb51986560131f6
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // ECS CreateDisk — V3 (note `Encrypted=True`, `Tag.1.Key`)
        Capture(
            name: "R8",
            raw: #"""
                POST /?ClientToken=0c593ea1-3bea-11e9-b96b-88e9fe637760&DiskCategory=cloud_essd&Encrypted=True&KMSKeyId=key-hzz65f1b6a4fxxxxxxxxx&RegionId=cn-hangzhou&Size=20&Tag.1.Key=app&Tag.1.Value=keyshare&ZoneId=cn-hangzhou-i HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2014-05-26
                x-acs-action: CreateDisk
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:53:58Z
                x-acs-signature-nonce: 6260f0b352e8b0d146e2b2a5cb90b366
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=971c26fec3f119105d9912bd6bda500e90b6b171614a95e1b24b518cd0bc58d6
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // ECS DescribeDisks — V3 (JSON-array string parameter `DiskIds`)
        Capture(
            name: "R9",
            raw: #"""
                POST /?DiskIds=%5B%22d-1%22%2C%22d-2%22%5D&Encrypted=True&KMSKeyId=key-x&PageSize=10&RegionId=cn-hangzhou HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2014-05-26
                x-acs-action: DescribeDisks
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:53:58Z
                x-acs-signature-nonce: a2bc98222241bd12db5b9c6db7b67a1c
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=0b0ab0e95e574fca5d2dad52f4dda03981222e6d5077399ed7e145acaae2ef86
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // ResourceManager ListAccounts — V3
        Capture(
            name: "R10",
            raw: #"""
                POST /?PageNumber=1&PageSize=10 HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2020-03-31
                x-acs-action: ListAccounts
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:54:00Z
                x-acs-signature-nonce: 02eae297bb19880e961d3802f768589d
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=251034174c49452a5e6bd19e1f26950fe461c08a0604ea7753207ad601c5efae
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // KMS ListKeys — V3 (`Filters` JSON string; simulator answered 400 Throttling.User)
        Capture(
            name: "R11",
            raw: #"""
                POST /?Filters=%5B%7B%22Key%22%3A%22KeyState%22%2C%22Values%22%3A%5B%22Enabled%22%5D%7D%5D&PageNumber=1&PageSize=100 HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2016-01-20
                x-acs-action: ListKeys
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:54:01Z
                x-acs-signature-nonce: c2d9835e2fe21f1491bd8bf594d52fd3
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=ade91c95c4b8c26bc4eb2246578a5833249acb48814bcbce2cbce142f96371f2
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // KMS GetKeyPolicy — V3 (simulator answered 503 ServiceUnavailable)
        Capture(
            name: "R12",
            raw: #"""
                POST /?KeyId=key-x&PolicyName=default HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2016-01-20
                x-acs-action: GetKeyPolicy
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:54:01Z
                x-acs-signature-nonce: 047a900898d31df7400eee170ed349c8
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=b9600304918a6966de38df8bb1a4959df67adc0db10d4352053ab0b6d144fa86
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // KMS SetKeyPolicy — V3 (simulator answered 400 Rejected.ShareQuotaExceedLimit)
        Capture(
            name: "R13",
            raw: #"""
                POST /?KeyId=key-x&Policy=%7B%22Version%22%3A+%221%22%2C+%22Statement%22%3A+%5B%7B%22Sid%22%3A+%22Enable+RAM+User+Permissions%22%2C+%22Effect%22%3A+%22Allow%22%2C+%22Principal%22%3A+%7B%22RAM%22%3A+%5B%22acs%3Aram%3A%3A1111222233334444%3A%2A%22%5D%7D%2C+%22Action%22%3A+%5B%22kms%3A%2A%22%5D%2C+%22Resource%22%3A+%5B%22%2A%22%5D%7D%5D%7D&PolicyName=default HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2016-01-20
                x-acs-action: SetKeyPolicy
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:54:01Z
                x-acs-signature-nonce: 28520979aaab5028b90da4aa4a26a4cc
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=5472a80ad2c5cab806b6e819571036fae08f2db4d6c7c2bb1c948cbdf05095f0
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // KMS EnableKey — V3 (simulator answered 400 Throttling + `x-acs-retry-after: 1500`)
        Capture(
            name: "R14",
            raw: #"""
                POST /?KeyId=key-x HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2016-01-20
                x-acs-action: EnableKey
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:54:01Z
                x-acs-signature-nonce: 6b5ff0fc9dbbe217e89037cf3012c712
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=48cde17955e9bbb8dbb5525cf484fa636f44f8b02db3e97b7711483bb0b8ba56
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
        // KMS Decrypt — V3 with a form-encoded body parameter (`Recipient`) → body hash ≠ empty hash
        Capture(
            name: "R15",
            raw: #"""
                POST /?CiphertextBlob=ZHVtbXk%3D&EncryptionContext=%7B%22k%22%3A%22v%22%7D HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2016-01-20
                x-acs-action: Decrypt
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:58:06Z
                x-acs-signature-nonce: 4d70221bd81713ee00cfd1db757be7eb
                accept: application/json
                content-type: application/x-www-form-urlencoded
                x-acs-content-sha256: f8a3bee3f638416aaa67bf88e8d65e66449da2bb833b3357fded60ff5c624efa
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;content-type;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=d37d158594f7cfd28000edccd0f138d46d65aab54a84e7beb1fd2474836172a0
                Content-Length: 45

                Recipient=%7B%22dummy%22%3A%22recipient%22%7D
                """#, secret: "SECRETEXAMPLE"),
        // ECS ModifyImageSharePermission — V3 (list parameter `AddAccount.N`)
        Capture(
            name: "R16",
            raw: #"""
                POST /?AddAccount.1=5555666677778888&AddAccount.2=9999000011112222&ImageId=m-xxxx&RegionId=cn-hangzhou HTTP/1.1
                Accept-Encoding: identity
                host: 127.0.0.1:18080
                x-acs-version: 2014-05-26
                x-acs-action: ModifyImageSharePermission
                user-agent: AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2
                x-acs-date: 2026-11-29T11:58:06Z
                x-acs-signature-nonce: 125c51998a03f32f6c6762beded5fcc4
                accept: application/json
                x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-credentials-provider: static_ak
                Authorization: ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=24f0655dc09cafbeb55037dd71b1bd949e70b17b2ba58bc5210f6574843da5b0
                Content-Length: 0
                """#, secret: "SECRETEXAMPLE"),
    ]
}
