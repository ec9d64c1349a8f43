import Grants
import Testing

@Suite("Key policy document")
struct KeyPolicyDocumentTests {
    static let foreign =
        #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]},{"Sid":"partner","Effect":"Allow","Principal":{"RAM":["acs:ram::3000000000000001:role/Partner"]},"Action":["kms:Decrypt"],"Resource":["*"]}]}"#
    static let role = "acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole"

    @Test("granting adds a keyshare-owned statement and keeps every foreign statement")
    func grantKeepsForeign() throws {
        var document = try KeyPolicyDocument(text: Self.foreign)
        #expect(document.grant([Self.role]) == [Self.role])
        let again = try KeyPolicyDocument(text: document.text)
        #expect(again.sharedPrincipals == [Self.role])
        #expect(again.statements.count == 3)
        #expect(document.text.contains(#""Sid":"partner""#))
        #expect(document.text.contains(#""Sid":"kms default key policy""#))
    }

    @Test("a second grant of the same principal changes nothing, and the text is canonical")
    func regrantIsNoop() throws {
        var document = try KeyPolicyDocument(text: Self.foreign)
        document.grant([Self.role])
        let text = document.text
        var reread = try KeyPolicyDocument(text: text)
        #expect(reread.grant([Self.role]).isEmpty)
        #expect(reread.text == text)
    }

    @Test("revoking the last principal removes keyshare's statement, nothing else")
    func revokeRemovesStatement() throws {
        var document = try KeyPolicyDocument(text: Self.foreign)
        document.grant([Self.role])
        #expect(document.revoke([Self.role]) == [Self.role])
        #expect(document.statements.count == 2)
        #expect(document.revoke([Self.role]).isEmpty)
    }

    @Test("external accounts include foreign statements' accounts but not the owner")
    func externalAccounts() throws {
        var document = try KeyPolicyDocument(text: Self.foreign)
        document.grant([Self.role])
        #expect(document.externalAccounts(owner: "1000000000000001") == ["2000000000000001", "3000000000000001"])
    }

    @Test("the keyshare Sid uses only characters KMS accepts in a Sid")
    func sidCharacters() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _/+=.@-")
        #expect(KeyPolicyDocument.sid.allSatisfy { allowed.contains($0) })
    }
}
