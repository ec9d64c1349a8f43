import Foundation

/// An IPv4 or IPv6 address block from `IpAddress`/`NotIpAddress`: a single address or CIDR.
package struct IPAddressRange: Hashable, Sendable {
    /// The network address bytes (4 or 16).
    package let bytes: [UInt8]
    /// The prefix length in bits.
    package let prefixLength: Int

    /// Parses `192.168.0.0/16`, `10.1.2.3`, `2001:db8::/32`; nil when it is neither.
    package init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.address(String(parts[0])) else { return nil }
        let bits = address.count * 8
        var prefix = bits
        if parts.count == 2 {
            guard (1...3).contains(parts[1].utf8.count), parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                let value = Int(parts[1]), (0...bits).contains(value)
            else { return nil }
            prefix = value
        }
        self.bytes = address
        self.prefixLength = prefix
    }

    /// Whether `address` (a plain address, not a block) lies in this block; an unparsable address
    /// or one of the other family never does.
    package func contains(_ address: String) -> Bool {
        guard let candidate = Self.address(address), candidate.count == bytes.count else { return false }
        var remaining = prefixLength
        for (own, other) in zip(bytes, candidate) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if own & mask != other & mask { return false }
            remaining -= 8
        }
        return true
    }

    /// Parses a dotted-quad IPv4 or a colon-hex IPv6 address (with `::`, without zone or
    /// embedded IPv4) into its bytes.
    static func address(_ text: String) -> [UInt8]? {
        text.utf8.contains(UInt8(ascii: ":")) ? ipv6(text) : ipv4(text)
    }

    private static func ipv4(_ text: String) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(4)
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            if (0x30...0x39).contains(byte) {
                value = value * 10 + Int(byte - 0x30)
                digits += 1
                guard digits <= 3, value <= 255 else { return nil }
            } else if byte == UInt8(ascii: "."), digits > 0, result.count < 3 {
                result.append(UInt8(value))
                value = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0, result.count == 3 else { return nil }
        result.append(UInt8(value))
        return result
    }

    private static func ipv6(_ text: String) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit),
                    let value = UInt16(group, radix: 16)
                else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}
