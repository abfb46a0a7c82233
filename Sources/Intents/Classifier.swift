import Locales

/// The intent engine: built once from the corpora, then shared. Pure once built — no I/O, no clock, no randomness
/// while classifying; it reads no files (lexicons are passed in).
///
/// A message is cut to `policy.maxMessageLength`, folded and split into words, its language identified among the
/// installed locales (or taken as given), the locale's spelling-variant rules applied, typos corrected (only words
/// that are no word of the language, and only towards an intent the rest of the message supports), and every intent
/// scored through the locale's inverted index. The best intent wins when its evidence is specific enough (see
/// `Decision`), its score clears the threshold and it leads the runner-up; when there is evidence but not enough,
/// the classification offers `clarify` candidates instead.
///
/// ```swift
/// let engine = try Classifier(corpus: corpus)
/// let c = engine.classify("Good morning, the garbage truck did not come this week")
/// c.intent    // complaint_garbage — the greeting does not hide the request
/// c.locale    // en
/// ```
public struct Classifier: Sendable {
    /// A class, so that looking a locale up does not copy its tables.
    final class CompiledLocale: Sendable {
        let info: LocaleInfo
        let normalizer: Normalizer
        let index: KeywordIndex
        let slots: SlotExtractor
        let lexicon: Lexicon
        let opinion: SecondOpinion

        init(
            info: LocaleInfo, normalizer: Normalizer, index: KeywordIndex, slots: SlotExtractor, lexicon: Lexicon,
            opinion: SecondOpinion
        ) {
            self.info = info
            self.normalizer = normalizer
            self.index = index
            self.slots = slots
            self.lexicon = lexicon
            self.opinion = opinion
        }
    }

    public let policy: ScoringPolicy
    public let identifier: LanguageIdentifier
    let compiled: [LocaleID: CompiledLocale]
    private let base = Normalizer()
    /// `default_locale` from settings: ties and language-neutral first messages.
    public let defaultLocale: LocaleID?
    /// Country calling code (digits) → likely locales, most likely first (`locale_by_calling_code` in settings).
    let callingCodes: [String: [LocaleID]]
    /// Words that are evidence of no language: short codes that several locales' `sms.yaml` share.
    let neutralWords: Set<WordKey>
    /// The locale whose words the other locales' citizens mix in most (English here), computed from the corpora;
    /// a message it wins only through mixed-in words goes to the citizen's own language.
    public let embeddedLocale: LocaleID?

    /// Builds the engine.
    /// - Parameters:
    ///   - corpus: the locale packs and settings.
    ///   - policy: the scoring numbers.
    ///   - lexicons: the real words of each locale (never typo-corrected); none means the engine corrects against
    ///     the corpus alone. The engine reads no files: the corpus loader reads the lexicons (hunspell dictionaries,
    ///     word lists) and passes them in.
    ///   - frequentWords: each locale's most frequent words of ordinary text, most frequent first: the first
    ///     `policy.frequentRank` of them make a keyword generic.
    public init(
        corpus: Corpus, policy: ScoringPolicy = ScoringPolicy(), lexicons: [LocaleID: Lexicon] = [:],
        frequentWords: [LocaleID: [String]] = [:]
    ) throws(EngineError) {
        guard !corpus.packs.isEmpty else { throw .emptyCorpus }
        self.policy = policy
        let base = Normalizer()
        var names: [(tokens: [String], locale: LocaleID)] = []
        for (code, pack) in corpus.packs {
            for name in pack.info.names {
                let tokens = base.normalize(name).tokens
                if !tokens.isEmpty { names.append((tokens, code)) }
            }
        }
        names.sort { $0.tokens.count > $1.tokens.count || ($0.tokens.count == $1.tokens.count && $0.locale < $1.locale) }

        var compiled: [LocaleID: CompiledLocale] = [:]
        var samples: [LanguageSample] = []
        var vocabularies: [LocaleID: Set<String>] = [:]
        for code in corpus.locales {
            guard let pack = corpus.packs[code] else { continue }
            var normalizer: Normalizer
            do { normalizer = try Normalizer(locale: code, variantRules: pack.variantRules) } catch {
                throw .normalization(error)
            }
            // Everything the locale's corpus says, for language identification and as "known words".
            var text: [String] = pack.info.stopWords + pack.info.yes + pack.info.no + pack.info.cancel
            for rule in pack.rules {
                text += rule.examples + rule.keywords.map(\.text) + rule.phrases.map(\.text)
                text += rule.patterns.map { String($0.text.map { $0 == "*" ? " " : $0 }) }
            }
            text += pack.replies.values.map(Self.withoutPlaceholders)
            let baseTokens = text.flatMap { base.normalize($0).tokens }
            vocabularies[code] = Set(baseTokens)
            normalizer = normalizer.withVariantCache(for: baseTokens)
            samples.append(LanguageSample(locale: code, script: pack.info.script, tokens: baseTokens))
            let known = Set(normalizer.applyVariants(baseTokens))
            let localNames = names.map { (tokens: normalizer.applyVariants($0.tokens), locale: $0.locale) }
            let lexicon = lexicons[code] ?? Lexicon()
            let index = KeywordIndex(
                pack: pack, normalizer: normalizer, languageNames: localNames, knownWords: known, lexicon: lexicon,
                frequent: Set(normalizer.applyVariants(Array((frequentWords[code] ?? []).prefix(policy.frequentRank)))),
                policy: policy)
            let markers = pack.info.locationMarkers.map { normalizer.normalize($0).tokens }
                .sorted { $0.count > $1.count }
            var slots = SlotExtractor(
                markers: markers, postposition: pack.info.locationPostposition, stopWords: index.stopWords,
                termWords: Set(index.termWords.map(\.text)), languageNames: localNames)
            slots.knownWords = Set(known.map(WordKey.init))
            // One-word answers ("ewe", "haan", "yebo") are never a place; one letter ("g", "n") may be ("G-9").
            let answers = (pack.info.yes + pack.info.no + pack.info.cancel).map { normalizer.normalize($0).tokens }
            slots.answerWords = Set(answers.filter { $0.count == 1 && $0[0].count >= 2 }.map { WordKey($0[0]) })
            // The second opinion: each intent's corpus texts against the locale's ordinary words.
            let byID = Dictionary(pack.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let documents = index.intents.map { id -> [[String]] in
                guard let rule = byID[id] else { return [] }
                let texts = rule.examples + rule.keywords.map(\.text) + rule.phrases.map(\.text)
                    + rule.patterns.map { String($0.text.map { $0 == "*" ? " " : $0 }) }
                return texts.map { normalizer.applyVariants(base.normalize($0).tokens) }.filter { !$0.isEmpty }
            }
            let ordinary = normalizer.applyVariants(frequentWords[code] ?? [])
            let opinion = SecondOpinion(intents: index.intents, documents: documents, ordinary: ordinary, policy: policy)
            compiled[code] = CompiledLocale(
                info: pack.info, normalizer: normalizer, index: index, slots: slots, lexicon: lexicon, opinion: opinion)
        }
        self.compiled = compiled
        identifier = LanguageIdentifier(samples: samples)

        // Settings: the default language and the calling-code priors.
        let fallback = corpus.settings["default_locale"].map { LocaleID($0.defaultText) }
        defaultLocale = fallback.flatMap { compiled[$0] != nil ? $0 : nil }
        var codes: [String: [LocaleID]] = [:]
        if let table = corpus.settings["locale_by_calling_code"] {
            for (key, value) in table.perLocale {
                let digits = key.rawValue.filter { $0.isASCII && $0.isNumber }
                let locales = value.split(whereSeparator: { $0 == " " || $0 == "," }).map { LocaleID(String($0)) }
                    .filter { compiled[$0] != nil }
                if !digits.isEmpty, !locales.isEmpty { codes[digits] = locales }
            }
        }
        callingCodes = codes

        // Short codes used by two or more locales say nothing about the language.
        var codeOwners: [String: Set<LocaleID>] = [:]
        for (code, pack) in corpus.packs {
            for word in pack.sms.commands.values.joined() {
                for token in base.normalize(word).tokens { codeOwners[token, default: []].insert(code) }
            }
        }
        // So does the desk's own reference prefix ("CMP-2026-000123").
        let referencePrefix = base.normalize(ReferenceFormat.format(year: "2026", serial: 1)).tokens.first { !LanguageIdentifierHelpers.isNumber($0) }
        neutralWords = Set(codeOwners.filter { $0.value.count >= 2 }.map { WordKey($0.key) } + (referencePrefix.map { [WordKey($0)] } ?? []))

        // The locale whose words the others' corpora mix in most (code-switching's embedded language): the locale
        // whose words (its corpus, or its lexicon) turn up most often in the other locales' corpora.
        var best: (LocaleID, Int)?
        for (code, words) in vocabularies {
            let lexicon = lexicons[code]
            var used = 0
            for (other, otherWords) in vocabularies where other != code {
                // (The other locale's own lexicon first: it rules out most words, and its verdicts are memoized.)
                used += otherWords.filter { w in
                    w.count > 3 && !(lexicons[other]?.contains(w) ?? false)
                        && (words.contains(w) || (lexicon?.contains(w) ?? false))
                }.count
            }
            if used > best?.1 ?? 0 || (used == best?.1 ?? 0 && code < best?.0 ?? code) { best = (code, used) }
        }
        embeddedLocale = best?.0
    }

    public var locales: [LocaleID] { compiled.keys.sorted() }

    public func info(for locale: LocaleID) -> LocaleInfo? { compiled[locale]?.info }

    /// The lexicon a locale was built with (for `deskbot check` and explanations).
    public func lexicon(for locale: LocaleID) -> Lexicon? { compiled[locale]?.lexicon }

    // MARK: - Classifying

    /// Classifies a message.
    /// - Parameters:
    ///   - text: the message; only its first `policy.maxMessageLength` characters are read.
    ///   - locale: the locale to use, skipping language identification.
    ///   - preferred: the conversation's current language, kept when the message could be in it (sticky).
    ///   - hints: what the channel says about the sender's language (`LanguageHints`), used for first contact and for
    ///     messages that are not clearly in any language; after them comes `default_locale`.
    public func classify(
        _ text: String, locale: LocaleID? = nil, preferred: LocaleID? = nil, hints: LanguageHints = LanguageHints()
    ) -> Classification {
        let capped = text.utf8.count > policy.maxMessageLength ? String(text.prefix(policy.maxMessageLength)) : text
        let normalized = base.normalize(capped)
        if let locale, compiled[locale] != nil {
            var c = classify(normalized, in: locale, languages: [LanguageScore(locale: locale, probability: 1)])
            c.languageSource = .given
            if c.intent == nil, let mixed = mixedLanguage(normalized, given: locale) { return mixed }
            return c
        }
        let (languages, source) = identify(normalized, preferred: preferred, hints: hints)
        var order = languages.filter { $0.probability >= 0.15 }.map(\.locale)
        // The first language `identify` ranks (sticky, hinted or the code-switching matrix language) goes first.
        if let first = languages.first, order.first != first.locale {
            order.removeAll { $0 == first.locale }
            order.insert(first.locale, at: 0)
        }
        guard let first = order.first else {
            var c = classify(normalized, in: defaultLocale ?? locales[0], languages: languages)
            c.languageSource = .default
            return c
        }
        var primary = classify(normalized, in: first, languages: languages)
        primary.languageSource = source
        // A clear language keeps its verdict; only between two plausible ones may the other's intent decide.
        let clear = (languages.first?.probability ?? 0) >= 0.5
        if primary.intent != nil || order.count < 2 || source != .text || clear { return primary }
        // The most likely language found nothing: try the runner-up language before falling back.
        var secondary = classify(normalized, in: order[1], languages: languages)
        secondary.languageSource = source
        return secondary.intent != nil ? secondary : primary
    }

    /// A message in a conversation of fixed language that the language itself does not explain may be mixed with
    /// another ("Pani ka bill is R1800 this month" in English, "Switch to English please, mi hijo…" in Spanish):
    /// the message is read in the other languages its words point to (those the identifier finds plausible, and the
    /// embedded language when some of its words are there) and the first intent found there is taken — the
    /// conversation's language stays the given one.
    func mixedLanguage(_ normalized: NormalizedText, given: LocaleID) -> Classification? {
        let (languages, evidence) = identifier.identify(normalized, ignoring: neutralWords)
        guard evidence > 0 else { return nil }
        var others = languages.filter { $0.probability >= 0.15 && $0.locale != given }.map(\.locale)
        if let embedded = embeddedLocale, embedded != given, !others.contains(embedded) { others.append(embedded) }
        // Only a language with words of its own here: words the given language (corpus and lexicon) does not have,
        // at least two of them or a quarter of the message.
        let words = languageWords(normalized)
        let givenLexicon = compiled[given]?.lexicon
        let foreign = words.filter { !knows($0, in: given, givenLexicon) }
        guard !foreign.isEmpty else { return nil }
        others = others.filter { other in
            let lexicon = compiled[other]?.lexicon
            let own = foreign.filter { knows($0, in: other, lexicon) }.count
            return own >= 2 || 4 * own >= words.count
        }
        for other in others.prefix(2) {
            let c = classify(normalized, in: other, languages: languages)
            guard c.intent != nil else { continue }
            var kept = c.relabeled(given)
            kept.languageSource = .given
            kept.mixedWith = other
            return kept
        }
        return nil
    }

    /// The languages of a message, best first, after the conversation's language, the channel's hints and the
    /// default have weighed in; and what decided the first one.
    public func identify(_ normalized: NormalizedText, preferred: LocaleID? = nil, hints: LanguageHints = LanguageHints())
        -> (languages: [LanguageScore], source: LanguageSource)
    {
        var (languages, evidence) = identifier.identify(normalized, ignoring: neutralWords)
        let priors = priorLocales(hints)
        let preferred = preferred.flatMap { compiled[$0] != nil ? $0 : nil }
        func promote(_ locale: LocaleID) {
            guard let i = languages.firstIndex(where: { $0.locale == locale }) else {
                if normalized.scripts.dominant == nil { languages.insert(LanguageScore(locale: locale, probability: 1), at: 0) }
                return
            }
            let item = languages.remove(at: i)
            languages.insert(item, at: 0)
        }
        // Nothing in the text to go on (digits, a reference, a short code, an empty message): the conversation's
        // language, else the channel's hints, else the default.
        if evidence == 0 {
            let script = normalized.scripts.dominant
            let fits: (LocaleID) -> Bool = { l in
                script == nil || self.identifier.script(of: l) == script || !languages.contains { $0.locale != l }
            }
            if let preferred, fits(preferred) || script == nil {
                promote(preferred)
                return (languages, .conversation)
            }
            if let hinted = priors.first(where: { p in languages.contains { $0.locale == p } }) {
                promote(hinted)
                return (languages, .hint)
            }
            if let fallback = defaultLocale, languages.contains(where: { $0.locale == fallback }) {
                promote(fallback)
                return (languages, .default)
            }
            if let hinted = priors.first, script == nil {
                promote(hinted)
                return (languages, .hint)
            }
            return (languages, .text)
        }
        // Code-switching: a message the embedded language (English) wins only through its mixed-in words goes to the
        // language whose own words it contains.
        var matrix: LocaleID?
        if let top = languages.first?.locale, top == embeddedLocale, let found = matrixLanguage(normalized, over: top, languages) {
            matrix = found
            promote(found)
        }
        let textTop = languages.first?.locale
        // Priors: the sticky conversation language, then hints, then the default, as factors on the probabilities.
        var factors: [LocaleID: Double] = [:]
        if let fallback = defaultLocale { factors[fallback] = 1.5 }
        for (k, p) in priors.enumerated() { factors[p, default: 1] *= k == 0 ? 3 : 2 }
        if !factors.isEmpty, languages.count > 1 {
            let topBefore = languages[0]
            languages = languages.map { LanguageScore(locale: $0.locale, probability: $0.probability * (factors[$0.locale] ?? 1)) }
            let total = languages.reduce(0) { $0 + $1.probability }
            languages = languages.map { LanguageScore(locale: $0.locale, probability: $0.probability / max(total, 1e-12)) }
                .sorted { $0.probability > $1.probability || ($0.probability == $1.probability && $0.locale < $1.locale) }
            _ = topBefore
            // A matrix-language decision stays first.
            if let matrix { promote(matrix) }
        }
        var source: LanguageSource = languages.first?.locale == textTop ? .text : (priors.contains(languages[0].locale) ? .hint : .default)
        if let preferred, languages.first?.locale != preferred,
            languages.contains(where: { $0.locale == preferred && $0.probability >= 0.15 })
                || (languages.first?.probability ?? 0) < 0.6 && languages.contains(where: { $0.locale == preferred })
        {
            promote(preferred)
            source = .conversation
        }
        return (languages, source)
    }

    /// Locales the channel's hints point to, most likely first.
    func priorLocales(_ hints: LanguageHints) -> [LocaleID] {
        var out: [LocaleID] = []
        if let code = hints.languageCode?.lowercased(), !code.isEmpty {
            let primary = code.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? code
            for l in locales where l.rawValue.lowercased() == code { out.append(l) }
            for l in locales where !out.contains(l) && (l.rawValue.lowercased() == primary) { out.append(l) }
            for l in locales where !out.contains(l) && l.rawValue.lowercased().hasPrefix(primary + "-") { out.append(l) }
        }
        if let digits = hints.internationalDigits {
            for length in stride(from: min(4, digits.count), through: 1, by: -1) {
                if let found = callingCodes[String(digits.prefix(length))] {
                    for l in found where !out.contains(l) { out.append(l) }
                    break
                }
            }
        }
        return out
    }

    /// The candidate language whose own words (words of its corpus that the embedded language's corpus and lexicon
    /// do not have) make up a real part of the message, if any.
    func matrixLanguage(_ text: NormalizedText, over embedded: LocaleID, _ languages: [LanguageScore]) -> LocaleID? {
        let words = languageWords(text)
        guard !words.isEmpty else { return nil }
        let embeddedLexicon = compiled[embedded]?.lexicon
        // Words the embedded language has no use for.
        let foreign = words.filter { !knows($0, in: embedded, embeddedLexicon) }
        guard !foreign.isEmpty else { return nil }
        let script = identifier.script(of: embedded)
        var best: (LocaleID, Int)?
        for candidate in languages.dropFirst() where identifier.script(of: candidate.locale) == script {
            let lexicon = compiled[candidate.locale]?.lexicon
            let own = foreign.filter { knows($0, in: candidate.locale, lexicon) }.count
            if own > best?.1 ?? 0 { best = (candidate.locale, own) }
        }
        guard let (locale, own) = best else { return nil }
        // The embedded language's own words, for balance: a few borrowed words in an English sentence stay English.
        let candidateLexicon = compiled[locale]?.lexicon
        let embeddedOwn = words.filter { !knows($0, in: locale, candidateLexicon) && knows($0, in: embedded, embeddedLexicon) }.count
        guard Double(own) >= 0.8 * Double(embeddedOwn) else { return nil }
        return own >= 2 || Double(own) >= 0.15 * Double(words.count) ? locale : nil
    }

    /// The words of a message that say something about its language: longer than two letters, no numbers, no short
    /// codes or references.
    func languageWords(_ text: NormalizedText) -> [String] {
        text.tokens.filter { $0.count > 2 && !LanguageIdentifierHelpers.isNumber($0) && !neutralWords.contains(WordKey($0)) }
    }

    /// Whether a locale has a word: its corpus (cheap), else `lexicon`, the locale's lexicon.
    func knows(_ word: String, in locale: LocaleID, _ lexicon: Lexicon?) -> Bool {
        identifier.knows(word, in: locale) || (lexicon?.contains(word) ?? false)
    }

    /// Classifies an already normalized message in one locale.
    public func classify(_ normalized: NormalizedText, in locale: LocaleID, languages: [LanguageScore]) -> Classification {
        guard let unit = compiled[locale] else {
            return Classification(
                locale: locale, languages: languages, normalized: normalized, match: .noMatch(reason: "unknown locale"),
                candidates: [], corrections: [], slots: [:], policy: policy)
        }
        let tokens = unit.normalizer.applyVariants(normalized.tokens)
        let scored = unit.index.score(tokens)
        let localized = normalized.with(tokens: tokens)
        // Words that are keywords of the best intent ("water", "broken") are not part of a place; example words are.
        let explicitMask = scored.candidates.first?.explicit ?? 0
        let bestEvidence = Set((0..<min(64, scored.words.count)).filter { explicitMask & (1 << UInt64($0)) != 0 })
        var (slots, place) = unit.slots.extract(from: localized, words: scored.words, evidence: bestEvidence)
        if slots[.language] == nil, let mentioned = scored.languageMentions.first { slots[.language] = mentioned.rawValue }
        // Content words: not stop words, numbers, one-letter words or the place named after a location marker.
        var content: UInt64 = 0
        var words = 0
        for (i, w) in scored.words.prefix(64).enumerated()
        where w.count > 1 && !unit.index.stopWords.contains(WordKey(w)) && !LanguageIdentifierHelpers.isNumber(w) {
            words += 1
            if !place.contains(i) { content |= 1 << UInt64(i) }
        }
        var decision = Decision(scored: scored, index: unit.index, policy: policy, content: content, words: words)
        decision.decide()
        var opinion: Opinion?
        if policy.secondOpinion {
            var verdict = unit.opinion.opinion(on: tokens, candidates: decision.candidates.map(\.intent))
            let before = decision.chosen?.intent
            decision.review(verdict)
            if before != decision.chosen?.intent {
                verdict.effect = before != nil ? .declined : decision.corroborated ? .corroborated : .settled
            }
            opinion = verdict
        }
        let match: Match
        if let chosen = decision.chosen {
            match = .intent(
                IntentMatch(
                    intent: chosen.intent, score: chosen.score,
                    confidence: policy.confidence(best: decision.chosenScore, runnerUp: decision.runnerUp), slots: slots,
                    evidence: chosen.evidence))
        } else {
            match = .noMatch(reason: decision.reason)
        }
        var c = Classification(
            locale: locale, languages: languages, normalized: localized, match: match, candidates: decision.candidates,
            corrections: scored.corrections, slots: slots, policy: policy)
        c.clarify = decision.clarify
        c.cueWords = scored.words.filter { unit.index.cues.contains(WordKey($0)) }
        c.opinion = opinion
        return c
    }

    /// Resolves a citizen's answer to a clarification question ("Do you mean: 1 water bill, 2 no water supply?"): a
    /// number picks from `candidates` (1-based); words are classified and the best-scoring candidate among them wins,
    /// whatever the threshold. `nil` when the answer fits none.
    public func resolve(_ answer: String, among candidates: [IntentID], locale: LocaleID) -> IntentID? {
        let normalized = base.normalize(answer)
        if let number = normalized.tokens.first(where: LanguageIdentifierHelpers.isNumber), let n = Int(number),
            n >= 1, n <= candidates.count, normalized.tokens.count <= 3
        {
            return candidates[n - 1]
        }
        let c = classify(normalized, in: locale, languages: [LanguageScore(locale: locale, probability: 1)])
        if let intent = c.intent, candidates.contains(intent) { return intent }
        return c.candidates.first { candidates.contains($0.intent) && $0.evidence.contains { $0.kind != .example } }?.intent
    }

    /// Tokens of a text in a locale, after its variant rules (for matching yes/no/cancel words).
    public func words(_ text: String, in locale: LocaleID) -> [String] {
        guard let unit = compiled[locale] else { return base.normalize(text).tokens }
        return unit.normalizer.normalize(text).tokens
    }

    static func withoutPlaceholders(_ text: String) -> String {
        var out = ""
        var depth = 0
        for c in text {
            if c == "{" { depth += 1; continue }
            if c == "}" { depth = max(0, depth - 1); out.append(" "); continue }
            if depth == 0 { out.append(c) }
        }
        return out
    }
}
