import Grants
import Testing

/// The text keyshare writes back with `SetKeyPolicy` is compared with the cloud's by run, plan and
/// drift: these are the texts the writer produced before the one JSON type replaced Grants' own,
/// byte for byte (numbers excepted: literals are now kept as written instead of rounded through a
/// Double, which rewrote a 20-digit condition value).
@Suite("Key policy canonical text")
struct KeyPolicyCanonicalTextTests {
    static let role = "acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole"

    /// (policy as read, the text written back unchanged, the text after granting ``role``).
    static let cases: [(input: String, unchanged: String, granted: String)] = [
        (
            #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]}]}"#,
            #"{"Statement":[{"Action":["kms:*"],"Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Resource":["*"],"Sid":"kms default key policy"}],"Version":"1"}"#,
            #"{"Statement":[{"Action":["kms:*"],"Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Resource":["*"],"Sid":"kms default key policy"},{"Action":["kms:Decrypt","kms:DescribeKey","kms:Encrypt","kms:GenerateDataKey","kms:List*","kms:TagResource","kms:UntagResource"],"Effect":"Allow","Principal":{"RAM":["acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole"]},"Resource":["*"],"Sid":"keyshare/shared-use"}],"Version":"1"}"#
        ),
        (
            "{\n  \"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"RAM\": \"acs:ram::1000000000000001:*\"}, \"Action\": \"kms:*\", \"Resource\": \"*\"}\n}",
            #"{"Statement":[{"Action":"kms:*","Effect":"Allow","Principal":{"RAM":"acs:ram::1000000000000001:*"},"Resource":"*"}],"Version":"1"}"#,
            #"{"Statement":[{"Action":"kms:*","Effect":"Allow","Principal":{"RAM":"acs:ram::1000000000000001:*"},"Resource":"*"},{"Action":["kms:Decrypt","kms:DescribeKey","kms:Encrypt","kms:GenerateDataKey","kms:List*","kms:TagResource","kms:UntagResource"],"Effect":"Allow","Principal":{"RAM":["acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole"]},"Resource":["*"],"Sid":"keyshare/shared-use"}],"Version":"1"}"#
        ),
        (
            #"{"Version":"1","Statement":[{"Effect":"Deny","Principal":{"RAM":["*"]},"Action":["kms:Decrypt"],"Resource":["*"],"Condition":{"NumericLessThan":{"kms:x":10,"kms:y":-3,"kms:z":1.5},"Bool":{"acs:SecureTransport":false},"IpAddress":{"acs:SourceIp":["10.0.0.0/8"]}}}]}"#,
            #"{"Statement":[{"Action":["kms:Decrypt"],"Condition":{"Bool":{"acs:SecureTransport":false},"IpAddress":{"acs:SourceIp":["10.0.0.0/8"]},"NumericLessThan":{"kms:x":10,"kms:y":-3,"kms:z":1.5}},"Effect":"Deny","Principal":{"RAM":["*"]},"Resource":["*"]}],"Version":"1"}"#,
            #"{"Statement":[{"Action":["kms:Decrypt"],"Condition":{"Bool":{"acs:SecureTransport":false},"IpAddress":{"acs:SourceIp":["10.0.0.0/8"]},"NumericLessThan":{"kms:x":10,"kms:y":-3,"kms:z":1.5}},"Effect":"Deny","Principal":{"RAM":["*"]},"Resource":["*"]},{"Action":["kms:Decrypt","kms:DescribeKey","kms:Encrypt","kms:GenerateDataKey","kms:List*","kms:TagResource","kms:UntagResource"],"Effect":"Allow","Principal":{"RAM":["acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole"]},"Resource":["*"],"Sid":"keyshare/shared-use"}],"Version":"1"}"#
        ),
        (
            #"{"Version":"1","Statement":[{"Sid":"q\"b\\s\/\u00e9\u0001\ttab\nnl","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"],"Extra":null,"Z":{},"A":[]}],"Other":[1,true,null,"x"]}"#,
            #"{"Other":[1,true,null,"x"],"Statement":[{"A":[],"Action":["kms:*"],"Effect":"Allow","Extra":null,"Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Resource":["*"],"Sid":"q\"b\\s/é\u0001\ttab\nnl","Z":{}}],"Version":"1"}"#,
            #"{"Other":[1,true,null,"x"],"Statement":[{"A":[],"Action":["kms:*"],"Effect":"Allow","Extra":null,"Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Resource":["*"],"Sid":"q\"b\\s/é\u0001\ttab\nnl","Z":{}},{"Action":["kms:Decrypt","kms:DescribeKey","kms:Encrypt","kms:GenerateDataKey","kms:List*","kms:TagResource","kms:UntagResource"],"Effect":"Allow","Principal":{"RAM":["acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole"]},"Resource":["*"],"Sid":"keyshare/shared-use"}],"Version":"1"}"#
        ),
        (
            #"{"Version":"1","Statement":[{"Sid":"keyshare/shared-use","Effect":"Allow","Principal":{"RAM":["acs:ram::3000000000000001:role/B","acs:ram::3000000000000001:role/A"]},"Action":["kms:Decrypt"],"Resource":["*"]}],"Ünïcode":"😀","aa":1,"B":2}"#,
            #"{"B":2,"Statement":[{"Action":["kms:Decrypt"],"Effect":"Allow","Principal":{"RAM":["acs:ram::3000000000000001:role/B","acs:ram::3000000000000001:role/A"]},"Resource":["*"],"Sid":"keyshare/shared-use"}],"Version":"1","aa":1,"Ünïcode":"😀"}"#,
            #"{"B":2,"Statement":[{"Action":["kms:Decrypt","kms:DescribeKey","kms:Encrypt","kms:GenerateDataKey","kms:List*","kms:TagResource","kms:UntagResource"],"Effect":"Allow","Principal":{"RAM":["acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole","acs:ram::3000000000000001:role/A","acs:ram::3000000000000001:role/B"]},"Resource":["*"],"Sid":"keyshare/shared-use"}],"Version":"1","aa":1,"Ünïcode":"😀"}"#
        ),
        (
            #"{"Version":"1","Version":"1","Statement":[{"Sid":"a\b\f","Sid":"dup","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]}]}"#,
            #"{"Statement":[{"Action":["kms:*"],"Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Resource":["*"],"Sid":"dup"}],"Version":"1"}"#,
            #"{"Statement":[{"Action":["kms:*"],"Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Resource":["*"],"Sid":"dup"},{"Action":["kms:Decrypt","kms:DescribeKey","kms:Encrypt","kms:GenerateDataKey","kms:List*","kms:TagResource","kms:UntagResource"],"Effect":"Allow","Principal":{"RAM":["acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole"]},"Resource":["*"],"Sid":"keyshare/shared-use"}],"Version":"1"}"#
        ),
        (
            #"{"Version":"1","Statement":[{"Effect":"Allow","Principal":{"RAM":["*"]},"Action":["kms:*"],"Resource":["*"],"Condition":{"NumericEquals":{"kms:a":1.50,"kms:b":1e3,"kms:c":-0,"kms:d":12345678901234567890}}}]}"#,
            #"{"Statement":[{"Action":["kms:*"],"Condition":{"NumericEquals":{"kms:a":1.50,"kms:b":1e3,"kms:c":-0,"kms:d":12345678901234567890}},"Effect":"Allow","Principal":{"RAM":["*"]},"Resource":["*"]}],"Version":"1"}"#,
            #"{"Statement":[{"Action":["kms:*"],"Condition":{"NumericEquals":{"kms:a":1.50,"kms:b":1e3,"kms:c":-0,"kms:d":12345678901234567890}},"Effect":"Allow","Principal":{"RAM":["*"]},"Resource":["*"]},{"Action":["kms:Decrypt","kms:DescribeKey","kms:Encrypt","kms:GenerateDataKey","kms:List*","kms:TagResource","kms:UntagResource"],"Effect":"Allow","Principal":{"RAM":["acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole"]},"Resource":["*"],"Sid":"keyshare/shared-use"}],"Version":"1"}"#
        ),
    ]

    @Test("the written text is canonical and unchanged by the move to one JSON type", arguments: cases)
    func writtenText(input: String, unchanged: String, granted: String) throws {
        var document = try KeyPolicyDocument(text: input)
        #expect(document.text == unchanged)
        document.grant([Self.role])
        #expect(document.text == granted)
        #expect(try KeyPolicyDocument(text: granted).text == granted)
    }

    @Test(
        "text that is not a JSON object policy is refused with a keyshare error",
        arguments: [
            ("{", "keyshare.InvalidJSON"), ("[]", "keyshare.InvalidKeyPolicy"),
            (#"{"Statement":"x"}"#, "keyshare.InvalidKeyPolicy"),
            (#"{"Statement":null}"#, "keyshare.InvalidKeyPolicy"), ("", "keyshare.InvalidJSON"),
        ])
    func refused(input: String, code: String) {
        #expect { try KeyPolicyDocument(text: input) } throws: { ($0 as? KeyPolicyEditError)?.code == code }
    }
}
