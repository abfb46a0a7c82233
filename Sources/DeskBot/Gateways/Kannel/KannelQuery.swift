import Foundation

/// Percent-decoding to bytes (Kannel's `%b` may carry UTF-16BE or Latin-1 bytes that are not UTF-8).
enum KannelQuery {
    static func rawPairs(_ query: String) -> [(String, [UInt8])] {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(decoding: bytes(parts[0]), as: UTF8.self), parts.count > 1 ? bytes(parts[1]) : [])
        }
    }

    static func bytes(_ s: Substring) -> [UInt8] {
        var out: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b == UInt8(ascii: "%"), it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v)
                it = it.dropFirst(2)
            } else {
                out.append(b)
            }
        }
        return out
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
