import Foundation

/// Percent-decoding to bytes (Kannel's `%b` may carry UTF-16BE or Latin-1 bytes that are not UTF-8).
enum KannelQuery {
    static func rawPairs(_ query: String) -> [(String, [UInt8])] {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(decoding: bytes(parts[0]), as: UTF8.self), parts.count > 1 ? bytes(parts[1]) : [])
        }
    }

    /// Percent-decodes a query part (`+` is a space; a `%` not followed by two hex digits stays as it is). Runs
    /// on every webhook request, so it walks the UTF-8 bytes once without making a string per escape.
    static func bytes(_ s: Substring) -> [UInt8] {
        let utf8 = s.utf8
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            utf8.formIndex(after: &i)
            if b == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b == UInt8(ascii: "%"), i != utf8.endIndex, let high = hexValue(utf8[i]) {
                let next = utf8.index(after: i)
                if next != utf8.endIndex, let low = hexValue(utf8[next]) {
                    out.append(high << 4 | low)
                    i = utf8.index(after: next)
                } else {
                    out.append(b)
                }
            } else {
                out.append(b)
            }
        }
        return out
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The `charset=` of a Content-Type header.
    static func charset(ofContentType type: String?) -> String? {
        guard let type else { return nil }
        for part in type.split(separator: ";") {
            let kv = part.trimmingCharacters(in: .whitespaces)
            if kv.lowercased().hasPrefix("charset=") { return String(kv.dropFirst(8)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    static func decode(_ bytes: [UInt8], coding: String?, charset: String?) -> String? {
        let name = (charset ?? "").uppercased()
        if coding == "2" || name.hasPrefix("UTF-16") || name.hasPrefix("UCS-2") || name.hasPrefix("UCS2") {
            guard bytes.count % 2 == 0 else { return nil }
            let units = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            return String(decoding: units, as: UTF16.self)
        }
        if name == "ISO-8859-1" || name == "LATIN1" || name == "WINDOWS-1252" || name == "CP1252" {
            return String(bytes.map { Character(Unicode.Scalar($0)) })
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
