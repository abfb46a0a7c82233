import DeskCore
import Intents
import Locales
import Testing

/// The spelling-variant rules of the bundled corpora (`corpora/<locale>/variants.txt`): a message typed the way people
/// type it in SMS reads as the same words as its dictionary spelling, so it gets the same intent — isiZulu with
/// dropped vowels, Hindi with स for श and लैसेंस for लाइसेंस, Spanish with the silent h, seseo, b/v and yeísmo.
@Suite struct SpellingVariantTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let locale: LocaleID
        let written: String
        let typed: String
        let intent: IntentID
        var testDescription: String { "\(locale): \(typed)" }
    }

    static let cases: [Case] = [
        Case(locale: "zu", written: "ngifuna ukufakelwa amanzi endlini entsha", typed: "ngfuna ukfakelwa amanz endlin entsha", intent: "new_water_connection"),
        Case(locale: "zu", written: "udoti uthathwa nini lapha ewadini 7", typed: "udot uthathw nin lapha ewadin 7", intent: "waste_collection_schedule"),
        Case(locale: "hi", written: "मुझे शिकायत दर्ज करनी है", typed: "मुझे सिकायत दर्ज करनी है", intent: "complaint_general"),
        Case(locale: "hi", written: "दुकान का लाइसेंस कैसे बनेगा", typed: "दुकान का लैसेंस कैसे बनेगा", intent: "business_license"),
        Case(locale: "es", written: "hay basura tirada en la calle", typed: "ay vasura tirada en la caye", intent: "complaint_garbage"),
        Case(locale: "es", written: "la calle está destrozada por la lluvia", typed: "la caye esta destrosada por la yuvia", intent: "complaint_road"),
    ]

    @Test(arguments: cases)
    func smsSpellingReadsAsTheWrittenWords(_ c: Case) {
        let written = Repo.engine.classify(c.written, locale: c.locale)
        let typed = Repo.engine.classify(c.typed, locale: c.locale)
        #expect(written.intent == c.intent)
        #expect(typed.intent == c.intent)
        // Not by typo correction: both spellings are the same words after the locale's rules.
        #expect(typed.corrections.isEmpty)
        #expect(typed.candidates.first?.evidence.map(\.term) == written.candidates.first?.evidence.map(\.term))
    }

    /// A language name is found in its variant form too: isiZulu "esiNgisini" (in English) folds to "esingisin".
    @Test func languageNameInItsVariantForm() {
        let c = Repo.engine.classify("ngicela ukhulume esiNgisini", locale: "zu")
        #expect(c.intent == "language_change")
        #expect(c.slots[.language] == "en")
    }
}
