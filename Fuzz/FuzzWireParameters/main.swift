// What the simulator server and the client read off the wire: the raw query string, a form body,
// the flattened parameters decoded into a request type of the codec table, and an answer's JSON
// or error body decoded as that request's response; every request the decoder accepts must survive
// encoding and decoding again unchanged. Input: operation byte, shape byte, then the
// text (a query string, a form body or an answer body).
import ACSWire
import CloudAPI
import FuzzSupport

private let operations = CloudOperations.all
private let versions = CloudProduct.allCases.map(\.version)

/// Decodes `type` from the parameters, as the server does before dispatching; whatever the server
/// accepts, the client must carry: re-encoded it decodes again to the same parameters.
private func decodeRequest<Request: CloudRequest>(_ type: Request.Type, _ parameters: [String: String]) {
    guard let request = try? ParameterDecoder().decode(Request.self, from: parameters) else { return }
    checkRoundTrip(request)
}

/// Decodes an answer of `type`, as the client does with whatever the endpoint sent back.
private func decodeAnswer<Request: CloudRequest>(_ type: Request.Type, _ answer: ACSHTTPResponse) {
    _ = try? ACSResponseParser.decode(Request.self, from: answer)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzWireParameters(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard var input = FuzzInput(start, count) else { return -1 }
    let operation = input.pick(operations)
    switch input.byte() % 5 {
    case 0:
        // A query string, routed by its own Action and Version when they name an operation.
        let text = input.remainingText()
        guard let request = try? ACSHTTPRequest(method: "GET", path: "/", rawQuery: text, headers: [], body: []) else {
            return 0
        }
        let parameters = request.parameters
        if let action = parameters["Action"], let version = parameters["Version"],
            let routed = try? OperationCodec.operation(version: version, action: action)
        {
            decodeRequest(routed, parameters)
        }
        decodeRequest(operation, parameters)
    case 1:
        // A form body (the SDKs' POST), merged over a fixed query.
        let body = input.remainingBytes()
        let headers = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
        guard
            let request = try? ACSHTTPRequest(
                method: "POST", path: "/", rawQuery: "Action=\(operation.action)",
                headers: headers, body: body)
        else { return 0 }
        decodeRequest(operation, request.parameters)
    case 2:
        // Already-decoded pairs: names and values separated by 0 bytes, so any text reaches the decoder.
        var parameters: [String: String] = [:]
        while !input.isAtEnd { parameters[input.field()] = input.field() }
        decodeRequest(operation, parameters)
        _ = try? OperationCodec.operation(version: input.pick(versions), action: parameters.keys.first ?? "")
    default:
        // An answer body: success JSON, or an error envelope (JSON or XML) with any status.
        let status = input.pick([200, 400, 403, 404, 500, 503])
        let retry = input.field()
        let answer = ACSHTTPResponse(status: status, headers: ["x-acs-retry-after": retry], body: input.remainingBytes())
        decodeAnswer(operation, answer)
    }
    return 0
}

FuzzDriver.run(fuzzWireParameters)
