import Locales

/// One locale's intents compiled into an inverted index: word → the intents it speaks for, with weights.
struct KeywordIndex: Sendable {
    struct Posting: Sendable {
        let intent: Int
        let weight: Double
        let label: String
        let kind: TermKind
        /// Identifies the (intent, term) pair, so a term repeated in a message counts once.
        var id: Int = 0
    }

    /// A phrase or pattern, looked up by its first word. `gaps[k]` is how many other words may stand before
    /// element `k` (0 for phrases; the policy's gap after a `*` in patterns).
    struct Sequence: Sendable {
        let tokens: [WordKey]
        let gaps: [Int]
        let intent: Int
        let weight: Double
        let label: String
        let kind: TermKind
        let negative: Bool
        var id: Int = 0

        /// The positions of the matched words, or `nil`.
        func match(_ words: [WordKey], at start: Int) -> [Int]? {
            var position = start
            var positions = [start]
            for k in 1..<tokens.count {
                let limit = min(words.count - 1, position + 1 + gaps[k])
                guard position + 1 <= limit,
                    let found = (position + 1...limit).first(where: { words[$0] == tokens[k] })
                else { return nil }
                position = found
                positions.append(found)
            }
            return positions
        }
    }

    let intents: [IntentID]
    let unigrams: [WordKey: [Posting]]
    let negatives: [WordKey: [Int]]
    let sequences: [WordKey: [Sequence]]
    let stopWords: Set<WordKey>
    let speller: SpellCorrector
    /// Every word that is (part of) a keyword, phrase or pattern.
    let termWords: Set<WordKey>
    let policy: ScoringPolicy

    // MARK: - Compilation

    init(
        pack: LocalePack, normalizer: Normalizer, languageNames: [(tokens: [String], locale: LocaleID)],
        knownWords: Set<String>, policy: ScoringPolicy
    ) {
        self.policy = policy
        let rules = pack.rules.sorted { $0.id < $1.id }
        intents = rules.map(\.id)
        let stop = Set(pack.info.stopWords.flatMap { normalizer.normalize($0).tokens }.map(WordKey.init))
        stopWords = stop

        struct Entry {
            let intent: Int
            let tokens: [String]
            let gaps: [Int]
            let weight: Double
            let kind: TermKind
            let negative: Bool
            var label: String { tokens.joined(separator: " ") }
        }
        var entries: [Entry] = []
        func add(_ intent: Int, _ text: String, weight: Double, kind: TermKind, negative: Bool = false) {
            var tokens: [String] = []
            var gaps: [Int] = []
            for (k, segment) in text.split(separator: "*", omittingEmptySubsequences: true).enumerated() {
                for (j, token) in normalizer.normalize(String(segment)).tokens.enumerated() {
                    tokens.append(token)
                    gaps.append(k > 0 && j == 0 ? policy.patternGap : 0)
                }
            }
            guard !tokens.isEmpty else { return }
            entries.append(Entry(intent: intent, tokens: tokens, gaps: gaps, weight: weight, kind: kind, negative: negative))
        }
        for (i, rule) in rules.enumerated() {
            for term in rule.keywords { add(i, term.text, weight: term.weight ?? policy.keywordWeight, kind: .keyword) }
            for term in rule.phrases { add(i, term.text, weight: term.weight ?? policy.phraseWeight, kind: .phrase) }
            for term in rule.patterns { add(i, term.text, weight: term.weight ?? policy.patternWeight, kind: .pattern) }
            for word in rule.negative { add(i, word, weight: 0, kind: .keyword, negative: true) }
        }
        if let change = rules.firstIndex(where: { $0.id == "language_change" }) {
            for name in languageNames {
                entries.append(
                    Entry(intent: change, tokens: name.tokens, gaps: Array(repeating: 0, count: name.tokens.count),
                          weight: policy.phraseWeight, kind: .languageName, negative: false))
            }
        }

        // How many intents share each term: shared terms count less.
        var sharedBy: [String: Set<Int>] = [:]
        for entry in entries where !entry.negative { sharedBy[entry.label, default: []].insert(entry.intent) }

        var unigrams: [WordKey: [Posting]] = [:]
        var negatives: [WordKey: [Int]] = [:]
        var sequences: [WordKey: [Sequence]] = [:]
        var seen = Set<String>()
        var vocabulary: [String: Int] = [:]
        for entry in entries {
            let label = entry.label
            guard seen.insert("\(entry.intent)|\(entry.negative)|\(label)").inserted else { continue }
            for token in entry.tokens { vocabulary[token, default: 0] += 1 }
            if entry.negative {
                if entry.tokens.count == 1 {
                    negatives[WordKey(label), default: []].append(entry.intent)
                    continue
                }
            }
            let weight = entry.weight * policy.specificity(sharedBy: sharedBy[label]?.count ?? 1)
            if entry.tokens.count == 1 {
                unigrams[WordKey(label), default: []].append(Posting(intent: entry.intent, weight: weight, label: label, kind: entry.kind))
            } else {
                sequences[WordKey(entry.tokens[0]), default: []].append(
                    Sequence(tokens: entry.tokens.map(WordKey.init), gaps: entry.gaps, intent: entry.intent, weight: weight, label: label,
                             kind: entry.kind, negative: entry.negative))
            }
        }
        termWords = Set(vocabulary.keys.map(WordKey.init))

        // Words of the examples that are not already terms of their intent add a little evidence.
        var exampleWords: [String: Set<Int>] = [:]
        for (i, rule) in rules.enumerated() {
            let explicit = Set(unigrams.compactMap { word, postings in postings.contains { $0.intent == i } ? word.text : nil })
            for example in rule.examples {
                for token in normalizer.normalize(example).tokens
                where !stop.contains(WordKey(token)) && !explicit.contains(token) && token.count > 1
                    && !LanguageIdentifierHelpers.isNumber(token)
                {
                    exampleWords[token, default: []].insert(i)
                }
            }
        }
        for (word, owners) in exampleWords {
            let weight = policy.exampleWeight / Double(owners.count)
            vocabulary[word, default: 0] += 1
            // A word in the examples of many intents says next to nothing (≤ 0.09 each) and only costs time.
            guard owners.count <= policy.exampleSpread else { continue }
            for intent in owners.sorted() {
                unigrams[WordKey(word), default: []].append(Posting(intent: intent, weight: weight, label: word, kind: .example))
            }
        }
        // Number every (intent, term) pair.
        var ids: [String: Int] = [:]
        func id(_ intent: Int, _ label: String) -> Int {
            let key = "\(intent)|\(label)"
            if let known = ids[key] { return known }
            ids[key] = ids.count
            return ids.count - 1
        }
        self.unigrams = unigrams.mapValues { postings in
            postings.map { p in
                var p = p
                p.id = id(p.intent, p.label)
                return p
            }
        }
        self.sequences = sequences.mapValues { list in
            list.map { s in
                var s = s
                s.id = id(s.intent, s.label)
                return s
            }
        }
        self.negatives = negatives
        speller = SpellCorrector(vocabulary: vocabulary, known: knownWords.union(stop.map(\.text)))
    }

    // MARK: - Scoring

    /// How many of the best candidates are reported with their evidence (the decision needs two).
    static let reportedCandidates = 8

    struct Scored {
        /// Candidates with the message positions their evidence covers, best first.
        var candidates: [(candidate: Candidate, covered: UInt64, explicit: UInt64)]
        var corrections: [(String, String)]
        var words: [String]
    }

    /// Scores every intent against the message's words (after the locale's variant rules).
    func score(_ tokens: [String]) -> Scored {
        var words = tokens
        var keys = tokens.map(WordKey.init)
        var corrected = [Bool](repeating: false, count: tokens.count)
        var corrections: [(String, String)] = []
        for (i, token) in tokens.enumerated()
        where unigrams[keys[i]] == nil && !termWords.contains(keys[i]) && !stopWords.contains(keys[i]) {
            if let fix = speller.correct(token) {
                words[i] = fix.word
                keys[i] = WordKey(fix.word)
                corrected[i] = true
                corrections.append((token, fix.word))
            }
        }

        // Per-intent accumulators in flat arrays; covered positions as bit masks (the first 64 words); evidence in one
        // log, turned into per-intent lists only for the candidates that are reported.
        let n = intents.count
        var scores = [Double](repeating: 0, count: n)
        var covered = [UInt64](repeating: 0, count: n)
        var explicit = [UInt64](repeating: 0, count: n)
        var excluded = [Bool](repeating: false, count: n)
        var log: [(intent: Int, evidence: Evidence)] = []
        log.reserveCapacity(32)
        var countedSequences: [Int] = []
        func bit(_ position: Int) -> UInt64 { position < 64 ? 1 << UInt64(position) : 0 }
        func credit(_ intent: Int, _ label: String, _ weight: Double, _ kind: TermKind, typed: String?) {
            let w = typed == nil ? weight : weight * policy.typoFactor
            scores[intent] += w
            log.append((intent, Evidence(term: label, kind: kind, weight: w, correctedFrom: typed)))
        }
        for (i, word) in keys.enumerated() {
            let typed = corrected[i] ? tokens[i] : nil
            if let postings = unigrams[word] {
                // A word said twice counts once, but both places are explained.
                let repeated = keys[..<i].contains(word)
                for p in postings {
                    covered[p.intent] |= bit(i)
                    if p.kind != .example { explicit[p.intent] |= bit(i) }
                    if !repeated { credit(p.intent, p.label, p.weight, p.kind, typed: typed) }
                }
            }
            if let blocked = negatives[word] { for b in blocked { excluded[b] = true } }
            if let candidates = sequences[word] {
                for s in candidates {
                    guard let positions = s.match(keys, at: i) else { continue }
                    if s.negative {
                        excluded[s.intent] = true
                        continue
                    }
                    let mask = positions.reduce(UInt64(0)) { $0 | bit($1) }
                    covered[s.intent] |= mask
                    explicit[s.intent] |= mask
                    guard !countedSequences.contains(s.id) else { continue }
                    countedSequences.append(s.id)
                    credit(s.intent, s.label, s.weight, s.kind, typed: typed)
                }
            }
        }
        var order = (0..<n).filter { scores[$0] > 0 && !excluded[$0] }
        order.sort { a, b in scores[a] > scores[b] || (scores[a] == scores[b] && intents[a] < intents[b]) }
        let reported = Set(order.prefix(Self.reportedCandidates))
        var evidence: [Int: [Evidence]] = [:]
        for entry in log where reported.contains(entry.intent) { evidence[entry.intent, default: []].append(entry.evidence) }
        let ranked = order.prefix(Self.reportedCandidates).map { intent in
            (candidate: Candidate(intent: intents[intent], score: scores[intent], evidence: evidence[intent] ?? []),
             covered: covered[intent], explicit: explicit[intent])
        }
        return Scored(candidates: ranked, corrections: corrections, words: words)
    }
}

enum LanguageIdentifierHelpers {
    static func isNumber(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
