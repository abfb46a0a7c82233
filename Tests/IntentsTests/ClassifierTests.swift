import Testing

@testable import Intents
@testable import Locales

/// A small hand-made corpus, so that scores can be checked by hand.
private func fixtureCorpus() -> Corpus {
    let en = LocalePack(
        info: LocaleInfo(
            code: "en", name: "English", nativeName: "English", script: .latin, names: ["english"],
            stopWords: ["the", "is", "my", "in", "a", "i", "to", "of", "there", "no"], locationMarkers: ["in", "near"]),
        rules: [
            IntentRule(id: "water_bill", keywords: [Term("bill", weight: 2), Term("water")], examples: ["my water bill is too high"]),
            IntentRule(
                id: "complaint_water_supply", keywords: [Term("water"), Term("tap")],
                phrases: [Term("no water")], patterns: [Term("water * not coming")], negative: ["bill"],
                examples: ["no water since monday"]),
            IntentRule(id: "greeting", keywords: [Term("hello"), Term("hi")], examples: ["hello there"]),
            IntentRule(id: "language_change", keywords: [Term("language")], examples: ["change language"]),
            IntentRule(id: "complaint_status", keywords: [Term("status", weight: 2)], examples: ["status of my complaint"]),
        ],
        replies: [:])
    let ur = LocalePack(
        info: LocaleInfo(
            code: "ur-Latn", name: "Roman Urdu", nativeName: "Roman Urdu", script: .latin, names: ["roman urdu"],
            stopWords: ["ka", "hai", "mein", "nahi"], locationMarkers: ["mein"], locationPostposition: true),
        rules: [
            IntentRule(id: "complaint_water_supply", keywords: [Term("pani")], phrases: [Term("pani nahi", weight: 2)], examples: ["pani nahi aa raha"]),
            IntentRule(id: "greeting", keywords: [Term("salam")], examples: ["salam bhai"]),
        ],
        replies: [:], variantRules: "aa > a ;")
    return Corpus(packs: ["en": en, "ur-Latn": ur])
}

@Suite struct ClassifierTests {
    let engine: Classifier

    init() throws { engine = try Classifier(corpus: fixtureCorpus(), lexicons: [:]) }

    @Test func specificWordDecidesBetweenIntentsSharingAWord() throws {
        let c = engine.classify("water bill", locale: "en")
        #expect(c.intent == "water_bill")
        // "water" is shared by two intents: it counts 1/(1+0.6) = 0.625 in each.
        let water = try #require(c.match.intentMatch?.evidence.first { $0.term == "water" })
        #expect(abs(water.weight - 0.625) < 1e-9)
    }

    @Test func phrasesAndPatternsAddUp() throws {
        let c = engine.classify("water is not coming to the tap", locale: "en")
        let m = try #require(c.match.intentMatch)
        #expect(m.intent == "complaint_water_supply")
        #expect(m.evidence.contains { $0.kind == .pattern && $0.term == "water not coming" })
        #expect(m.evidence.contains { $0.term == "tap" })
    }

    @Test func negativeKeywordExcludesAnIntent() {
        let c = engine.classify("no water bill", locale: "en")
        #expect(c.intent == "water_bill")
        #expect(!c.candidates.contains { $0.intent == "complaint_water_supply" })
    }

    @Test func belowThresholdFallsBack() {
        // Only the shared word: 0.625 < threshold 1.0.
        let c = engine.classify("water", locale: "en")
        #expect(c.intent == nil)
        if case .noMatch(let reason) = c.match { #expect(reason.contains("threshold")) } else { Issue.record("expected noMatch") }
    }

    @Test func tieFallsBackOnMargin() {
        var policy = ScoringPolicy()
        policy.margin = 0.5
        #expect(policy.accepts(best: 2, runnerUp: 1.6) == false)
        #expect(policy.accepts(best: 2, runnerUp: 1.4) == true)
        #expect(policy.accepts(best: 0.9, runnerUp: 0) == false)
    }

    @Test func confidenceGrowsWithScoreAndMargin() {
        let p = ScoringPolicy()
        #expect(p.confidence(best: 3, runnerUp: 0) > p.confidence(best: 1, runnerUp: 0))
        #expect(p.confidence(best: 3, runnerUp: 0) > p.confidence(best: 3, runnerUp: 2))
        #expect(p.confidence(best: 0, runnerUp: 0) == 0)
        #expect(p.confidence(best: 100, runnerUp: 0) <= 1)
    }

    @Test func typosAreCorrectedAndShown() throws {
        let c = engine.classify("hello, watr biill", locale: "en")
        #expect(c.intent == "water_bill")
        #expect(c.corrections.contains { $0 == ("biill", "bill") })
        let m = try #require(c.match.intentMatch)
        #expect(m.evidence.contains { $0.correctedFrom == "biill" })
    }

    @Test func languageNamesSelectLanguageChange() {
        let c = engine.classify("roman urdu please", locale: "en")
        #expect(c.intent == "language_change")
        #expect(c.slots[.language] == "ur-Latn")
    }

    @Test func variantRulesApplyBeforeMatching() {
        let c = engine.classify("paani nahi aa raha", locale: "ur-Latn")
        #expect(c.intent == "complaint_water_supply")
    }

    @Test func detectsLanguageWhenNotGiven() {
        #expect(engine.classify("salam bhai").locale == "ur-Latn")
        #expect(engine.classify("hello there").locale == "en")
    }

    @Test func stickyLanguageWinsWhenPlausible() {
        #expect(engine.classify("ok", preferred: "ur-Latn").locale == "ur-Latn")
        #expect(engine.classify("ok", preferred: "en").locale == "en")
    }

    @Test(arguments: [
        ("status of CMP-2026-000123", "CMP-2026-000123"), ("cmp 2026 77", "CMP-2026-000077"),
        ("CMP2026000123 status", "CMP-2026-000123"),
    ])
    func extractsReferences(text: String, reference: String) {
        #expect(engine.classify(text, locale: "en").slots[.reference] == reference)
    }

    @Test func extractsPhoneNumberAndPlace() {
        let c = engine.classify("call +92 300 1234567 no water in G-9 markaz", locale: "en")
        #expect(c.slots[.phone] == "+923001234567")
        #expect(c.slots[.location] == "G-9 markaz")
        let u = engine.classify("G-9 markaz mein pani nahi", locale: "ur-Latn")
        #expect(u.slots[.location] == "G-9 markaz")
    }

    @Test func explanationNamesTermsAndDecision() {
        let lines = Explanation.lines(for: engine.classify("water bill", locale: "en"))
        #expect(lines.contains { $0.contains("bill [keyword decisive +2.0]") })
        #expect(lines.contains { $0.hasPrefix("decision: water_bill") })
    }
}
