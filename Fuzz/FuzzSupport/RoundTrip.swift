import ACSWire
import CloudAPI

/// Checks that `request` survives the wire: the client's encoding decodes on the server side, and
/// encoding that again gives the same parameters. A failure is a codec asymmetry (a value one side
/// writes and the other refuses or reads differently), so it traps for libFuzzer to report.
package func checkRoundTrip<Request: CloudRequest>(_ request: Request) {
    let encoder = ParameterEncoder()
    guard let first = try? encoder.encode(request) else {
        preconditionFailure("\(Request.action): a decoded request does not encode")
    }
    let table = Dictionary(first, uniquingKeysWith: { earlier, _ in earlier })
    precondition(table.count == first.count, "\(Request.action): the encoding repeats a parameter name")
    let again: Request
    do {
        again = try ParameterDecoder().decode(Request.self, from: table)
    } catch {
        preconditionFailure("\(Request.action): its own encoding does not decode: \(error)")
    }
    guard let second = try? encoder.encode(again) else {
        preconditionFailure("\(Request.action): a re-decoded request does not encode")
    }
    precondition(
        first.map { "\($0)=\($1)" } == second.map { "\($0)=\($1)" },
        "\(Request.action): encoding, decoding and encoding again changed the parameters")
}
