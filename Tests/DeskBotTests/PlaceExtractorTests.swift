import Foundation
import Intents
import Locales
import Testing

@testable import DeskCore

/// The place extractor on the bundled locale packs: the place is cut from the citizen's own text (their spelling
/// kept: "G-9", "12 Main Road"), it runs to a real boundary (punctuation, a stop word, a yes/no word, another
/// marker) and not to the first topic word, and answers or descriptions are never a place.
@Suite struct PlaceExtractorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let locale: LocaleID
        let text: String
        /// `nil`: no place in this message.
        let place: String?
        var testDescription: String { "\(locale): \(text)" }
    }

    static let cases: [Case] = [
        // English: not cut at a topic word; the citizen's spelling; after near/on/in/at and after a comma.
        Case(locale: "en", text: "pothole at 12 Main Road", place: "12 Main Road"),
        Case(locale: "en", text: "no water at 5 Water Street", place: "5 Water Street"),
        Case(locale: "en", text: "no water at 5 water street since monday", place: "5 water street"),
        Case(locale: "en", text: "no water in G-9 since Monday", place: "G-9"),
        Case(locale: "en", text: "the streetlight on my road is broken at 3 Oak Ave", place: "3 Oak Ave"),
        Case(locale: "en", text: "streetlight broken on Elm Road", place: "Elm Road"),
        Case(locale: "en", text: "garbage not collected in Main Street for a week", place: "Main Street"),
        Case(locale: "en", text: "big pothole near the school, please fix", place: "near the school"),
        Case(locale: "en", text: "no water, Block 9", place: "Block 9"),
        Case(locale: "en", text: "no water at block 6. it is brown", place: "block 6"),
        Case(locale: "en", text: "no water since monday", place: nil),
        Case(locale: "en", text: "yes", place: nil),
        // Kiswahili: markers from the pack; a yes-word is never a place.
        Case(locale: "sw", text: "hakuna maji karibu na soko la Gikomba", place: "karibu na soko la Gikomba"),
        Case(locale: "sw", text: "taa haziwaki mtaa wa Moi Avenue", place: "mtaa wa Moi Avenue"),
        Case(locale: "sw", text: "ewe", place: nil),
        // French and Spanish.
        Case(locale: "fr", text: "pas d'eau près de la gare de Cocody", place: "près de la gare de Cocody"),
        Case(locale: "es", text: "no hay agua en la calle Mayor 12", place: "Mayor 12"),
        // Arabic (right to left): the place after في/قرب, the description never taken for the place.
        Case(locale: "ar", text: "انقطاع الماء في حي النور", place: "حي النور"),
        Case(locale: "ar", text: "لا توجد مياه منذ يومين", place: nil),
        // Urdu and Roman Urdu: places before the postposition, spelling kept.
        Case(locale: "ur", text: "سیکٹر جی 9 میں پانی نہیں ہے", place: "سیکٹر جی 9"),
        Case(locale: "ur", text: "ایف ٹین مرکز میں پانی نہیں", place: "ایف ٹین مرکز"),
        Case(locale: "ur", text: "ہاں", place: nil),
        Case(locale: "ur-Latn", text: "G-9 markaz mein pani nahi", place: "G-9 markaz"),
        Case(locale: "ur-Latn", text: "haan", place: nil),
        // isiZulu: a yes-word is never a place.
        Case(locale: "zu", text: "yebo", place: nil),
    ]

    @Test(arguments: cases)
    func place(_ c: Case) {
        // Given the bundled packs, when a message is classified in its locale,
        let found = Repo.engine.classify(c.text, locale: c.locale).slots[.location]
        // then the place is exactly the citizen's words, or there is none.
        #expect(found == c.place)
    }
}
