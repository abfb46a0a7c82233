import Locales

/// One locale's intents compiled into an inverted index: word → the intents it speaks for, with weights.
///
/// A class: it is built once and only read, and classifying passes it around (as a struct, every pass copied its
/// twenty tables' references).
final class KeywordIndex: Sendable {
    struct Posting: Sendable {
        let intent: Int
        let weight: Double
        /// The term, as an index into `labels` (no string to retain or hash while scoring).
        let label: Int32
        let kind: TermKind
        var strength: EvidenceStrength = .specific
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
        /// The term, as an index into `labels`.
        let label: Int32
        let kind: TermKind
        let negative: Bool
        var strength: EvidenceStrength = .decisive
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
    /// Every term's text (normalized, words joined by a space): what postings and sequences point to by index.
    let labels: [String]
    let unigrams: [WordKey: [Posting]]
    let negatives: [WordKey: [Int]]
    let sequences: [WordKey: [Sequence]]
    let stopWords: Set<WordKey>
    let speller: SpellCorrector
    /// Every word that is (part of) a keyword, phrase or pattern.
    let termWords: Set<WordKey>
    /// One-word keywords that ordinary text also uses (see `EvidenceStrength.generic`).
    let generic: Set<WordKey>
    /// The locale's request and complaint cue words, found in the corpus: words of the examples of many FAQ,
    /// complaint and tracking intents that the out-of-scope lines use much less ("how", "where", "not", "broken").
    let cues: Set<WordKey>
    /// The intents each term word or example word speaks for (what a typo correction must be supported by).
    let wordIntents: [WordKey: [Int]]
    /// Real words of the language (hunspell, word lists): never corrected.
    let lexicon: Lexicon
    /// Language names and their cores (a leading vowel or article letters, a final vowel dropped), to find a name
    /// inside a word with prefixes or suffixes: "بالانجليزي", "للفرنسية", "esiNgisini".
    let nameCores: [WordKey: LocaleID]
    let languageChange: Int?
    /// The first four letters of every name core: a word none of whose first positions starts one is skipped cheaply.
    let namePrefixes: Set<WordKey>
    /// The corpus examples word for word (after normalization): a message that *is* an example gets its intent —
    /// the cascade's first, exact stage. Examples two intents share are left out.
    let exact: [WordKey: Int]
    let policy: ScoringPolicy

    // MARK: - Compilation

    init(
        pack: LocalePack, normalizer: Normalizer, languageNames: [(tokens: [String], locale: LocaleID)],
        knownWords: Set<String>, lexicon: Lexicon = Lexicon(), frequent: Set<String> = [], policy: ScoringPolicy
    ) {
        self.policy = policy
        self.lexicon = lexicon
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
        var exactExamples: [WordKey: Int] = [:]
        var ambiguous = Set<WordKey>()
        for (i, rule) in rules.enumerated() {
            for example in rule.examples {
                let key = WordKey(normalizer.normalize(example).tokens.joined(separator: " "))
                guard !key.text.isEmpty else { continue }
                if let other = exactExamples[key], other != i { ambiguous.insert(key) } else { exactExamples[key] = i }
            }
        }
        for key in ambiguous { exactExamples[key] = nil }
        exact = exactExamples
        var cores: [WordKey: LocaleID] = [:]
        for name in languageNames where name.tokens.count == 1 {
            let letters = Array(name.tokens[0])
            guard letters.count >= 5 else { continue }
            var forms: [ArraySlice<Character>] = [letters[...], letters.dropFirst(), letters.dropLast()]
            forms += [letters.dropFirst().dropLast(), letters.dropFirst(2)]
            for form in forms where form.count >= 5 {
                let key = WordKey(String(form))
                if cores[key] == nil { cores[key] = name.locale }
            }
        }
        nameCores = cores
        namePrefixes = Set(cores.keys.map { WordKey(String($0.text.prefix(4))) })
        languageChange = rules.firstIndex(where: { $0.id == "language_change" })
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

        // Which one-word terms are generic, from the corpus itself: used by ordinary (out-of-scope) text, by many
        // intents' terms, or by the examples of many intents.
        let ordinary = pack.outOfScope.map { Set(normalizer.normalize($0).tokens) }
        let ordinaryWords = ordinary.reduce(into: Set<String>()) { $0.formUnion($1) }
        var exampleOwners: [String: Set<Int>] = [:]
        let exampleTokens: [[Set<String>]] = rules.map { rule in rule.examples.map { Set(normalizer.normalize($0).tokens) } }
        for (i, examples) in exampleTokens.enumerated() {
            for tokens in examples { for t in tokens { exampleOwners[t, default: []].insert(i) } }
        }
        var generic = Set<WordKey>()
        for entry in entries where !entry.negative && entry.tokens.count == 1 {
            let word = entry.tokens[0]
            if ordinaryWords.contains(word) || frequent.contains(word) || (sharedBy[entry.label]?.count ?? 0) >= 3 || (exampleOwners[word]?.count ?? 0) >= 5 {
                generic.insert(WordKey(word))
            }
        }
        self.generic = generic

        // Cue words: common in the examples of requests (FAQ, complaint, tracking), rare in ordinary text.
        var requestDocs = 0
        var requestDF: [String: Int] = [:]
        var requestOwners: [String: Set<Int>] = [:]
        for (i, rule) in rules.enumerated() where rule.id.kind != .conversation || rule.id == "help" || rule.id == "human_agent" {
            for tokens in exampleTokens[i] {
                requestDocs += 1
                for t in tokens where t.count > 1 && !LanguageIdentifierHelpers.isNumber(t) {
                    requestDF[t, default: 0] += 1
                    requestOwners[t, default: []].insert(i)
                }
            }
        }
        var ordinaryDF: [String: Int] = [:]
        for line in ordinary { for t in line { ordinaryDF[t, default: 0] += 1 } }
        var cues = Set<WordKey>()
        let docs = Double(max(requestDocs, 1))
        let lines = Double(max(ordinary.count, 1))
        for (word, df) in requestDF where (requestOwners[word]?.count ?? 0) >= 3 {
            let inRequests = Double(df) / docs
            let inOrdinary = Double(ordinaryDF[word] ?? 0) / lines
            if inRequests >= 0.02 && inRequests >= 2 * inOrdinary + 0.5 / lines { cues.insert(WordKey(word)) }
        }
        self.cues = cues

        var unigrams: [WordKey: [Posting]] = [:]
        var negatives: [WordKey: [Int]] = [:]
        var sequences: [WordKey: [Sequence]] = [:]
        var seen = Set<String>()
        var vocabulary: [String: Int] = [:]
        var labels: [String] = []
        var labelIDs: [String: Int32] = [:]
        func labelID(_ label: String) -> Int32 {
            if let known = labelIDs[label] { return known }
            let id = Int32(labels.count)
            labels.append(label)
            labelIDs[label] = id
            return id
        }
        for entry in entries {
            let label = entry.label
            // The same words as a phrase and as a pattern ("ibhili lamanzi", "ibhili * lamanzi") are two terms: the
            // pattern also finds the words apart.
            guard seen.insert("\(entry.intent)|\(entry.negative)|\(label)|\(entry.gaps)").inserted else { continue }
            for token in entry.tokens { vocabulary[token, default: 0] += 1 }
            if entry.negative {
                if entry.tokens.count == 1 {
                    negatives[WordKey(label), default: []].append(entry.intent)
                    continue
                }
            }
            let weight = entry.weight * policy.specificity(sharedBy: sharedBy[label]?.count ?? 1)
            if entry.tokens.count == 1 {
                let strength: EvidenceStrength =
                    entry.kind == .languageName || generic.contains(WordKey(label))
                    ? .generic : (entry.weight >= 2 ? .decisive : .specific)
                unigrams[WordKey(label), default: []].append(
                    Posting(intent: entry.intent, weight: weight, label: labelID(label), kind: entry.kind, strength: strength))
            } else {
                sequences[WordKey(entry.tokens[0]), default: []].append(
                    Sequence(tokens: entry.tokens.map(WordKey.init), gaps: entry.gaps, intent: entry.intent, weight: weight, label: labelID(label),
                             kind: entry.kind, negative: entry.negative,
                             strength: entry.kind == .languageName ? .generic : .decisive))
            }
        }
        termWords = Set(vocabulary.keys.map(WordKey.init))

        // Words of the examples that are not already terms of their intent add a little evidence.
        var exampleWords: [String: Set<Int>] = [:]
        // Each intent's one-word terms, in one pass over the index (not one pass per intent).
        var termsOf: [Int: Set<String>] = [:]
        for (word, postings) in unigrams { for p in postings { termsOf[p.intent, default: []].insert(word.text) } }
        for (i, rule) in rules.enumerated() {
            let explicit = termsOf[i] ?? []
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
                unigrams[WordKey(word), default: []].append(
                    Posting(intent: intent, weight: weight, label: labelID(word), kind: .example, strength: .weak))
            }
        }
        var wordIntents: [WordKey: Set<Int>] = [:]
        for (word, postings) in unigrams { for p in postings { wordIntents[word, default: []].insert(p.intent) } }
        for (_, list) in sequences {
            for s in list where !s.negative { for t in s.tokens { wordIntents[t, default: []].insert(s.intent) } }
        }
        self.wordIntents = wordIntents.mapValues { $0.sorted() }
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
                p.id = id(p.intent, labels[Int(p.label)])
                return p
            }
        }
        self.sequences = sequences.mapValues { list in
            list.map { s in
                var s = s
                s.id = id(s.intent, labels[Int(s.label)])
                return s
            }
        }
        self.negatives = negatives
        self.labels = labels
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
        /// Languages named inside a longer word ("بالانجليزي" → en).
        var languageMentions: [LocaleID] = []
        /// The intent whose corpus example the message is, word for word.
        var exact: IntentID?
    }

    /// The language a word names with a prefix or suffix around the name (up to 3 letters each side), if any.
    func embeddedLanguageName(_ token: String) -> LocaleID? {
        let letters = Array(token)
        guard letters.count >= 6, letters.count <= policy.maxWordLength else { return nil }
        for lead in 0...3 where lead + 4 <= letters.count && namePrefixes.contains(WordKey(String(letters[lead..<(lead + 4)])))
            && Self.syllabic(letters[..<lead])
        {
            for trail in 0...3 where lead + trail >= 1 && letters.count - lead - trail >= 5 {
                let form = String(letters[lead..<(letters.count - trail)])
                if let locale = nameCores[WordKey(form)] { return locale }
            }
        }
        return nil
    }

    /// Whether letters before a name can be a prefix: in Latin script a prefix is a syllable, so it has a vowel
    /// ("e-", "nge-", "bil-"); "kh" + "arabi" is the word "kharabi", not Arabic. Other scripts write prefixes without
    /// vowel letters ("لل" + "فرنسية") and are not checked.
    static func syllabic(_ lead: ArraySlice<Character>) -> Bool {
        guard !lead.isEmpty, lead.allSatisfy({ $0.isASCII && $0.isLetter }) else { return true }
        return lead.contains { "aeiouy".contains($0) }
    }

    /// Scores every intent against the message's words (after the locale's variant rules).
    func score(_ tokens: [String]) -> Scored {
        var words = tokens
        var keys = tokens.map(WordKey.init)
        var corrected = [Bool](repeating: false, count: tokens.count)
        var corrections: [(String, String)] = []
        // Typo correction, only for words that are no word of the language (corpus, lexicon), not too long, and only
        // when the corrected word lands on an intent that another word of the message already speaks for.
        var proposals: [(position: Int, word: String)] = []
        var supported = Set<Int>()
        var contentWords = 0
        for (i, token) in tokens.enumerated() {
            let key = keys[i]
            if let owners = wordIntents[key] { supported.formUnion(owners) }
            if !stopWords.contains(key) && !LanguageIdentifierHelpers.isNumber(token) && token.count > 1 { contentWords += 1 }
            guard unigrams[key] == nil, !termWords.contains(key), !stopWords.contains(key),
                token.utf8.count <= policy.maxWordBytes
            else { continue }
            // The lexicon (the costlier lookup) only for words the speller would change.
            if let fix = speller.correct(token), !lexicon.contains(token) { proposals.append((i, fix.word)) }
        }
        for (k, proposal) in proposals.enumerated() {
            let owners = wordIntents[WordKey(proposal.word)] ?? []
            // Other corrections count as support too ("bhili lamanz": both typos, both water bill).
            var others = Set<Int>()
            for (j, other) in proposals.enumerated() where j != k { others.formUnion(wordIntents[WordKey(other.word)] ?? []) }
            // A message of one or two words has nothing else to agree with; the decision will still ask when unsure.
            guard contentWords <= 2 || owners.contains(where: { supported.contains($0) || others.contains($0) }) else { continue }
            words[proposal.position] = proposal.word
            keys[proposal.position] = WordKey(proposal.word)
            corrected[proposal.position] = true
            corrections.append((tokens[proposal.position], proposal.word))
        }

        // Per-intent accumulators for the intents the message touches only (a slot each, in first-touch order), so
        // that the cost of a message does not grow with the number of intents; covered positions as bit masks (the
        // first 64 words); evidence in one log, turned into per-intent lists only for the candidates that are reported.
        // A message touches few intents: their slots are found by a linear scan, and through a table only past
        // `linearSlots` of them.
        let linearSlots = 16
        var slotOf: [Int: Int] = [:]
        var touched: [Int] = []
        var scores: [Double] = []
        var covered: [UInt64] = []
        var explicit: [UInt64] = []
        var excluded: [Bool] = []
        touched.reserveCapacity(linearSlots)
        scores.reserveCapacity(linearSlots)
        covered.reserveCapacity(linearSlots)
        explicit.reserveCapacity(linearSlots)
        excluded.reserveCapacity(linearSlots)
        func slot(_ intent: Int) -> Int {
            if touched.count <= linearSlots {
                if let known = touched.firstIndex(of: intent) { return known }
            } else if let known = slotOf[intent] {
                return known
            }
            let k = touched.count
            touched.append(intent)
            scores.append(0)
            covered.append(0)
            explicit.append(0)
            excluded.append(false)
            if touched.count > linearSlots {
                if slotOf.isEmpty {
                    for (j, t) in touched.enumerated() { slotOf[t] = j }
                } else {
                    slotOf[intent] = k
                }
            }
            return k
        }
        // The evidence log holds label ids and positions; the `Evidence` values (with their strings) are made only
        // for the candidates that are reported. `label` < 0: the message word at position −1 − label.
        struct Hit {
            let intent: Int
            let label: Int32
            let kind: TermKind
            let strength: EvidenceStrength
            let weight: Double
            /// The message position of the corrected word the term was found by, or −1.
            let typed: Int32
            let position: Int32
        }
        var log: [Hit] = []
        log.reserveCapacity(32)
        var countedSequences: [Int] = []
        func bit(_ position: Int) -> UInt64 { position < 64 ? 1 << UInt64(position) : 0 }
        func credit(
            _ intent: Int, _ label: Int32, _ weight: Double, _ kind: TermKind, typed: Int, _ strength: EvidenceStrength,
            at position: Int
        ) {
            let w = typed < 0 ? weight : weight * policy.typoFactor
            scores[slot(intent)] += w
            // A corrected word is a guess: it supports, it does not decide.
            let s = typed < 0 ? strength : min(strength, .generic)
            log.append(Hit(intent: intent, label: label, kind: kind, strength: s, weight: w, typed: Int32(typed), position: Int32(position)))
        }
        for (i, word) in keys.enumerated() {
            let typed = corrected[i] ? i : -1
            if let postings = unigrams[word] {
                // A word said twice counts once, but both places are explained.
                let repeated = keys[..<i].contains(word)
                for p in postings {
                    let k = slot(p.intent)
                    covered[k] |= bit(i)
                    if p.kind != .example { explicit[k] |= bit(i) }
                    if !repeated { credit(p.intent, p.label, p.weight, p.kind, typed: typed, p.strength, at: i) }
                }
            }
            if let blocked = negatives[word] { for b in blocked { excluded[slot(b)] = true } }
            if let candidates = sequences[word] {
                for s in candidates {
                    guard let positions = s.match(keys, at: i) else { continue }
                    if s.negative {
                        excluded[slot(s.intent)] = true
                        continue
                    }
                    let mask = positions.reduce(UInt64(0)) { $0 | bit($1) }
                    let k = slot(s.intent)
                    covered[k] |= mask
                    explicit[k] |= mask
                    guard !countedSequences.contains(s.id) else { continue }
                    countedSequences.append(s.id)
                    credit(s.intent, s.label, s.weight, s.kind, typed: typed, s.strength, at: i)
                }
            }
        }
        // Language names with prefixes or suffixes, in words nothing else claimed.
        var mentions: [LocaleID] = []
        if !nameCores.isEmpty {
            for (i, word) in keys.enumerated() where unigrams[word] == nil && !termWords.contains(word) && !stopWords.contains(word) {
                // A real word of the language is that word, not a name with affixes ("kharabi", a fault, is no "arabi").
                guard word.text.utf8.count >= 6, let locale = embeddedLanguageName(word.text), !lexicon.contains(word.text)
                else { continue }
                mentions.append(locale)
                if let change = languageChange {
                    let k = slot(change)
                    covered[k] |= bit(i)
                    explicit[k] |= bit(i)
                    credit(change, Int32(-1 - i), policy.phraseWeight, .languageName, typed: -1, .generic, at: i)
                }
            }
        }
        // Slots ranked by score, then intent id: the same order as ranking every intent.
        let intents = self.intents
        var order = (0..<touched.count).filter { scores[$0] > 0 && !excluded[$0] }
        order.sort { a, b in scores[a] > scores[b] || (scores[a] == scores[b] && intents[touched[a]] < intents[touched[b]]) }
        let reported = Set(order.prefix(Self.reportedCandidates).map { touched[$0] })
        var evidence: [Int: [Evidence]] = [:]
        for hit in log where reported.contains(hit.intent) {
            let term = hit.label >= 0 ? labels[Int(hit.label)] : keys[Int(-1 - hit.label)].text
            evidence[hit.intent, default: []].append(
                Evidence(
                    term: term, kind: hit.kind, weight: hit.weight, correctedFrom: hit.typed >= 0 ? tokens[Int(hit.typed)] : nil,
                    strength: hit.strength, position: Int(hit.position)))
        }
        let ranked = order.prefix(Self.reportedCandidates).map { k in
            (candidate: Candidate(intent: intents[touched[k]], score: scores[k], evidence: evidence[touched[k]] ?? []),
             covered: covered[k], explicit: explicit[k])
        }
        let exactIntent = exact[WordKey(tokens.joined(separator: " "))].map { intents[$0] }
        return Scored(candidates: ranked, corrections: corrections, words: words, languageMentions: mentions, exact: exactIntent)
    }
}

enum LanguageIdentifierHelpers {
    static func isNumber(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
