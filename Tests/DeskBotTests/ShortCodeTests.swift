import Locales
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

struct CodeCase: Sendable, CustomTestStringConvertible {
    let locale: LocaleID
    let text: String
    let command: ShortCommand?
    var testDescription: String { "\(locale): \(text)" }
}

private let codeCases: [CodeCase] = [
    // en
    .init(locale: "en", text: "HELP", command: .help),
    .init(locale: "en", text: "menu", command: .help),
    .init(locale: "en", text: "C WATER no water in block 6", command: .complaint(category: "water", text: "no water in block 6")),
    .init(locale: "en", text: "c pothole on Main Road", command: .complaint(category: "road", text: "on Main Road")),
    .init(locale: "en", text: "c the tap in our street is leaking", command: .complaint(category: nil, text: "the tap in our street is leaking")),
    .init(locale: "en", text: "STATUS CMP-2026-000123", command: .status(argument: "cmp-2026-000123")),
    .init(locale: "en", text: "S 123", command: .status(argument: "123")),
    .init(locale: "en", text: "LANG ur", command: .language("ur")),
    .init(locale: "en", text: "STOP", command: .stop),
    .init(locale: "en", text: "start", command: .start),
    .init(locale: "en", text: "help me pay my water bill", command: nil),
    .init(locale: "en", text: "status of my complaint please", command: nil),
    .init(locale: "en", text: "stop the noise next door", command: nil),
    // ur-Latn
    .init(locale: "ur-Latn", text: "madad", command: .help),
    .init(locale: "ur-Latn", text: "C PANI 3 din se pani nahi", command: .complaint(category: "water", text: "3 din se pani nahi")),
    .init(locale: "ur-Latn", text: "c kachra gali mein", command: .complaint(category: "garbage", text: "gali mein")),
    .init(locale: "ur-Latn", text: "zaban ur", command: .language("ur")),
    .init(locale: "ur-Latn", text: "info auqat", command: .info(topic: "auqat", page: 1)),
    .init(locale: "ur-Latn", text: "band", command: .stop),
    // ur
    .init(locale: "ur", text: "مدد", command: .help),
    .init(locale: "ur", text: "C پانی تین دن سے پانی نہیں", command: .complaint(category: "water", text: "تین دن سے پانی نہیں")),
    .init(locale: "ur", text: "معلومات اوقات", command: .info(topic: "اوقات", page: 1)),
    .init(locale: "ur", text: "اسٹیٹس CMP-2026-000001", command: .status(argument: "cmp-2026-000001")),
    // sw
    .init(locale: "sw", text: "MSAADA", command: .help),
    .init(locale: "sw", text: "C MAJI hakuna maji tangu jana", command: .complaint(category: "water", text: "hakuna maji tangu jana")),
    .init(locale: "sw", text: "lalamika TAKATAKA soko la Gikomba", command: .complaint(category: "garbage", text: "soko la Gikomba")),
    .init(locale: "sw", text: "hali 17", command: .status(argument: "17")),
    .init(locale: "sw", text: "taarifa kodi 2", command: .info(topic: "kodi", page: 2)),
    // fr
    .init(locale: "fr", text: "AIDE", command: .help),
    .init(locale: "fr", text: "plainte EAU pas d'eau depuis lundi", command: .complaint(category: "water", text: "pas d'eau depuis lundi")),
    .init(locale: "fr", text: "suivi CMP-2026-000002", command: .status(argument: "cmp-2026-000002")),
    .init(locale: "fr", text: "info horaires", command: .info(topic: "horaires", page: 1)),
    .init(locale: "fr", text: "arrêt", command: .stop),
    .init(locale: "fr", text: "aide moi à payer la facture", command: nil),
]

@Test("Short-code grammar", arguments: codeCases)
func shortCodes(_ c: CodeCase) {
    let parser = ShortCodeParser(corpus: Repo.corpus)
    #expect(parser.parse(c.text, preferred: c.locale)?.0 == c.command)
}

@Test func firstContactCodeTakesTheLanguageOfItsTopic() {
    let parser = ShortCodeParser(corpus: Repo.corpus)
    #expect(parser.parse("INFO auqat", preferred: nil)?.1 == "ur-Latn")
    #expect(parser.parse("C MAJI hakuna maji", preferred: nil)?.1 == "sw")
}
