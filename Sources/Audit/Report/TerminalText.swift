/// Text from the cloud made safe for a terminal: a policy's Sid or a role's description may hold
/// control characters (an escape sequence could rewrite what the user sees), so every control
/// character is printed as `\u{…}` instead.
enum TerminalText {
    /// `text` with control characters spelled out.
    static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Rows of cells padded to aligned columns (the last column is not padded).
    static func table(_ rows: [[String]], indent: String = "") -> [String] {
        let safeRows = rows.map { $0.map(safe) }
        var widths: [Int] = []
        for row in safeRows {
            for (column, cell) in row.enumerated() {
                if column >= widths.count { widths.append(0) }
                widths[column] = max(widths[column], cell.count)
            }
        }
        return safeRows.map { row in
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            return indent + cells.joined(separator: "  ")
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
            || scalar.properties.generalCategory == .format
                && [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069].contains(scalar.value)
    }
}
