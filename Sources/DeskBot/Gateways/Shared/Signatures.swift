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
