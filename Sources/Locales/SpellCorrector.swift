/// A typo correction: the corpus word a message word was taken for.
public struct Correction: Sendable, Equatable {
    public let word: String
    public let distance: Int
}

/// Bounded edit-distance lookup against a vocabulary through a symmetric-delete index (no linear scan).
///
/// Words of 4–7 letters may be one edit away, longer words two; shorter words are never corrected, and the first
/// letter must match. An edit is an insertion, deletion, substitution or transposition of adjacent letters.
public struct SpellCorrector: Sendable {
    private let words: [[UInt16]]
    private let strings: [String]
    private let frequency: [Int]
    private let known: Set<WordKey>
    /// Hash of a word with some positions deleted → the vocabulary words that produce it.
    private let deletes: [UInt64: [Int32]]
    /// Answers already given (the same words come again and again).
    private let memo = WordMemo<Correction?>()

    /// - Parameters:
    ///   - vocabulary: the words to correct towards, with how often the corpus uses them.
    ///   - known: words of the language that are right as they are and must never be "corrected".
    public init(vocabulary: [String: Int], known: Set<String> = []) {
        var words: [[UInt16]] = []
        var strings: [String] = []
        var frequency: [Int] = []
        var deletes: [UInt64: [Int32]] = [:]
        for (word, count) in vocabulary.sorted(by: { $0.key < $1.key }) {
            let units = Array(word.utf16)
            let distance = SpellCorrector.maxDistance(units.count)
            guard distance > 0 else { continue }
            let id = Int32(words.count)
            words.append(units)
            strings.append(word)
            frequency.append(count)
            SpellCorrector.forEachDelete(units, upTo: distance) { hash in
                if deletes[hash]?.last != id { deletes[hash, default: []].append(id) }
            }
        }
        self.words = words
        self.strings = strings
        self.frequency = frequency
        self.deletes = deletes
        self.known = Set(known.union(vocabulary.keys).map(WordKey.init))
    }

    /// The closest vocabulary word within the allowed distance, or `nil` when the word is known, too short, or
    /// nothing is close enough.
    public func correct(_ token: String) -> Correction? {
        guard !known.contains(WordKey(token)) else { return nil }
        return memo.value(for: token) { search(token) }
    }

    /// `correct` without the memo.
    func search(_ token: String) -> Correction? {
        let units = Array(token.utf16)
        let limit = SpellCorrector.maxDistance(units.count)
        guard limit > 0 else { return nil }
        var best: (id: Int32, distance: Int)?
        var checked = Set<Int32>()
        SpellCorrector.forEachDelete(units, upTo: limit) { hash in
            guard let ids = deletes[hash] else { return }
            for id in ids where checked.insert(id).inserted {
                let candidate = words[Int(id)]
                // People rarely mistype the first letter; "train" is not a typo of "drain".
                guard candidate.first == units.first else { continue }
                let allowed = min(limit, SpellCorrector.maxDistance(candidate.count))
                guard abs(candidate.count - units.count) <= allowed else { continue }
                let d = SpellCorrector.distance(units, candidate, limit: allowed)
                guard d <= allowed else { continue }
                if let current = best {
                    if d < current.distance
                        || (d == current.distance && frequency[Int(id)] > frequency[Int(current.id)])
                    {
                        best = (id, d)
                    }
                } else {
                    best = (id, d)
                }
            }
        }
        guard let best else { return nil }
        return Correction(word: strings[Int(best.id)], distance: best.distance)
    }

    // MARK: - Helpers

    static func maxDistance(_ length: Int) -> Int {
        length >= 8 ? 2 : (length >= 4 ? 1 : 0)
    }

    /// Calls `body` with the hash of the word itself and of every variant with up to `depth` positions deleted.
    static func forEachDelete(_ units: [UInt16], upTo depth: Int, _ body: (UInt64) -> Void) {
        let n = units.count
        body(hash(units, skipping: -1, -1))
        guard depth >= 1 else { return }
        for i in 0..<n {
            body(hash(units, skipping: i, -1))
            guard depth >= 2 else { continue }
            for j in (i + 1)..<n {
                body(hash(units, skipping: i, j))
            }
        }
    }

    @inline(__always)
    private static func hash(_ units: [UInt16], skipping a: Int, _ b: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (k, u) in units.enumerated() where k != a && k != b {
            h = (h ^ UInt64(u)) &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// Optimal-string-alignment distance, giving up (returning `limit + 1`) once it must exceed `limit`.
    static func distance(_ a: [UInt16], _ b: [UInt16], limit: Int) -> Int {
        let n = a.count
        let m = b.count
        if n == 0 { return m }
        if m == 0 { return n }
        var previous2 = [Int](repeating: 0, count: m + 1)
        var previous = Array(0...m)
        var current = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            current[0] = i
            var rowMin = i
            for j in 1...m {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    v = min(v, previous2[j - 2] + 1)
                }
                current[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[m]
    }
}
