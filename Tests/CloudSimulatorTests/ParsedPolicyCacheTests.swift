import CloudModel
import Foundation
import Testing

@testable import CloudSimulator

/// The parse cache must answer exactly what parsing answers — the document or the same error —
/// for valid and invalid documents of every kind, at the size bound, and after it starts over.
@Suite("Parsed policy cache")
struct ParsedPolicyCacheTests {
    static let trust =
        #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}"#
    static let identity =
        #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":["acs:kms:*:*:*/*"]}]}"#
    static let key =
        #"{"Version":"1","Statement":[{"Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]}]}"#

    /// A key policy naming `count` roles, to cross the cache's size bound.
    static func bigKeyPolicy(_ count: Int) -> String {
        let roles = (0..<count).map { #""acs:ram::\#(2_000_000_000_000_000 + $0):role/R""# }.joined(separator: ",")
        return
            #"{"Version":"1","Statement":[{"Effect":"Allow","Principal":{"RAM":[\#(roles)]},"Action":["kms:Decrypt"],"Resource":["*"]}]}"#
    }

    static let cases: [(String, PolicyKind)] = [
        (trust, .trust), (trust, .identity), (trust, .keyPolicy),
        (identity, .identity), (identity, .trust), (identity, .keyPolicy),
        (key, .keyPolicy), (key, .identity),
        ("", .identity), ("{", .trust), ("[]", .keyPolicy), (#"{"Version":"2","Statement":[]}"#, .identity),
        (
            #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::1:role/gone"]}}]}"#,
            .trust
        ),
        (" " + trust, .trust), (trust.replacingOccurrences(of: "Allow", with: "allow"), .trust),
        (bigKeyPolicy(150), .keyPolicy), (bigKeyPolicy(200), .keyPolicy), (bigKeyPolicy(900), .keyPolicy),
        (String(repeating: " ", count: 7_000) + identity, .identity),
    ]

    /// The comparable form of a parse: the canonical document and its flags, or the error.
    static func summary(_ result: Result<StoredPolicy, PolicyError>) -> String {
        switch result {
        case .success(let policy):
            "ok \(policy.document.kind) \(policy.hasDeny) \(policy.hasConditions) \(policy.document.canonicalJSON)"
        case .failure(let error): "error \(error)"
        }
    }

    @Test("the cached answer equals a fresh parse, first and second time", arguments: 0..<cases.count)
    func agrees(index: Int) {
        let (text, kind) = Self.cases[index]
        let fresh = Self.summary(ParsedPolicyCache.fresh(text, kind: kind))
        #expect(Self.summary(ParsedPolicyCache.parse(text, kind: kind)) == fresh)
        #expect(Self.summary(ParsedPolicyCache.parse(text, kind: kind)) == fresh)
        #expect(Self.summary(SimulatedCloud.parseDocument(text, kind: kind)) == fresh)
    }

    @Test("after the cache starts over, answers are still right")
    func startsOver() {
        for index in 0..<(ParsedPolicyCache.capacity + 10) {
            let text = Self.identity.replacingOccurrences(of: "kms:Decrypt", with: "kms:Decrypt\(index)")
            _ = ParsedPolicyCache.parse(text, kind: .identity)
        }
        for (text, kind) in Self.cases {
            #expect(
                Self.summary(ParsedPolicyCache.parse(text, kind: kind)) == Self.summary(ParsedPolicyCache.fresh(text, kind: kind))
            )
        }
    }
}
