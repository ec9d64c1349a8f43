/// The two URL encodings of the Alibaba wire: RFC 3986 for signing, form encoding on the wire.
///
/// SDKs put `+` for spaces in the query (form rules) but sign the RFC 3986 form (`%20`), so a
/// verifier must decode the wire query and re-encode it; it never signs the raw query text.
package enum PercentEncoding {
    /// RFC 3986 encoding of the UTF-8 bytes: `A–Z a–z 0–9 - _ . ~` kept, everything else `%XX`
    /// with upper-case hex (space `%20`, `*` `%2A`, `/` `%2F`).
    package static func rfc3986(_ text: String) -> String {
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes one form-encoded component (`+` is a space, `%XX` a byte).
    ///
    /// Returns nil when the bytes are not UTF-8 or a `%` escape is malformed, so the caller can
    /// answer `InvalidParameter` instead of guessing.
    package static func formDecode<Bytes: Collection<UInt8>>(_ component: Bytes) -> String? {
        var output = [UInt8]()
        output.reserveCapacity(component.count)
        var index = component.startIndex
        while index != component.endIndex {
            let byte = component[index]
            switch byte {
            case UInt8(ascii: "+"):
                output.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = component.index(after: index)
                guard high != component.endIndex else { return nil }
                let low = component.index(after: high)
                guard low != component.endIndex, let h = hexValue(component[high]), let l = hexValue(component[low])
                else { return nil }
                output.append(h << 4 | l)
                index = low
            default:
                output.append(byte)
            }
            index = component.index(after: index)
        }
        return String(validating: output, as: UTF8.self)
    }

    /// Splits form-encoded text (`a=1&b=2`, a query or an `application/x-www-form-urlencoded`
    /// body) into decoded pairs in wire order; nil when any component is not valid UTF-8.
    package static func formPairs<Bytes: Collection<UInt8>>(_ text: Bytes) -> [(String, String)]? {
        var pairs = [(String, String)]()
        for field in text.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = field.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = formDecode(parts[0]) else { return nil }
            guard let value = parts.count > 1 ? formDecode(parts[1]) : "" else { return nil }
            if name.isEmpty { continue }
            pairs.append((name, value))
        }
        return pairs
    }

    /// Encodes pairs as a query string with RFC 3986 escapes, which every Alibaba server accepts.
    package static func queryString(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(rfc3986($0.0))=\(rfc3986($0.1))" }.joined(separator: "&")
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
