/// One candidate language for a message, with its probability among the candidates.
public struct LanguageScore: Sendable, Equatable {
    public let locale: LocaleID
    public let probability: Double

    public init(locale: LocaleID, probability: Double) {
        self.locale = locale
        self.probability = probability
    }
}

/// What the identifier learns about one locale: its script and a sample of its text (already normalized, without
/// variant rules), usually everything its corpus contains.
public struct LanguageSample: Sendable {
    public let locale: LocaleID
    public let script: Script
    public let tokens: [String]

    public init(locale: LocaleID, script: Script, tokens: [String]) {
        self.locale = locale
        self.script = script
        self.tokens = tokens
    }
}

/// Tells the installed locales apart: script first, then a naive-Bayes model over words, backed off to character
/// trigrams for words no locale has seen, plus the letters that only Urdu or only Arabic use.
public struct LanguageIdentifier: Sendable {
    public let locales: [LocaleID]
    private let scripts: [Script]
    /// Log-probabilities, one row of `locales.count` values per word or trigram, in flat tables (no per-lookup
    /// array traffic on the hot path).
    private let wordRow: [WordKey: Int32]
    private let wordTable: [Float]
    private let unseenWordLogP: [Float]
    private let trigramRow: [UInt64: Int32]
    private let trigramTable: [Float]
    private let unseenTrigramLogP: [Float]

    public init(samples: [LanguageSample]) {
        locales = samples.map(\.locale)
        scripts = samples.map(\.script)
        let k = samples.count
        let alpha: Float = 0.5

        var wordCounts: [String: [Float]] = [:]
        var trigramCounts: [UInt64: [Float]] = [:]
        var wordTotals = [Float](repeating: 0, count: k)
        var trigramTotals = [Float](repeating: 0, count: k)
        for (i, sample) in samples.enumerated() {
            for token in sample.tokens where !LanguageIdentifier.isNumber(token) {
                wordCounts[token, default: [Float](repeating: 0, count: k)][i] += 1
                wordTotals[i] += 1
                LanguageIdentifier.forEachTrigram(token) { hash in
                    trigramCounts[hash, default: [Float](repeating: 0, count: k)][i] += 1
                    trigramTotals[i] += 1
                }
            }
        }
        let vocabulary = Float(max(wordCounts.count, 1))
        let trigramVocabulary = Float(max(trigramCounts.count, 1))
        let wordDenominators = wordTotals.map { $0 + alpha * vocabulary }
        let trigramDenominators = trigramTotals.map { $0 + alpha * trigramVocabulary }
        var wordRow: [WordKey: Int32] = [:]
        var wordTable: [Float] = []
        for (word, counts) in wordCounts {
            wordRow[WordKey(word)] = Int32(wordTable.count / max(k, 1))
            wordTable += (0..<k).map { logf((counts[$0] + alpha) / wordDenominators[$0]) }
        }
        var trigramRow: [UInt64: Int32] = [:]
        var trigramTable: [Float] = []
        for (hash, counts) in trigramCounts {
            trigramRow[hash] = Int32(trigramTable.count / max(k, 1))
            trigramTable += (0..<k).map { logf((counts[$0] + alpha) / trigramDenominators[$0]) }
        }
        self.wordRow = wordRow
        self.wordTable = wordTable
        self.trigramRow = trigramRow
        self.trigramTable = trigramTable
        unseenWordLogP = wordDenominators.map { logf(alpha / $0) }
        unseenTrigramLogP = trigramDenominators.map { logf(alpha / $0) }
    }

    /// Ranked candidates (best first) among the locales written in the message's dominant script. A message with
    /// no letters gets every locale with equal probability.
    public func identify(_ text: NormalizedText) -> [LanguageScore] {
        identify(text, ignoring: []).scores
    }

    /// Ranked candidates, and how many words were evidence: words in `neutral` (short codes shared by several
    /// locales: `HELP`, `C`, `STATUS`), numbers, words with digits (references) and one-letter words say nothing about
    /// the language. With no evidence every candidate of the script gets the same probability.
    public func identify(_ text: NormalizedText, ignoring neutral: Set<WordKey>) -> (scores: [LanguageScore], evidence: Int) {
        let dominant = text.scripts.dominant
        var candidates = (0..<locales.count).filter { scripts[$0] == dominant }
        if candidates.isEmpty { candidates = Array(0..<locales.count) }
        let tokens = text.tokens.filter { token in
            token.unicodeScalars.count > 1 && !token.utf8.contains { $0 >= 48 && $0 <= 57 } && !neutral.contains(WordKey(token))
        }
        if candidates.count == 1 { return ([LanguageScore(locale: locales[candidates[0]], probability: 1)], tokens.count) }

        let k = locales.count
        var scores = [Float](repeating: 0, count: k)
        var sum = [Float](repeating: 0, count: k)
        var evidence = 0
        wordTable.withUnsafeBufferPointer { words in
            trigramTable.withUnsafeBufferPointer { trigrams in
                for token in tokens {
                    evidence += 1
                    if let row = wordRow[WordKey(token)] {
                        let base = Int(row) * k
                        for i in candidates { scores[i] += words[base + i] }
                        continue
                    }
                    // An unseen word: average its character trigrams, so that one long word counts as one word.
                    for i in candidates { sum[i] = 0 }
                    var n: Float = 0
                    LanguageIdentifier.forEachTrigram(token) { hash in
                        n += 1
                        if let row = trigramRow[hash] {
                            let base = Int(row) * k
                            for i in candidates { sum[i] += trigrams[base + i] }
                        } else {
                            for i in candidates { sum[i] += unseenTrigramLogP[i] }
                        }
                    }
                    guard n > 0 else { continue }
                    for i in candidates { scores[i] += sum[i] / n + unseenWordLogP[i] * 0.25 }
                }
            }
        }
        // Letters of the original text that only one of Urdu and Arabic uses.
        for i in candidates {
            switch locales[i].rawValue {
            case "ur": scores[i] += Float(text.scripts.urduOnly) * 1.2
            case "ar": scores[i] += Float(text.scripts.arabicOnly) * 1.2
            default: break
            }
        }
        guard evidence > 0 || text.scripts.urduOnly + text.scripts.arabicOnly > 0 else {
            let p = 1 / Double(candidates.count)
            return (candidates.map { LanguageScore(locale: locales[$0], probability: p) }, 0)
        }
        let best = candidates.map { scores[$0] }.max() ?? 0
        let exps = candidates.map { Double(expf(scores[$0] - best)) }
        let total = exps.reduce(0, +)
        let ranked = zip(candidates, exps)
            .map { LanguageScore(locale: locales[$0.0], probability: $0.1 / total) }
            .sorted { $0.probability > $1.probability || ($0.probability == $1.probability && $0.locale < $1.locale) }
        return (ranked, evidence)
    }

    /// Whether a locale's corpus sample contains the word.
    public func knows(_ word: String, in locale: LocaleID) -> Bool {
        guard let i = locales.firstIndex(of: locale), let row = wordRow[WordKey(word)] else { return false }
        return wordTable[Int(row) * locales.count + i] > unseenWordLogP[i] + 0.01
    }

    /// The script each locale is written in.
    public func script(of locale: LocaleID) -> Script? {
        locales.firstIndex(of: locale).map { scripts[$0] }
    }

    // MARK: - Helpers

    static func isNumber(_ token: String) -> Bool {
        token.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Calls `body` with a hash of every character trigram of ` token `, without allocating.
    static func forEachTrigram(_ token: String, _ body: (UInt64) -> Void) {
        var window: (UInt32, UInt32, UInt32) = (0x20, 0x20, 0x20)
        var seen = 0
        func emit() {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            h = (h ^ UInt64(window.0)) &* 0x0000_0100_0000_01B3
            h = (h ^ UInt64(window.1)) &* 0x0000_0100_0000_01B3
            h = (h ^ UInt64(window.2)) &* 0x0000_0100_0000_01B3
            body(h)
        }
        window.2 = 0x20
        for scalar in token.unicodeScalars {
            window = (window.1, window.2, scalar.value)
            seen += 1
            if seen >= 2 { emit() }
        }
        window = (window.1, window.2, 0x20)
        emit()
    }
}

@inline(__always) private func logf(_ x: Float) -> Float { Float(log(Double(x))) }
@inline(__always) private func expf(_ x: Float) -> Float { Float(exp(Double(x))) }
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
