import Foundation
import Intents
import Locales
import Testing

@testable import DeskCore

/// The city's typed facts as each locale's replies write them: ICU's formats with the locale pack's ICU locale
/// (`icu_locale:`) and its way of joining weekdays (`weekday_range:`).
struct FactCase: Sendable, CustomTestStringConvertible {
    let locale: LocaleID
    let fee: String  // birth_certificate_fee: {money: 5} in USD
    let days: String  // birth_registration_days: {number: 60}
    let due: String  // property_tax_due: {date: "03-31"}
    let opens: String  // office_open: {time: "08:30"}
    let weekdays: String  // office_days: {weekdays: monday-friday}
    var testDescription: String { "\(locale)" }

    static let all: [FactCase] = [
        .init(
            locale: "en", fee: "$5.00", days: "60", due: "March 31", opens: "8:30\u{202F}AM",
            weekdays: "Monday to Friday"),
        .init(
            locale: "es", fee: "5,00\u{A0}US$", days: "60", due: "31 de marzo", opens: "8:30",
            weekdays: "de lunes a viernes"),
        .init(
            locale: "fr", fee: "5,00\u{A0}$US", days: "60", due: "31 mars", opens: "08:30",
            weekdays: "du lundi au vendredi"),
        .init(
            locale: "pt", fee: "US$\u{A0}5,00", days: "60", due: "31 de março", opens: "08:30",
            weekdays: "de segunda-feira a sexta-feira"),
        .init(
            locale: "sw", fee: "US$\u{A0}5.00", days: "60", due: "31 Machi", opens: "08:30",
            weekdays: "Jumatatu hadi Ijumaa"),
        .init(
            locale: "zu", fee: "$5.00", days: "60", due: "Mashi 31", opens: "08:30",
            weekdays: "UMsombuluko – ULwesihlanu"),
        .init(
            locale: "af", fee: "USD\u{A0}5,00", days: "60", due: "31 Maart", opens: "08:30",
            weekdays: "Maandag tot Vrydag"),
        .init(
            locale: "ar", fee: "\u{200F}٥٫٠٠\u{A0}US$", days: "٦٠", due: "٣١ مارس", opens: "٨:٣٠ ص",
            weekdays: "من الاثنين إلى الجمعة"),
        .init(locale: "ur", fee: "$5.00", days: "60", due: "31 مارچ", opens: "8:30 AM", weekdays: "پیر سے جمعہ"),
        .init(
            locale: "ur-Latn", fee: "US$5.00", days: "60", due: "31 March", opens: "8:30\u{202F}am",
            weekdays: "Monday se Friday"),
        .init(locale: "hi", fee: "$5.00", days: "60", due: "31 मार्च", opens: "8:30 am", weekdays: "सोमवार से शुक्रवार"),
    ]
}

@Suite struct FactFormattingTests {
    let templates = FactFormatter.templates(for: Repo.corpus)

    @Test(arguments: FactCase.all)
    func factsInEveryLocale(_ c: FactCase) {
        // Given the bundled settings.yaml, when a reply in the locale shows each fact
        func value(_ name: String) -> String? { templates.value(of: name, locale: c.locale) }
        // Then it is written as the language writes it
        #expect(value("birth_certificate_fee") == c.fee)
        #expect(value("birth_registration_days") == c.days)
        #expect(value("property_tax_due") == c.due)
        #expect(value("office_open") == c.opens)
        #expect(value("office_days") == c.weekdays)
        // And plain texts still come per language
        #expect(value("office_name") == Repo.corpus.settings["office_name"]?.text(for: c.locale))
    }

    @Test func settingsAreTyped() {
        let s = Repo.corpus.settings
        #expect(s["birth_certificate_fee"]?.fact == .money(5, currency: "USD"))
        #expect(s["building_permit_fee"]?.fact == .money(2, currency: "USD"))
        #expect(s["property_tax_due"]?.fact == .annualDate(month: 3, day: 31))
        #expect(s["office_close"]?.fact == .timeOfDay(hour: 16, minute: 30))
        #expect(s["office_days"]?.fact == .weekdays(.monday, .friday))
        #expect(s["water_bill_due_day"]?.fact == .number(15))
        // The text as written stays available to plain readers (Open311, staff tools).
        #expect(s["birth_certificate_fee"]?.text(for: "en") == "5")
    }

    /// Every full and SMS reply that shows a fact, in every locale, rendered with sample conversation values.
    static let factReplies: [(LocaleID, String, String)] = {
        let typed = Set(Repo.corpus.settings.filter { $0.value.fact != nil }.keys)
        var out: [(LocaleID, String, String)] = []
        for (locale, pack) in Repo.corpus.packs.sorted(by: { $0.key < $1.key }) {
            for (section, replies) in [("", pack.replies), ("sms.", pack.smsReplies)] {
                for (key, text) in replies.sorted(by: { $0.key < $1.key })
                where Templates.placeholders(in: text).contains(where: typed.contains) {
                    out.append((locale, section + key, text))
                }
            }
        }
        return out
    }()

    @Test func everyFactReplyRendersWithoutRawPlaceholdersOrGluedCodes() throws {
        let sample = Dictionary(uniqueKeysWithValues: Catalog.conversationValues.map { ($0, "⟨\($0)⟩") })
        let amounts = Repo.corpus.settings.compactMap { name, value -> String? in
            if case .money = value.fact { name } else { nil }
        }
        #expect(Self.factReplies.count >= 11 * 10, "fact replies found: \(Self.factReplies.count)")
        var wrong: [String] = []
        for (locale, key, template) in Self.factReplies {
            let rendered = templates.render(template, locale: locale, values: sample)
            if rendered.contains("{") || rendered.contains("}") {
                wrong.append("\(locale) \(key): raw placeholder: \(rendered)")
            }
            // What ICU wrote for each amount may contain the code (af: "USD 5,00"); nothing else may.
            var rest = rendered
            for name in amounts {
                if let formatted = templates.value(of: name, locale: locale) {
                    if template.contains("{\(name)}") && !rendered.contains(formatted) {
                        wrong.append("\(locale) \(key): {\(name)} is not ICU's \(formatted)")
                    }
                    rest = rest.replacingOccurrences(of: formatted, with: "⟨amount⟩")
                }
            }
            if rest.contains("USD")
                || rest.range(of: #"\d\s*(US\$|\$US|\$)|(US\$|\$US|\$)\s*\d"#, options: .regularExpression) != nil
            {
                wrong.append("\(locale) \(key): a currency glued by hand: \(rendered)")
            }
            // A weekday span carries its own "from": no "de de lunes", "du du lundi", "من من".
            let doubled = #"(?<!\w)(de|du|from|to|a|au|se|من|से|سے)\s+\1(?!\w)"#
            if let range = rendered.range(of: doubled, options: .regularExpression) {
                wrong.append("\(locale) \(key): doubled “\(rendered[range])”: \(rendered)")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }

    @Test func latinSMSFactRepliesStayInTheGSMAlphabet() {
        // ICU's no-break spaces and dashes are replaced for SMS; nothing in a fact may force UCS-2 (half the length).
        let sample = Dictionary(uniqueKeysWithValues: Catalog.conversationValues.map { ($0, "x") })
        var wrong: [String] = []
        for (locale, key, template) in Self.factReplies where key.hasPrefix("sms.") {
            guard Repo.corpus.packs[locale]?.info.script == .latin else { continue }
            let sms = GSMTransliteration.apply(templates.render(template, locale: locale, values: sample))
            let outside = sms.filter { !SMSEncoding.isGSM($0) }
            if !outside.isEmpty { wrong.append("\(locale) \(key): “\(String(outside))” in \(sms)") }
        }
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }

    @Test func noReplyWritesTheCurrencyBesideAnAmount() {
        // deskbot check warns about "{currency} {fee}"; the bundled corpora have none.
        let result = CorpusLoader(directory: Repo.corpora).read()
        let glued = result.problems.filter {
            $0.message.contains("already shows its currency") || $0.message.contains("weekday_range")
        }
        #expect(glued.isEmpty, "\(glued.map(\.description).joined(separator: "\n"))")
        #expect(result.errors.isEmpty)
    }

    @Test func malformedTypedFactsAreReportedWhereWritten() throws {
        // Given a settings.yaml with typed facts a clerk mistyped
        let directory = "\(Repo.fixtures)/typed-facts"
        let problems = CorpusLoader(directory: directory).read().problems.filter { $0.file.hasSuffix("settings.yaml") }
        func problem(_ text: String) throws -> CorpusProblem {
            try #require(problems.first { $0.message.contains(text) }, "no problem saying “\(text)” in \(problems)")
        }
        // Then each is an error at its own line and column (the value's first character), in words a clerk can act on
        let cases: [(String, Int, Int)] = [
            ("`birth_fee` must be an amount of money written with digits, such as 5 or 2.50, not `five`", 4, 20),
            (
                "`tax_due` must be a day of the year written month-day, such as \"03-31\" for 31 March, not `31-03`", 5,
                17
            ),
            ("`opens` must be a time of day on the 24-hour clock, such as \"08:30\" or \"16:30\", not `8.30`", 6, 15),
            ("`days` must be weekdays in English, such as monday-friday or saturday, not `mon-fri`", 7, 18),
            ("`XYZ` is not a currency code; write the three capital letters of ISO 4217", 8, 33),
            ("`count` must be a number written with digits, such as 60, not `sixty`", 9, 17),
            ("`mixed` must be one kind of value", 10, 8),
            ("`closes` must be a time of day", 12, 16),
            ("`fee_with_typo`: `curency` is not understood here", 13, 36),
        ]
        for (text, line, column) in cases {
            let p = try problem(text)
            #expect(p.severity == .error, "\(text)")
            #expect(p.line == line && p.column == column, "\(text): at \(p.line ?? -1):\(p.column ?? -1)")
            #expect(p.description.hasPrefix("\(directory)/settings.yaml:\(line):\(column)"), "\(p.description)")
        }
        // And the valid ones are read: 29 February comes every leap year, an amount may have cents
        let corpus = CorpusLoader(directory: directory).read().corpus
        #expect(corpus.settings["feb_29"]?.fact == .annualDate(month: 2, day: 29))
        #expect(corpus.settings["good_fee"]?.fact == .money(2.5, currency: "USD"))
        #expect(corpus.settings["birth_fee"] == nil)
    }

    @Test func anAmountWithoutACurrencyIsReported() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("facts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "fee: {money: 5}\n".write(toFile: "\(directory)/settings.yaml", atomically: true, encoding: .utf8)
        let problem = try #require(
            CorpusLoader(directory: directory).read().problems.first { $0.message.contains("no currency is set") })
        #expect(problem.line == 1 && problem.message.contains("add `currency: USD`"))
    }
}
