import Foundation
import Intents
import Locales
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// The expected date told to the citizen is written with ICU (through the C shim) the way their language writes a
/// date: its month names, order and — where its ICU default has them — its digits.
@Suite struct CivicExpectedDateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let locale: LocaleID
        let text: String
        var testDescription: String { "\(locale): \(text)" }
    }

    /// 2026-11-26, three days after the transcripts' clock.
    static let due = Repo.fixedNow.addingTimeInterval(3 * 86400)

    static let cases: [Case] = [
        Case(locale: "en", text: "November 26, 2026"),
        Case(locale: "es", text: "26 de noviembre de 2026"),
        Case(locale: "fr", text: "26 novembre 2026"),
        Case(locale: "sw", text: "26 Novemba 2026"),
        // Arabic-Indic digits: ICU's default numbering for `ar`.
        Case(locale: "ar", text: "٢٦ نوفمبر ٢٠٢٦"),
        // Urdu month names in Urdu script, Western digits (Urdu's ICU default).
        Case(locale: "ur", text: "26 نومبر، 2026"),
        // Roman Urdu as Pakistani English (`icu_locale: en_PK`): day first, English month.
        Case(locale: "ur-Latn", text: "26 November 2026"),
        Case(locale: "hi", text: "26 नवंबर 2026"),
    ]

    @Test(arguments: cases) func expectedDateIsWrittenTheLocalesWay(_ c: Case) throws {
        let desk = try Repo.desk()
        #expect(desk.snapshot.citizenDate(Self.due, c.locale) == c.text)
    }

    @Test func theLocalePacksICULocaleDecides() throws {
        // A city that wants Western digits in Arabic says so in corpora/ar/locale.yaml (`icu_locale: ar@numbers=latn`).
        var corpus = Repo.corpus
        corpus.packs["ar"]?.info.icuLocale = "ar@numbers=latn"
        let desk = try Desk(
            corpus: corpus, configuration: DeskConfiguration(), store: try SQLiteDeskStore.inMemory(),
            hasher: CitizenHasher(key: Data("test-key-test-key-test-key".utf8)), engine: Repo.engine)
        #expect(desk.snapshot.citizenDate(Self.due, "ar") == "26 نوفمبر 2026")
    }
}
