import DeskCore
import Crypto
import Foundation

/// The signature schemes the gateways use, compared in constant time.
enum Signatures {
    /// Twilio: base64 HMAC-SHA1 of the public URL followed by every POST parameter name and value, sorted by name.
    static func twilio(url: String, parameters: [(String, String)], authToken: String) -> String {
        let payload = url + parameters.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }.map { $0.0 + $0.1 }.joined()
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// Hex HMAC-SHA256 of a raw body (WhatsApp's `X-Hub-Signature-256` after `sha256=`, and the generic webhook).
    static func sha256Hex(_ body: [UInt8], key: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(key.utf8)))
        return CitizenHasher.hex(mac)
    }

    /// Constant-time comparison of two signatures.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

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
