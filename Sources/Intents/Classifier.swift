import Locales

/// The intent engine: built once from the corpora, then shared. Pure — no I/O, no clock, no randomness.
///
/// A message is folded and split into words, its language identified among the installed locales (or taken as
/// given), the locale's spelling-variant rules applied, typos corrected against the corpus vocabulary, and every
/// intent scored through the locale's inverted index. The best intent wins when the policy accepts its score and
/// its margin over the runner-up; otherwise the result is `noMatch` (the fallback).
public struct Classifier: Sendable {
    struct CompiledLocale: Sendable {
        let info: LocaleInfo
        let normalizer: Normalizer
        let index: KeywordIndex
        let slots: SlotExtractor
    }

    public let policy: ScoringPolicy
    public let identifier: LanguageIdentifier
    let compiled: [LocaleID: CompiledLocale]
    private let base = Normalizer()

    public init(corpus: Corpus, policy: ScoringPolicy = ScoringPolicy()) throws(EngineError) {
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
            normalizer = normalizer.withVariantCache(for: baseTokens)
            samples.append(LanguageSample(locale: code, script: pack.info.script, tokens: baseTokens))
            let known = Set(normalizer.applyVariants(baseTokens))
            let localNames = names.map { (tokens: normalizer.applyVariants($0.tokens), locale: $0.locale) }
            let index = KeywordIndex(
                pack: pack, normalizer: normalizer, languageNames: localNames, knownWords: known, policy: policy)
            let markers = pack.info.locationMarkers.map { normalizer.normalize($0).tokens }
                .sorted { $0.count > $1.count }
            var slots = SlotExtractor(
                markers: markers, postposition: pack.info.locationPostposition, stopWords: index.stopWords,
                termWords: Set(index.termWords.map(\.text)), languageNames: names)
            slots.knownWords = Set(known.map(WordKey.init))
            compiled[code] = CompiledLocale(info: pack.info, normalizer: normalizer, index: index, slots: slots)
        }
        self.compiled = compiled
        identifier = LanguageIdentifier(samples: samples)
    }

    public var locales: [LocaleID] { compiled.keys.sorted() }

    public func info(for locale: LocaleID) -> LocaleInfo? { compiled[locale]?.info }

    /// Classifies a message.
    /// - Parameters:
    ///   - locale: the locale to use, skipping language identification.
    ///   - preferred: the conversation's current language, kept when the message could be in it (sticky).
    public func classify(_ text: String, locale: LocaleID? = nil, preferred: LocaleID? = nil) -> Classification {
        let normalized = base.normalize(text)
        if let locale, compiled[locale] != nil {
            return classify(normalized, in: locale, languages: [LanguageScore(locale: locale, probability: 1)])
        }
        let languages = identifier.identify(normalized)
        var order = languages.filter { $0.probability >= 0.15 }.map(\.locale)
        if order.isEmpty, let first = languages.first { order = [first.locale] }
        if let preferred, compiled[preferred] != nil,
            languages.contains(where: { $0.locale == preferred && $0.probability >= 0.15 })
                || (languages.first?.probability ?? 0) < 0.6 && languages.contains(where: { $0.locale == preferred })
                || normalized.scripts.dominant == nil
        {
            order.removeAll { $0 == preferred }
            order.insert(preferred, at: 0)
        }
        guard let first = order.first else {
            return classify(normalized, in: locales[0], languages: languages)
        }
        let primary = classify(normalized, in: first, languages: languages)
        if primary.intent != nil || order.count < 2 { return primary }
        // The most likely language found nothing: try the runner-up language before falling back.
        let secondary = classify(normalized, in: order[1], languages: languages)
        return secondary.intent != nil ? secondary : primary
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
        // Words that are keywords of the chosen intent ("water", "broken") are not part of a place; example words are.
        let explicitMask = scored.candidates.first?.explicit ?? 0
        let bestEvidence = Set((0..<min(64, scored.words.count)).filter { explicitMask & (1 << UInt64($0)) != 0 })
        // Content words: not stop words, numbers, one-letter words or the place named after a location marker.
        let (slots, place) = unit.slots.extract(from: localized, words: scored.words, evidence: bestEvidence)
        var content: UInt64 = 0
        for (i, w) in scored.words.prefix(64).enumerated()
        where w.count > 1 && !unit.index.stopWords.contains(WordKey(w)) && !LanguageIdentifierHelpers.isNumber(w) && !place.contains(i) {
            content |= 1 << UInt64(i)
        }
        let candidates = scored.candidates.map { entry in
            var c = entry.candidate
            c.coverage = content == 0 ? 1 : Double((entry.covered & content).nonzeroBitCount) / Double(content.nonzeroBitCount)
            return c
        }
        let best = candidates.first
        let bestScore = best.map { policy.adjusted($0.score, coverage: $0.coverage) } ?? 0
        let runnerUp = candidates.count > 1 ? candidates[1].score : 0
        let match: Match
        if let best, policy.accepts(best: bestScore, runnerUp: runnerUp) {
            match = .intent(
                IntentMatch(
                    intent: best.intent, score: best.score,
                    confidence: policy.confidence(best: bestScore, runnerUp: runnerUp), slots: slots,
                    evidence: best.evidence))
        } else if let best {
            let reason =
                bestScore < policy.threshold
                ? "best score \(Evidence.format(best.score)) × coverage \(Evidence.format(best.coverage)) → \(Evidence.format(bestScore)) (\(best.intent)) is below the threshold \(Evidence.format(policy.threshold))"
                : "\(best.intent) leads \(candidates[1].intent) by \(Evidence.format(bestScore - runnerUp)), less than the margin \(Evidence.format(policy.margin))"
            match = .noMatch(reason: reason)
        } else {
            match = .noMatch(reason: "no corpus term found")
        }
        return Classification(
            locale: locale, languages: languages, normalized: localized, match: match, candidates: candidates,
            corrections: scored.corrections, slots: slots, policy: policy)
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
