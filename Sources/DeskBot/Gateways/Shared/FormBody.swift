import Foundation

/// `application/x-www-form-urlencoded` bodies and query strings, keeping every pair in order.
enum FormBody {
    static func parse(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// `+` and `%XX` decoded to bytes, then read as UTF-8. (Foundation's `removingPercentEncoding` drops a
    /// leading byte-order mark from a value, which breaks the Twilio signature of a message that starts with one.)
    static func decode(_ s: Substring) -> String {
        String(decoding: KannelQuery.bytes(s), as: UTF8.self)
    }

    /// Percent-encodes a value for a form body.
    static func encode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { k, v in
            (k.addingPercentEncoding(withAllowedCharacters: allowed) ?? k) + "="
                + (v.addingPercentEncoding(withAllowedCharacters: allowed) ?? v)
        }.joined(separator: "&")
    }
}

extension Array where Element == (String, String) {
    func value(_ name: String) -> String? { first { $0.0 == name }?.1 }
}
