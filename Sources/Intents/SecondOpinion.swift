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
    /// Each intent's position in `intents`.
    private let positions: [IntentID: Int]
    /// Feature → the range of its entries in `entryClass` / `entryGain` and its ordinary-text log-probability, in an
    /// open-addressing table keyed by the feature hash itself (no second hashing per look-up).
    private let slots: [UInt64]
    private let slotStart: [Int32]
    private let slotCount: [Int32]
    private let slotOrdinary: [Float]
    private let mask: Int
    private let entryClass: [UInt16]
    /// `log P(g|c) − base[c]` for the classes that have the feature.
    private let entryGain: [Float]
    /// `log P(unseen|c)`: the smoothed log-probability of a feature class `c` never saw.
    private let base: [Float]

    /// Each training word's share of a verdict, summed over its n-grams (most of what citizens write is among them):
    /// one look-up instead of hashing the word's n-grams. Filled at the end of `init`. Keyed on the word's bytes
    /// (`WordKey`: normalized words, no canonical-equivalence hashing per look-up).
    private var wordIndex: [WordKey: Int32] = [:]
    private var wordParts: [(known: Int32, total: Int32, ordinary: Float, start: Int32, count: Int32)] = []
    private var wordClass: [UInt16] = []
    private var wordGain: [Float] = []

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
        positions = Dictionary(intents.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let grams = max(1, policy.opinionGrams.lowerBound)...max(1, policy.opinionGrams.upperBound)
        self.grams = grams
        let n = intents.count
        // Every (feature, class, weight) occurrence, then sorted and summed: counting without nested dictionaries.
        var occurrences: [(feature: UInt64, c: Int32, weight: Float)] = []
        occurrences.reserveCapacity(1 << 16)
        var totals = [Float](repeating: 0, count: n + 1)
        func add(_ words: [String], to c: Int, weight: Float) {
            Self.forEachFeature(of: words, grams: grams) { f in
                occurrences.append((f, Int32(c), weight))
                totals[c] += weight
            }
        }
        for (c, docs) in documents.enumerated() where c < n { for d in docs { add(d, to: c, weight: 1) } }
        for w in ordinary { add([w], to: n, weight: Float(policy.opinionOrdinaryWeight)) }
        // Without ordinary text there is nothing to tell a request from everyday talk: no opinion at all.
        hasOpinion = !ordinary.isEmpty && totals[n] > 0
        occurrences.sort { $0.feature < $1.feature || ($0.feature == $1.feature && $0.c < $1.c) }
        var distinct = 0
        var previous: UInt64?
        for o in occurrences where o.feature != previous {
            distinct += 1
            previous = o.feature
        }
        let vocabulary = Float(distinct)
        let a = Float(policy.opinionSmoothing)
        let logDenominator = totals.map { logf($0 + a * vocabulary) }
        let base = logDenominator.map { logf(a) - $0 }
        var capacity = 16
        while capacity < 2 * max(distinct, 1) { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        var slotStart = [Int32](repeating: 0, count: capacity)
        var slotCount = [Int32](repeating: 0, count: capacity)
        var slotOrdinary = [Float](repeating: 0, count: capacity)
        let mask = capacity - 1
        var entryClass: [UInt16] = []
        var entryGain: [Float] = []
        var i = 0
        while i < occurrences.count {
            let f = occurrences[i].feature
            let start = Int32(entryClass.count)
            var ordinaryLog = base[n]
            while i < occurrences.count && occurrences[i].feature == f {
                let c = occurrences[i].c
                var k: Float = 0
                while i < occurrences.count && occurrences[i].feature == f && occurrences[i].c == c {
                    k += occurrences[i].weight
                    i += 1
                }
                let lp = logf(k + a) - logDenominator[Int(c)]
                if Int(c) == n {
                    ordinaryLog = lp
                } else {
                    entryClass.append(UInt16(c))
                    entryGain.append(lp - base[Int(c)])
                }
            }
            Self.keepStrongest(classes: &entryClass, gains: &entryGain, from: Int(start))
            var slot = Int(truncatingIfNeeded: f) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = f
            slotStart[slot] = start
            slotCount[slot] = Int32(entryClass.count) - start
            slotOrdinary[slot] = ordinaryLog
        }
        self.slots = slots
        self.slotStart = slotStart
        self.slotCount = slotCount
        self.slotOrdinary = slotOrdinary
        self.mask = mask
        self.entryClass = entryClass
        self.entryGain = entryGain
        self.base = Array(base.prefix(n))

        var trainingWords = Set(ordinary)
        for docs in documents { for d in docs { trainingWords.formUnion(d) } }
        let model = self
        var gains = [Float](repeating: 0, count: n)
        var touched: [Int] = []
        for word in trainingWords.sorted() {
            var part = (known: Int32(0), total: Int32(0), ordinary: Float(0), start: Int32(wordClass.count), count: Int32(0))
            Self.forEachFeature(ofWord: word, grams: grams) { f in
                part.total += 1
                guard let i = model.slot(of: f) else { return }
                part.known += 1
                part.ordinary += model.slotOrdinary[i]
                let start = Int(model.slotStart[i])
                for k in start..<(start + Int(model.slotCount[i])) {
                    let c = Int(model.entryClass[k])
                    if gains[c] == 0 { touched.append(c) }
                    gains[c] += model.entryGain[k]
                }
            }
            guard part.total > 0 else { continue }
            touched.sort()
            for c in touched {
                wordClass.append(UInt16(c))
                wordGain.append(gains[c])
                gains[c] = 0
            }
            touched.removeAll(keepingCapacity: true)
            Self.keepStrongest(classes: &wordClass, gains: &wordGain, from: Int(part.start))
            part.count = Int32(wordClass.count) - part.start
            wordIndex[WordKey(word)] = Int32(wordParts.count)
            wordParts.append(part)
        }
    }

    /// How many intents a feature (or a training word) speaks for at most: its strongest ones. Every real corpus has
    /// fewer intents than this, so it changes nothing there; with thousands of intents it keeps the cost of a message
    /// independent of how many there are (a common n-gram would otherwise add to every one of them).
    static let classesPerFeature = 48

    /// Keeps the `classesPerFeature` largest gains of the entries from `start` on (in class order, as they were).
    static func keepStrongest(classes: inout [UInt16], gains: inout [Float], from start: Int) {
        let count = classes.count - start
        guard count > classesPerFeature else { return }
        let order = (start..<classes.count).sorted { gains[$0] > gains[$1] || (gains[$0] == gains[$1] && $0 < $1) }
        let kept = order.prefix(classesPerFeature).sorted()
        let keptClasses = kept.map { classes[$0] }
        let keptGains = kept.map { gains[$0] }
        classes.removeSubrange(start...)
        gains.removeSubrange(start...)
        classes += keptClasses
        gains += keptGains
    }

    /// The table slot of a feature, if the model has seen it.
    @inline(__always)
    private func slot(of feature: UInt64) -> Int? {
        var i = Int(truncatingIfNeeded: feature) & mask
        while true {
            let key = slots[i]
            if key == feature { return i }
            if key == 0 { return nil }
            i = (i + 1) & mask
        }
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
        for word in words {
            if let w = wordIndex[WordKey(word)] {
                let part = wordParts[Int(w)]
                total += Int(part.total)
                known += Int(part.known)
                ordinarySum += part.ordinary
                let start = Int(part.start)
                for k in start..<(start + Int(part.count)) { sums[Int(wordClass[k])] += wordGain[k] }
                continue
            }
            Self.forEachFeature(ofWord: word, grams: grams) { f in
                total += 1
                guard let i = slot(of: f) else { return }
                known += 1
                ordinarySum += slotOrdinary[i]
                let start = Int(slotStart[i])
                for k in start..<(start + Int(slotCount[i])) { sums[Int(entryClass[k])] += entryGain[k] }
            }
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
        for word in words { forEachFeature(ofWord: word, grams: grams, body) }
    }

    static func forEachFeature(ofWord word: String, grams: ClosedRange<Int>, _ body: (UInt64) -> Void) {
        guard !word.isEmpty, word.utf8.count <= 160, !LanguageIdentifierHelpers.isNumber(word) else { return }
        var scalars: [UInt32] = [1]
        scalars.reserveCapacity(word.utf8.count + 2)
        for s in word.unicodeScalars { scalars.append(s.value) }
        scalars.append(2)
        body(hash(scalars[...], seed: 0x5745))
        guard scalars.count >= 3 else { return }
        for size in grams where size >= 2 && scalars.count >= size {
            for start in 0...(scalars.count - size) {
                body(hash(scalars[start..<(start + size)], seed: UInt64(size)))
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
        return h | 1  // never 0: 0 marks an empty slot of the table
    }
}

extension SecondOpinion {
    /// The public summary of a verdict, with the margins of the intents the rules found evidence for.
    func opinion(on words: [String], candidates: [IntentID]) -> Opinion {
        guard hasOpinion else { return Opinion(best: nil, margin: 0, runnerUp: 0, margins: [:], known: 0) }
        let v = verdict(words)
        guard let best = v.best else { return Opinion(best: nil, margin: 0, runnerUp: 0, margins: [:], known: 0) }
        var margins: [IntentID: Double] = [:]
        for id in candidates { if let i = positions[id] { margins[id] = Double(v.margins[i]) } }
        return Opinion(
            best: intents[best.index], margin: Double(best.margin), runnerUp: Double(v.runnerUp(excluding: best.index)),
            margins: margins, known: v.total == 0 ? 0 : Double(v.known) / Double(v.total))
    }
}
