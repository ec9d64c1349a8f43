import Testing

@testable import CloudModel

@Suite("Wildcard patterns")
struct WildcardPatternTests {
    @Test(
        "full-string matching with * and ?",
        arguments: [
            ("*", "", true),
            ("*", "anything:at/all", true),
            ("kms:*", "kms:Decrypt", true),
            ("kms:*", "kms:", true),
            ("kms:*", "ecs:kms:Decrypt", false),
            ("kms:List*", "kms:ListKeys", true),
            ("kms:List*", "kms:DescribeKey", false),
            ("kms:?ncrypt", "kms:Encrypt", true),
            ("kms:?ncrypt", "kms:ReEncrypt", false),
            ("kms:Decrypt", "kms:Decrypt2", false),
            ("kms:Decrypt", "kms:Decryp", false),
            ("a*b*c", "abc", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("??", "a", false),
            ("??", "ab", true),
            ("acs:kms:*:*:*", "acs:kms:cn-hangzhou:1111111111111111:key/key-1", true),
            ("acs:kms:*:*:*", "acs:kms:cn-hangzhou:1111111111111111:key", true),
            ("acs:kms:*:*:*/*", "acs:kms:cn-hangzhou:1111111111111111:key/key-1", true),
            ("acs:kms:*:*:*/*", "acs:kms:cn-hangzhou:1111111111111111:key", false),
            ("acs:kms:*:*:*", "acs:ecs:cn-hangzhou:1:disk/d-1", false),
            ("acs:kms:cn-*:1111111111111111:key/*", "acs:kms:cn-beijing:1111111111111111:key/k", true),
            ("acs:kms:cn-*:1111111111111111:key/*", "acs:kms:ap-southeast-1:1111111111111111:key/k", false),
            ("acs:kms:*:2222222222222222:*", "acs:kms:cn-hangzhou:1111111111111111:key/k", false),
            ("acs:kms:*:*:key/key-1", "acs:kms:cn-hangzhou:1:key/key-10", false),
            ("***", "x", true),
            ("*?", "", false),
        ])
    func caseSensitive(pattern: String, value: String, expected: Bool) {
        #expect(WildcardPattern(pattern).matches(value) == expected)
    }

    @Test(
        "case-insensitive patterns fold letters, sensitive ones do not",
        arguments: [
            ("kms:decrypt", "KMS:Decrypt"), ("KMS:List*", "kms:listkeys"), ("Sts:AssumeRole", "sts:assumerole"),
        ])
    func caseFolding(pattern: String, value: String) {
        #expect(WildcardPattern(pattern, caseInsensitive: true).matches(value))
        #expect(!WildcardPattern(pattern).matches(value))
    }

    @Test(
        "? stands for one character, also outside ASCII",
        arguments: [
            ("密?", "密钥", true, false),
            ("密?", "密", false, false),
            ("*钥", "共享密钥", true, false),
            ("tag/?nv", "tag/énv", true, false),
            ("É*", "élan", true, true),
            ("É*", "élan", false, false),
            ("KEY-?", "key-1", true, true),
        ])
    func nonASCII(pattern: String, value: String, expected: Bool, caseInsensitive: Bool) {
        #expect(WildcardPattern(pattern, caseInsensitive: caseInsensitive).matches(value) == expected)
    }

    @Test("pathological patterns finish quickly (no exponential backtracking)")
    func pathological() {
        let pattern = String(repeating: "*a", count: 40) + "b"
        let value = String(repeating: "a", count: 2_000)
        #expect(!WildcardPattern(pattern).matches(value))
    }
}
