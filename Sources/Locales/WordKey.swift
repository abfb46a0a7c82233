/// A word as a dictionary key, hashed and compared on its UTF-8 bytes.
///
/// Swift's `String` hashes and compares by canonical equivalence, which for non-ASCII text (Arabic, Urdu,
/// Devanagari, accented Latin) means normalizing on every lookup. Normalized tokens are already in one canonical
/// form, so byte equality is exact for them — and many times faster on the classification path.
public struct WordKey: Hashable, Sendable, CustomStringConvertible {
    public let text: String
    private let hashValue64: UInt64

    public init(_ text: String) {
        self.text = text
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        hashValue64 = h
    }

    public static func == (lhs: WordKey, rhs: WordKey) -> Bool {
        lhs.hashValue64 == rhs.hashValue64 && lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(hashValue64) }

    public var description: String { text }
}
