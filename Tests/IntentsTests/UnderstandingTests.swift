import Testing

@testable import Intents
@testable import Locales

/// Real citizens: greetings around requests, generic words, language mentions, first contact, clarification.
@Suite struct UnderstandingTests {
    let engine = UnderstandingFixture.engine

    struct Case: Sendable, CustomTestStringConvertible {
        let locale: LocaleID
        let text: String
        let intent: IntentID?
        var testDescription: String { "\(locale): \(text)" }
    }

    // MARK: - Greetings and thanks around a request

    static let greetingPlusRequest: [Case] = [
        Case(locale: "en", text: "Good morning, the garbage truck did not come this week", intent: "complaint_garbage"),
        Case(locale: "en", text: "hello, there is a huge pothole on our road", intent: "complaint_road"),
        Case(locale: "es", text: "Hola buenas tardes, hay un bache enorme en mi calle", intent: "complaint_road"),
        Case(locale: "ur-Latn", text: "salam, pani nahi aa raha teen din se", intent: "complaint_water_supply"),
        // A bare greeting or thanks stays one; "thanks for the help" is thanks, not a request for help.
        Case(locale: "en", text: "good morning", intent: "greeting"),
        Case(locale: "es", text: "hola", intent: "greeting"),
        Case(locale: "ur-Latn", text: "assalam", intent: "greeting"),
        Case(locale: "en", text: "thank you for the help", intent: "thanks"),
    ]

    @Test(arguments: greetingPlusRequest) func requestWinsOverGreeting(_ c: Case) {
        // Given a message in a known locale / When classified / Then the request (or the bare greeting) wins.
        let result = engine.classify(c.text, locale: c.locale)
        #expect(result.intent == c.intent)
    }

    // MARK: - Generic words

    static let genericAlone: [Case] = [
        Case(locale: "en", text: "status", intent: nil),
        Case(locale: "en", text: "bill", intent: nil),
        Case(locale: "en", text: "my facebook status is so complicated these days", intent: nil),
        Case(locale: "en", text: "the bill at the restaurant last night was huge", intent: nil),
        Case(locale: "es", text: "el agua del mar esta muy fria hoy", intent: nil),
        Case(locale: "ur-Latn", text: "mobile ka bill", intent: nil),
    ]

    @Test(arguments: genericAlone) func genericWordAloneDecidesNothing(_ c: Case) {
        // Given a word ordinary text also uses (it is in the out-of-scope lines) / When it is the only evidence
        let result = engine.classify(c.text, locale: c.locale)
        // Then no intent is accepted — and certainly no complaint.
        #expect(result.intent == nil)
        #expect(result.intent?.kind != .complaint)
    }

    @Test func genericWordIsMarkedSo() throws {
        let result = engine.classify("status", locale: "en")
        let status = try #require(result.candidates.first?.evidence.first)
        #expect(status.strength == .generic)
    }

    static let specificSupport: [Case] = [
        Case(locale: "en", text: "what is the status of my complaint", intent: "complaint_status"),
        Case(locale: "en", text: "my water bill is too high", intent: "water_bill"),
        Case(locale: "en", text: "pothole", intent: "complaint_road"),
        Case(locale: "es", text: "no hay agua desde ayer", intent: "complaint_water_supply"),
        Case(locale: "ur-Latn", text: "pani ka bill", intent: "water_bill"),
    ]

    @Test(arguments: specificSupport) func specificEvidenceIsAccepted(_ c: Case) {
        #expect(engine.classify(c.text, locale: c.locale).intent == c.intent)
    }

    // MARK: - Language names

    static let mentions: [Case] = [
        Case(locale: "en", text: "my son studies english at school every morning", intent: nil),
        Case(locale: "es", text: "mi hija aprende espanol y castellano antiguo en la universidad", intent: nil),
    ]

    @Test(arguments: mentions) func mentioningALanguageIsNoChange(_ c: Case) {
        #expect(engine.classify(c.text, locale: c.locale).intent != "language_change")
    }

    static let requests: [Case] = [
        Case(locale: "en", text: "reply in urdu", intent: "language_change"),
        Case(locale: "en", text: "english please", intent: "language_change"),
        Case(locale: "es", text: "cambiar idioma", intent: "language_change"),
        Case(locale: "ur-Latn", text: "zaban badlo", intent: "language_change"),
    ]

    @Test(arguments: requests) func askingForALanguageIsAChange(_ c: Case) {
        #expect(engine.classify(c.text, locale: c.locale).intent == c.intent)
    }

    @Test func languageNameInsideAWordIsFound() {
        // "angreziii" style suffixes and prefixes around a name of at least five letters.
        let result = engine.classify("switch to angrezime", locale: "en")
        #expect(result.slots[.language] == "en")
    }

    // MARK: - First contact

    struct FirstContact: Sendable, CustomTestStringConvertible {
        let text: String
        let hints: LanguageHints
        let locale: LocaleID
        var testDescription: String { "\(text.isEmpty ? "(empty)" : text) \(hints.sender ?? hints.languageCode ?? "")" }
    }

    static let firstContacts: [FirstContact] = [
        FirstContact(text: "HELP", hints: LanguageHints(), locale: "en"),
        FirstContact(text: "help", hints: LanguageHints(), locale: "en"),
        FirstContact(text: "", hints: LanguageHints(), locale: "en"),
        FirstContact(text: "123", hints: LanguageHints(), locale: "en"),
        FirstContact(text: "C", hints: LanguageHints(), locale: "en"),
        FirstContact(text: "STATUS CMP-2026-000123", hints: LanguageHints(), locale: "en"),
        FirstContact(text: "HELP", hints: LanguageHints(sender: "+923001234567"), locale: "ur-Latn"),
        FirstContact(text: "123", hints: LanguageHints(sender: "0034612345678"), locale: "es"),
        FirstContact(text: "menu", hints: LanguageHints(languageCode: "es-MX"), locale: "es"),
        // A clear message wins over any hint.
        FirstContact(text: "hay un bache enorme en mi calle", hints: LanguageHints(sender: "+923001234567"), locale: "es"),
    ]

    @Test(arguments: firstContacts) func firstContactLanguage(_ c: FirstContact) {
        // Given no conversation language yet / When a message with little or no language evidence arrives
        let result = engine.classify(c.text, hints: c.hints)
        // Then the hints, else `default_locale`, decide — never the alphabet.
        #expect(result.locale == c.locale)
    }

    @Test func conversationLanguageStaysForNeutralMessages() {
        let result = engine.classify("123", preferred: "es")
        #expect(result.locale == "es")
        #expect(result.languageSource == .conversation)
    }

    @Test func withoutDefaultTiesStillResolve() throws {
        let engine = try Classifier(corpus: UnderstandingFixture.corpus(defaultLocale: nil), lexicons: [:])
        #expect(engine.locales.contains(engine.classify("HELP").locale))
    }

    // MARK: - Clarification

    @Test func weakEvidenceOffersCandidates() {
        // "water" is generic here (out-of-scope lines use it) and shared by two intents: ask, don't guess.
        let result = engine.classify("water", locale: "en")
        #expect(result.intent == nil)
        #expect(result.needsClarification)
        #expect(Set(result.clarify) == ["water_bill", "complaint_water_supply"])
        #expect(result.clarify.count <= engine.policy.clarifyCandidates)
    }

    @Test func clarificationIsAnsweredByNumberOrWords() {
        let offered: [IntentID] = ["water_bill", "complaint_water_supply"]
        #expect(engine.resolve("1", among: offered, locale: "en") == "water_bill")
        #expect(engine.resolve("2", among: offered, locale: "en") == "complaint_water_supply")
        #expect(engine.resolve("the bill", among: offered, locale: "en") == "water_bill")
        #expect(engine.resolve("no water at all", among: offered, locale: "en") == "complaint_water_supply")
        #expect(engine.resolve("7", among: offered, locale: "en") == nil)
    }

    @Test func confidentAnswersOfferNothing() {
        #expect(engine.classify("what is the status of my complaint", locale: "en").clarify.isEmpty)
        #expect(engine.classify("i love this song", locale: "en").clarify.isEmpty)
    }

    // MARK: - Typos

    @Test func realWordsAreNotCorrected() {
        // "stop" is in the lexicon: it must not become "shop"/"status"/anything.
        let result = engine.classify("please stop", locale: "en")
        #expect(result.corrections.isEmpty)
    }

    @Test func correctionNeedsSupportFromTheMessage() {
        // "potholle" → "pothole" is supported by "road"; alone in a long unrelated message it is left as typed.
        #expect(engine.classify("big potholle on the road", locale: "en").intent == "complaint_road")
        let unrelated = engine.classify("we watched a potholle movie with friends yesterday evening", locale: "en")
        #expect(unrelated.corrections.isEmpty)
    }

    // MARK: - Bounded cost

    @Test func hugeInputsAreCheap() {
        // A 100,000-character message and a 5,000-letter word: the engine reads a bounded prefix and skips the
        // long word in typo correction, so both take about as long as a normal message.
        let long = String(repeating: "there is no water in block six ", count: 3_300)
        let word = String(repeating: "a", count: 5_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            _ = engine.classify(long)
            _ = engine.classify(word, locale: "en")
            _ = engine.classify("water " + word + " bill", locale: "en")
        }
        #expect(elapsed < .seconds(2))
        #expect(engine.classify(long).normalized.original.count <= engine.policy.maxMessageLength)
    }
}
