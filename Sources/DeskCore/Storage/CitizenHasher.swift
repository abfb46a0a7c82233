import Crypto
import Foundation

/// Identifies citizens by a keyed hash (HMAC-SHA256) of their address, so complaints and sessions never hold a
/// phone number or chat id. The key comes from configuration, or from a file created beside the database.
package struct CitizenHasher: Sendable {
    /// HMAC-SHA256 already keyed (its inner and outer pads hashed once): each pseudonym starts from a copy, so
    /// no key is set up per message.
    private let keyed: Keyed

    package init(key: Data) { keyed = Keyed(HMAC<SHA256>(key: SymmetricKey(data: key))) }

    /// The keyed HMAC state, never changed after `init`; a pseudonym works on its own copy of the value.
    private final class Keyed: @unchecked Sendable {
        let hmac: HMAC<SHA256>
        init(_ hmac: HMAC<SHA256>) { self.hmac = hmac }
    }

    /// The key stored in `path`, created with 32 random bytes (readable by the owner only) when missing.
    package static func keyFile(_ path: String) throws -> CitizenHasher {
        if let data = FileManager.default.contents(atPath: path), data.count >= 16 {
            PrivateFiles.secure(path)
            return CitizenHasher(key: data)
        }
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: path, contents: key, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return CitizenHasher(key: key)
    }

    /// A stable pseudonym for an address on a channel's address space (`+92 300…` and `+92300…` hash alike).
    package func pseudonym(_ address: String) -> String {
        let canonical = address.filter { !$0.isWhitespace && $0 != "-" }.lowercased()
        var hmac = keyed.hmac
        hmac.update(data: Array(canonical.utf8))
        return Self.hex(hmac.finalize().prefix(16))
    }

    /// Lower-case hex of some bytes (without Foundation's format machinery, which costs microseconds a call).
    package static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
