import Testing

@testable import Locales

/// ICU's output for each DeskBot locale, exactly as observed (ICU 72, CLDR 42) and read as correct for the
/// language: currency placement and spacing (no-break spaces `\u{A0}`, narrow `\u{202F}`, the Arabic right-to-left
/// mark `\u{200F}`), decimal and grouping separators, native digits (ar), month-day order and the locale's hour cycle.
struct FormatterCase: Sendable, CustomTestStringConvertible {
    let locale: LocaleID
    let money: String  // 5 USD
    let bigMoney: String  // 1250.50 USD
    let count: String  // 60
    let decimal: String  // 1234.5
    let date: String  // 31 March (MMMMd)
    let opens: String  // 08:30 (jmm)
    let closes: String  // 16:30 (jmm)
    let monday: String
    let friday: String
    var testDescription: String { "\(locale)" }

    static let all: [FormatterCase] = [
        .init(
            locale: "en", money: "$5.00", bigMoney: "$1,250.50", count: "60", decimal: "1,234.5", date: "March 31",
            opens: "8:30\u{202F}AM", closes: "4:30\u{202F}PM", monday: "Monday", friday: "Friday"),
        .init(
            locale: "es", money: "5,00\u{A0}US$", bigMoney: "1.250,50\u{A0}US$", count: "60", decimal: "1.234,5",
            date: "31 de marzo", opens: "8:30", closes: "16:30", monday: "lunes", friday: "viernes"),
        .init(
            locale: "fr", money: "5,00\u{A0}$US", bigMoney: "1\u{202F}250,50\u{A0}$US", count: "60",
            decimal: "1\u{202F}234,5", date: "31 mars", opens: "08:30", closes: "16:30", monday: "lundi",
            friday: "vendredi"),
        .init(
            locale: "pt", money: "US$\u{A0}5,00", bigMoney: "US$\u{A0}1.250,50", count: "60", decimal: "1.234,5",
            date: "31 de março", opens: "08:30", closes: "16:30", monday: "segunda-feira", friday: "sexta-feira"),
        .init(
            locale: "sw", money: "US$\u{A0}5.00", bigMoney: "US$\u{A0}1,250.50", count: "60", decimal: "1,234.5",
            date: "31 Machi", opens: "08:30", closes: "16:30", monday: "Jumatatu", friday: "Ijumaa"),
        .init(
            locale: "zu", money: "$5.00", bigMoney: "$1,250.50", count: "60", decimal: "1,234.5", date: "Mashi 31",
            opens: "08:30", closes: "16:30", monday: "UMsombuluko", friday: "ULwesihlanu"),
        .init(
            locale: "af", money: "USD\u{A0}5,00", bigMoney: "USD\u{A0}1\u{A0}250,50", count: "60",
            decimal: "1\u{A0}234,5", date: "31 Maart", opens: "08:30", closes: "16:30", monday: "Maandag",
            friday: "Vrydag"),
        .init(
            locale: "ar", money: "\u{200F}٥٫٠٠\u{A0}US$", bigMoney: "\u{200F}١٬٢٥٠٫٥٠\u{A0}US$", count: "٦٠",
            decimal: "١٬٢٣٤٫٥", date: "٣١ مارس", opens: "٨:٣٠ ص", closes: "٤:٣٠ م", monday: "الاثنين", friday: "الجمعة"),
        .init(
            locale: "ur", money: "$5.00", bigMoney: "$1,250.50", count: "60", decimal: "1,234.5", date: "31 مارچ",
            opens: "8:30 AM", closes: "4:30 PM", monday: "پیر", friday: "جمعہ"),
        // Roman Urdu has no ICU data: Pakistani English (en_PK) writes its numbers and dates.
        .init(
            locale: "ur-Latn", money: "US$5.00", bigMoney: "US$1,250.50", count: "60", decimal: "1,234.5",
            date: "31 March", opens: "8:30\u{202F}am", closes: "4:30\u{202F}pm", monday: "Monday", friday: "Friday"),
        .init(
            locale: "hi", money: "$5.00", bigMoney: "$1,250.50", count: "60", decimal: "1,234.5", date: "31 मार्च",
            opens: "8:30 am", closes: "4:30 pm", monday: "सोमवार", friday: "शुक्रवार"),
    ]
}

/// Serialized: one test closes every cached formatter, which the cache test must not see mid-way.
@Suite(.serialized) struct LocaleFormatterTests {
    @Test(arguments: FormatterCase.all)
    func formatsLikeTheLanguage(_ c: FormatterCase) throws {
        // Given the ICU locale DeskBot uses for the locale
        let formatter = LocaleFormatter(icuLocale: LocaleFormatter.icuLocale(for: c.locale))
        // Then money, numbers, dates, times and weekday names are written as the language writes them
        #expect(formatter.money(5, currency: "USD") == c.money)
        #expect(formatter.money(1250.5, currency: "USD") == c.bigMoney)
        #expect(formatter.number(60) == c.count)
        #expect(formatter.number(1234.5) == c.decimal)
        #expect(formatter.annualDate(month: 3, day: 31) == c.date)
        #expect(formatter.timeOfDay(hour: 8, minute: 30) == c.opens)
        #expect(formatter.timeOfDay(hour: 16, minute: 30) == c.closes)
        #expect(formatter.weekdayName(.monday) == c.monday)
        #expect(formatter.weekdayName(.friday) == c.friday)
        #expect(formatter.weekdayRange(.monday, .friday, pattern: "{first}…{last}") == "\(c.monday)…\(c.friday)")
    }

    @Test func icuLocaleMapping() {
        #expect(LocaleFormatter.icuLocale(for: "ur-Latn") == "en_PK")
        #expect(LocaleFormatter.icuLocale(for: "es") == "es")
        #expect(LocaleFormatter.icuLocale(for: "pt-BR") == "pt_BR")
        #expect(LocaleFormatter.icuLocale(for: "ar", override: "ar@numbers=latn") == "ar@numbers=latn")
        #expect(LocaleFormatter.hasData("en_PK"))
        #expect(!LocaleFormatter.hasData("ur_Latn"))
        #expect(!LocaleFormatter.hasData("xx"))
    }

    @Test func overrideChangesDigits() {
        // An `icu_locale:` with ICU keywords reaches ICU: Arabic with Western digits.
        let latn = LocaleFormatter(icuLocale: "ar@numbers=latn")
        #expect(latn.number(60) == "60")
        #expect(latn.money(5, currency: "EUR")?.contains("5.00") == true)
    }

    @Test func currencies() {
        #expect(LocaleFormatter.isKnownCurrency("USD"))
        #expect(LocaleFormatter.isKnownCurrency("PKR"))
        #expect(!LocaleFormatter.isKnownCurrency("XYZ"))
        #expect(!LocaleFormatter.isKnownCurrency("usd"))
        // An invalid code is refused, not written.
        #expect(LocaleFormatter(icuLocale: "en").money(5, currency: "US") == nil)
        // A city in Pakistan: `currency: PKR`.
        #expect(LocaleFormatter(icuLocale: "ur").money(500, currency: "PKR")?.hasPrefix("Rs") == true)
    }

    @Test func badValuesGiveNil() {
        let en = LocaleFormatter(icuLocale: "en")
        #expect(en.annualDate(month: 13, day: 1) == nil)
        #expect(en.timeOfDay(hour: 24, minute: 0) == nil)
        #expect(en.date(skeleton: "", year: 2000, month: 1, day: 1) == nil)
    }

    @Test func weekdaySpans() {
        #expect(Weekday(name: "Monday") == .monday)
        #expect(Weekday(name: "mon") == nil)
        #expect(Weekday.range(.friday, .monday) == [.friday, .saturday, .sunday, .monday])
        let es = LocaleFormatter(icuLocale: "es")
        #expect(es.weekdayRange(.monday, .friday, pattern: "de {first} a {last}") == "de lunes a viernes")
        #expect(es.weekdayRange(.saturday, .saturday, pattern: "de {first} a {last}") == "sábado")
        #expect(es.datePattern(skeleton: "MMMMd") == "d 'de' MMMM")
    }

    @Test func formattersAreCachedAndShared() async {
        func formatAll(_ c: FormatterCase) -> Bool {
            let f = LocaleFormatter(icuLocale: LocaleFormatter.icuLocale(for: c.locale))
            return f.money(5, currency: "USD") == c.money && f.annualDate(month: 3, day: 31) == c.date
                && f.timeOfDay(hour: 8, minute: 30) == c.opens && f.number(60) == c.count
        }
        // Given every locale's formatters opened once
        for c in FormatterCase.all { _ = formatAll(c) }
        let cached = LocaleFormatter.cachedFormatters
        #expect(cached >= 4 * FormatterCase.all.count)  // money, number, MMMMd and jmm for each of 11 ICU locales
        // When 200 tasks format the same values at once
        await withTaskGroup(of: Bool.self) { group in
            for i in 0..<200 {
                let c = FormatterCase.all[i % FormatterCase.all.count]
                group.addTask { formatAll(c) }
            }
            // Then every result is right
            for await ok in group { #expect(ok) }
        }
        // And no formatter was opened again: they are cached per (locale, kind), not per call
        #expect(LocaleFormatter.cachedFormatters <= cached)
    }

    @Test func closedFormattersOpenAgain() {
        // Closing every cached formatter (it waits for calls in progress) leaves formatting working.
        LocaleFormatter.closeCachedFormatters()
        #expect(LocaleFormatter(icuLocale: "fr").annualDate(month: 3, day: 31) == "31 mars")
        #expect(LocaleFormatter.cachedFormatters >= 1)
    }
}
