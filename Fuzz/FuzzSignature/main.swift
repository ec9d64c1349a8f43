// The server's signature check (V3 ACS3-HMAC-SHA256 in the Authorization header, V1 HMAC-SHA1 in
// the Signature parameter) over requests made of arbitrary parts. Nothing may crash, nothing may
// verify without the secret, and no error may quote the secret. Input: method byte, then the raw
// query, a header count byte, header names and values, each ended by a 0 byte; the rest is the body.
import ACSWire
import CloudAPI
import FuzzSupport

/// The secret the server checks with; the input never knows it, so no input may verify.
private let secret = "fuzz-secret-9f8e7d6c5b4a"

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzSignature(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard var input = FuzzInput(start, count) else { return -1 }
    let method = input.pick(["GET", "POST", "PUT", ""])
    let rawQuery = input.field()
    var headers: [(String, String)] = []
    for _ in 0..<(input.byte() % 12) { headers.append((input.field(), input.field())) }
    let body = input.remainingBytes()
    guard let request = try? ACSHTTPRequest(method: method, path: "/", rawQuery: rawQuery, headers: headers, body: body)
    else { return 0 }
    _ = request.queryString
    let claim: SignatureClaim
    do {
        claim = try SignatureClaim(request)
    } catch {
        precondition(!String(describing: error).contains(secret), "a claim error quotes the secret")
        return 0
    }
    _ = WireTimestamp.parse(claim.timestamp)
    _ = claim.stringToSign(request)
    do {
        try claim.verify(request, secret: secret)
        preconditionFailure("a request verified without knowing the secret")
    } catch {
        precondition(!String(describing: error).contains(secret), "a verification error quotes the secret")
    }
    return 0
}

FuzzDriver.run(fuzzSignature)
