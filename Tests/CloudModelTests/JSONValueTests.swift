import Testing

@testable import CloudModel

@Suite("JSON reading and canonical form")
struct JSONValueTests {
    @Test(
        "canonical JSON sorts keys, drops whitespace and keeps array order and number text",
        arguments: [
            (#"{ "b" : [3, 1, 2], "a" : {"z": 1.50, "y": true} }"#, #"{"a":{"y":true,"z":1.50},"b":[3,1,2]}"#),
            (#"["\u00e9\n", null, false, -0, 1e10]"#, "[\"é\\n\",null,false,-0,1e10]"),
            (#"{"k":"a\/b\"c\\"}"#, #"{"k":"a/b\"c\\"}"#),
            (#"{"emoji":"\ud83d\ude00"}"#, #"{"emoji":"😀"}"#),
            ("{\"ctl\":\"\\u0001\"}", "{\"ctl\":\"\\u0001\"}"),
            (#"["\b\f\r\t"]"#, #"["\u0008\u000c\r\t"]"#),
            (#"{"b":1,"a":2,"b":3}"#, #"{"a":2,"b":1,"b":3}"#),
            (#"{"é":1,"z":2,"Z":3}"#, #"{"Z":3,"z":2,"é":1}"#),
        ])
    func canonical(input: String, expected: String) throws {
        #expect(try JSONValue.parse(input).canonicalText == expected)
    }

    @Test(
        "malformed JSON is refused",
        arguments: [
            "", "{", "{\"a\":1,}", "[1,]", "{'a':1}", "01", "1.", "-", "tru", "\"\\x\"", "\"\\ud83d\"",
            "{\"a\" 1}", "[1 2]", "{} {}", "\"a\nb\"", "// c\n{}", "NaN",
        ])
    func refused(input: String) {
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse(input) }
    }

    @Test("a member is read as its last duplicate, and lastMembersOnly drops the earlier ones at every depth")
    func duplicates() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":[{"c":1,"c":2}],"a":{"d":true}}"#)
        #expect(value["a"]?["d"] == .bool(true))
        #expect(value["missing"] == nil)
        #expect(JSONValue.string("x")["a"] == nil)
        #expect(value.lastMembersOnly.canonicalText == #"{"a":{"d":true},"b":[{"c":2}]}"#)
        #expect(try JSONValue.parse(#"["a",1,"b"]"#).stringList == ["a", "b"])
        #expect(JSONValue.string("a").stringList == ["a"])
        #expect(JSONValue.null.stringList.isEmpty)
    }

    @Test("nesting beyond 64 levels is refused without exhausting the stack")
    func deepNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect((try? JSONValue.parse(fine)) != nil)
    }

    @Test("two documents differing only in layout and key order have the same canonical JSON")
    func documentsCompareByCanonicalForm() throws {
        let a = try PolicyDocument.parse(
            #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#, kind: .identity)
        let b = try PolicyDocument.parse(
            "{\n  \"Statement\": [ {\"Resource\": \"*\", \"Action\": \"kms:*\", \"Effect\": \"Allow\"} ],\n  \"Version\": \"1\"\n}",
            kind: .identity)
        let c = try PolicyDocument.parse(
            #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:*"],"Resource":"*"}]}"#, kind: .identity)
        #expect(a.canonicalJSON == b.canonicalJSON)
        #expect(a == b)
        #expect(a != c)
        #expect(a.canonicalJSON == #"{"Statement":[{"Action":"kms:*","Effect":"Allow","Resource":"*"}],"Version":"1"}"#)
    }
}
