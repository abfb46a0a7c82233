import Crypto
import Foundation
import _CryptoExtras

/// Staff passwords as salted PBKDF2-HMAC-SHA512 hashes (swift-crypto), stored as
/// `pbkdf2-sha512$<rounds>$<salt base64>$<hash base64>`. No hand-written cryptography: derivation is
/// BoringSSL's, comparison is constant-time.
struct PasswordHasher: Sendable {
    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA512, also swift-crypto's minimum for its checked API.
    static let defaultRounds = 210_000
    let rounds: Int

    init() { rounds = Self.defaultRounds }

    /// Fewer rounds, for tests only (each test login would otherwise cost a debug build about a second).
    init(testingRounds: Int) { rounds = testingRounds }

    /// A new hash of `password` with a fresh 16-byte random salt.
    func hash(_ password: String) throws -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        let key = try Self.derive(password, salt: salt, rounds: rounds)
        return "pbkdf2-sha512$\(rounds)$\(salt.base64EncodedString())$\(key.base64EncodedString())"
    }

    /// Whether `password` matches `stored`; `false` for a malformed hash.
    static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 4, parts[0] == "pbkdf2-sha512", let rounds = Int(parts[1]), rounds >= 1000,
            let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
            let got = try? derive(password, salt: salt, rounds: rounds)
        else { return false }
        return constantTimeEqual(got, expected)
    }

    /// Work the same as a real check, for unknown accounts (the answer's timing does not tell which names exist).
    static func dummyVerify(_ password: String) {
        _ = verify(password, against: "pbkdf2-sha512$\(defaultRounds)$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")
    }

    private static func derive(_ password: String, salt: Data, rounds: Int) throws -> Data {
        // The checked API for real hashes; hashes made with test rounds (below its minimum) are only read back.
        let key =
            rounds >= defaultRounds
            ? try KDF.Insecure.PBKDF2.deriveKey(from: Data(password.utf8), salt: salt, using: .sha512, outputByteCount: 32, rounds: rounds)
            : try KDF.Insecure.PBKDF2.deriveKey(
                from: Data(password.utf8), salt: salt, using: .sha512, outputByteCount: 32, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Data($0) }
    }

    static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }
}

/// Random tokens for sessions and CSRF, and their stored digests.
enum ConsoleToken {
    /// 256 random bits, base64url without padding.
    static func make() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The SHA-256 (hex) a session is stored under: the database never holds a usable cookie.
    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func equal(_ a: String, _ b: String) -> Bool { PasswordHasher.constantTimeEqual(Data(a.utf8), Data(b.utf8)) }
}
