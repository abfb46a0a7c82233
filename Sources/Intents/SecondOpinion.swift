#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Locales

/// A statistical second opinion next to the rules: a naive-Bayes model over character n-grams, trained when the
/// engine is built from the locale's corpus alone — each intent's examples, keywords, phrases and patterns — against
/// one more class, *ordinary text*, made of the locale's most frequent words (`corpora/lexicons/<locale>.freq.txt`).
///
/// For a message it tells, per intent, how much more the message's n-grams look like that intent's corpus than like
/// ordinary text: the mean, over all of the message's n-grams, of `log P(g | intent) − log P(g | ordinary)` (n-grams
/// the model has never seen count 0, so one keyword in a long message about something else is diluted). The rules
/// and the model make different mistakes (the rules: one corpus word in an unrelated sentence; the model: look-alike
/// spellings), so the engine accepts an intent only when the model does not speak against it, and lets the model
/// settle a clarification when it clearly backs one of the offered intents (see `Review`).
///
/// Pure and deterministic: FNV hashes of the n-grams, no randomness, no I/O.
struct SecondOpinion: Sendable {
    /// Intent classes in `KeywordIndex.intents` order.
    let intents: [IntentID]
    /// Feature → the range of its entries in `entryClass` / `entryGain`.
    private let features: [UInt64: (start: Int32, count: Int32, ordinary: Float)]
    private let entryClass: [UInt16]
    /// `log P(g|c) − base[c]` for the classes that have the feature.
    private let entryGain: [Float]
    /// `log P(unseen|c)`: the smoothed log-probability of a feature class `c` never saw.
    private let base: [Float]

    let grams: ClosedRange<Int>
    /// Whether the model was trained against ordinary text (a frequency list); without it, it gives no opinion.
    let hasOpinion: Bool

    /// Trains the model.
    /// - Parameters:
    ///   - intents: the intent ids, in index order.
    ///   - documents: per intent (same order), its corpus texts already split into words (after variants).
    ///   - ordinary: words of ordinary text in the locale (most frequent first).
    ///   - policy: the smoothing, the n-gram sizes and the weight of ordinary words.
    init(intents: [IntentID], documents: [[[String]]], ordinary: [String], policy: ScoringPolicy) {
        self.intents = intents
        let grams = max(1, policy.opinionGrams.lowerBound)...max(1, policy.opinionGrams.upperBound)
        self.grams = grams
        let n = intents.count
        var counts: [UInt64: [Int: Float]] = [:]
        var totals = [Float](repeating: 0, count: n + 1)
        func add(_ words: [String], to c: Int, weight: Float) {
            Self.forEachFeature(of: words, grams: grams) { f in
                counts[f, default: [:]][c, default: 0] += weight
                totals[c] += weight
            }
        }
        for (c, docs) in documents.enumerated() where c < n { for d in docs { add(d, to: c, weight: 1) } }
        for w in ordinary { add([w], to: n, weight: Float(policy.opinionOrdinaryWeight)) }
        // Without ordinary text there is nothing to tell a request from everyday talk: no opinion at all.
        hasOpinion = !ordinary.isEmpty && totals[n] > 0
        let vocabulary = Float(counts.count)
        let a = Float(policy.opinionSmoothing)
        let logDenominator = totals.map { logf($0 + a * vocabulary) }
        let base = logDenominator.map { logf(a) - $0 }
        var features: [UInt64: (start: Int32, count: Int32, ordinary: Float)] = [:]
        features.reserveCapacity(counts.count)
        var entryClass: [UInt16] = []
        var entryGain: [Float] = []
        for (f, perClass) in counts {
            let start = Int32(entryClass.count)
            var ordinary = base[n]
            for (c, k) in perClass.sorted(by: { $0.key < $1.key }) {
                let lp = logf(k + a) - logDenominator[c]
                if c == n {
                    ordinary = lp
                } else {
                    entryClass.append(UInt16(c))
                    entryGain.append(lp - base[c])
                }
            }
            features[f] = (start, Int32(entryClass.count) - start, ordinary)
        }
        self.features = features
        self.entryClass = entryClass
        self.entryGain = entryGain
        self.base = Array(base.prefix(n))
    }

    /// What the model thinks of a message.
    struct Verdict: Sendable, Equatable {
        /// Per intent (index order): the mean log-ratio against ordinary text over the message's n-grams.
        var margins: [Float]
        /// How many of the message's n-grams the model knows, and how many it has.
        var known: Int
        var total: Int

        var best: (index: Int, margin: Float)? {
            guard let i = margins.indices.max(by: { margins[$0] < margins[$1] }) else { return nil }
            return (i, margins[i])
        }

        /// The best margin among the intents other than `index`.
        func runnerUp(excluding index: Int) -> Float {
            var r = -Float.infinity
            for (i, m) in margins.enumerated() where i != index && m > r { r = m }
            return r
        }
    }

    func verdict(_ words: [String]) -> Verdict {
        let n = intents.count
        var sums = [Float](repeating: 0, count: n)
        var ordinarySum: Float = 0
        var known = 0
        var total = 0
        Self.forEachFeature(of: words, grams: grams) { f in
            total += 1
            guard let entry = features[f] else { return }
            known += 1
            ordinarySum += entry.ordinary
            let end = Int(entry.start + entry.count)
            for k in Int(entry.start)..<end { sums[Int(entryClass[k])] += entryGain[k] }
        }
        guard total > 0 else { return Verdict(margins: [Float](repeating: 0, count: n), known: 0, total: 0) }
        let scale = 1 / Float(total)
        var margins = [Float](repeating: 0, count: n)
        for c in 0..<n { margins[c] = (sums[c] + Float(known) * base[c] - ordinarySum) * scale }
        return Verdict(margins: margins, known: known, total: total)
    }

    /// The features of a word list: each word whole, and its character n-grams (`grams`) with word boundaries.
    /// Numbers and very long words are skipped (the cost of a message stays linear and small).
    static func forEachFeature(of words: [String], grams: ClosedRange<Int>, _ body: (UInt64) -> Void) {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(48)
        for word in words {
            guard !word.isEmpty, word.utf8.count <= 160, !LanguageIdentifierHelpers.isNumber(word) else { continue }
            scalars.removeAll(keepingCapacity: true)
            scalars.append(1)
            for s in word.unicodeScalars { scalars.append(s.value) }
            scalars.append(2)
            body(hash(scalars[...], seed: 0x5745))
            guard scalars.count >= 3 else { continue }
            for size in grams where size >= 2 && scalars.count >= size {
                for start in 0...(scalars.count - size) {
                    body(hash(scalars[start..<(start + size)], seed: UInt64(size)))
                }
            }
        }
    }

    @inline(__always)
    static func hash(_ scalars: ArraySlice<UInt32>, seed: UInt64) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for s in scalars {
            h ^= UInt64(s)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}

extension SecondOpinion {
    /// The public summary of a verdict, with the margins of the intents the rules found evidence for.
    func opinion(on words: [String], candidates: [IntentID]) -> Opinion {
        let v = verdict(words)
        guard hasOpinion, let best = v.best else { return Opinion(best: nil, margin: 0, runnerUp: 0, margins: [:], known: 0) }
        var margins: [IntentID: Double] = [:]
        for id in candidates { if let i = intents.firstIndex(of: id) { margins[id] = Double(v.margins[i]) } }
        return Opinion(
            best: intents[best.index], margin: Double(best.margin), runnerUp: Double(v.runnerUp(excluding: best.index)),
            margins: margins, known: v.total == 0 ? 0 : Double(v.known) / Double(v.total))
    }
}
