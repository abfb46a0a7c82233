import Foundation
import Testing

@testable import DeskCore

/// Pseudonyms must never change between versions (stored complaints and sessions are keyed by them): the first
/// 16 bytes of HMAC-SHA256(key, canonical address), checked against Python's `hmac` module, and the same from
/// many tasks at once (each starts from its own copy of the keyed state).
@Suite struct CitizenHasherVectorTests {
    @Test func pseudonymsMatchHMACSHA256Vectors() {
        let hasher = CitizenHasher(key: Data(repeating: UInt8(ascii: "k"), count: 32))
        #expect(hasher.pseudonym("+254 700-000 001") == "c3bb2ef84db73d5132abfe6be5992e6c")
        #expect(hasher.pseudonym("+254700000001") == "c3bb2ef84db73d5132abfe6be5992e6c")
        let other = CitizenHasher(key: Data("a long random secret, the same".utf8))
        #expect(other.pseudonym("TELEGRAM-42") == "cb2cd8cc21803583c3727f4d89888aab")
    }

    @Test func pseudonymsAreStableUnderConcurrency() async {
        let hasher = CitizenHasher(key: Data(repeating: UInt8(ascii: "k"), count: 32))
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<200 { group.addTask { hasher.pseudonym("+254700000001") } }
            return await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(results == ["c3bb2ef84db73d5132abfe6be5992e6c"])
    }
}
