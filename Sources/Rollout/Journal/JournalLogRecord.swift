/// One record of a journal's append-only log: which write it is and the column values it carries,
/// framed so a reader finds where each ends and stops at a record a killed process left half written.
///
/// Frame: payload length (4 bytes, little-endian), payload, FNV-1a of the payload (4 bytes). Payload:
/// kind (1 byte), value count (1 byte), then per value a tag (0 null, 1 integer, 2 real, 3 text) and
/// 8 bytes (integer, real) or a 4-byte length and UTF-8 bytes (text).
struct JournalLogRecord: Sendable, Equatable {
    /// The write a record stands for; its raw value is stored in the log.
    enum Kind: UInt8, Sendable {
        case stepStarted = 1
        case stepFinished = 2
        case targetFinished = 3
        case mutation = 4
    }

    /// A column value.
    enum Value: Sendable, Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)

        /// The UTF-8 length of a text value.
        var textCount: Int? {
            guard case .text(let text) = self else { return nil }
            return text.utf8.count
        }
    }

    /// The write.
    var kind: Kind
    /// Its column values, in the order its fold statement takes them.
    var values: [Value]

    /// The record framed for the log.
    var framed: [UInt8] {
        var frame: [UInt8] = []
        frame.reserveCapacity(values.reduce(14) { $0 + 9 + ($1.textCount ?? 0) })
        // The length is filled in once the payload is written: one buffer, not a payload copied into a frame.
        frame += [0, 0, 0, 0, kind.rawValue, UInt8(truncatingIfNeeded: values.count)]
        for value in values {
            switch value {
            case .null: frame.append(0)
            case .integer(let number):
                frame.append(1)
                Self.append(UInt64(bitPattern: number), bytes: 8, to: &frame)
            case .real(let number):
                frame.append(2)
                Self.append(number.bitPattern, bytes: 8, to: &frame)
            case .text(var text):
                frame.append(3)
                text.withUTF8 { utf8 in
                    Self.append(UInt64(utf8.count), bytes: 4, to: &frame)
                    frame.append(contentsOf: utf8)
                }
            }
        }
        let length = frame.count - 4
        for index in 0..<4 { frame[index] = UInt8(truncatingIfNeeded: length >> (8 * index)) }
        Self.append(UInt64(Self.checksum(frame[4...])), bytes: 4, to: &frame)
        return frame
    }

    /// The whole records framed in `bytes` from its start, with the offset just past the last one.
    /// Reading stops at the first record that is incomplete or damaged (a write the kill cut short).
    static func records(in bytes: [UInt8]) -> (records: [JournalLogRecord], end: Int) {
        var records: [JournalLogRecord] = []
        var offset = 0
        while offset + 8 <= bytes.count {
            let length = Int(read(bytes, at: offset, bytes: 4))
            let start = offset + 4
            guard length >= 2, start + length + 4 <= bytes.count else { break }
            let payload = bytes[start..<(start + length)]
            guard UInt32(read(bytes, at: start + length, bytes: 4)) == checksum(payload),
                let record = decode(payload)
            else { break }
            records.append(record)
            offset = start + length + 4
        }
        return (records, offset)
    }

    private static func decode(_ payload: ArraySlice<UInt8>) -> JournalLogRecord? {
        let bytes = Array(payload)
        guard let kind = Kind(rawValue: bytes[0]) else { return nil }
        let count = Int(bytes[1])
        var values: [Value] = []
        var offset = 2
        for _ in 0..<count {
            guard offset < bytes.count else { return nil }
            let tag = bytes[offset]
            offset += 1
            switch tag {
            case 0: values.append(.null)
            case 1, 2:
                guard offset + 8 <= bytes.count else { return nil }
                let raw = read(bytes, at: offset, bytes: 8)
                values.append(tag == 1 ? .integer(Int64(bitPattern: raw)) : .real(Double(bitPattern: raw)))
                offset += 8
            case 3:
                guard offset + 4 <= bytes.count else { return nil }
                let length = Int(read(bytes, at: offset, bytes: 4))
                offset += 4
                guard offset + length <= bytes.count else { return nil }
                values.append(.text(String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)))
                offset += length
            default: return nil
            }
        }
        guard offset == bytes.count else { return nil }
        return JournalLogRecord(kind: kind, values: values)
    }

    private static func append(_ value: UInt64, bytes: Int, to buffer: inout [UInt8]) {
        for index in 0..<bytes { buffer.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    private static func read(_ bytes: [UInt8], at offset: Int, bytes count: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<count { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }

    private static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        // Over the contiguous buffer: iterating the slice went through its iterator's witness per byte.
        bytes.withUnsafeBufferPointer { buffer in
            var hash: UInt32 = 0x811C_9DC5
            for byte in buffer {
                hash ^= UInt32(byte)
                hash = hash &* 0x0100_0193
            }
            return hash
        }
    }
}
