import ACSWire
import Foundation

extension ACSHTTPRequest {
    /// The request as HTTP/1.1 bytes on the wire.
    var wireText: String {
        let target = query.isEmpty ? path : "\(path)?\(queryString)"
        var text = "\(method) \(target) HTTP/1.1\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        text += "content-length: \(body.count)\r\n\r\n"
        return text + String(decoding: body, as: UTF8.self)
    }
}
