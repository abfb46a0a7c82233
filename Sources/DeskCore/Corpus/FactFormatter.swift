import Intents
import Locales

/// Writes the city's typed facts (money, numbers, dates, times, weekdays) in each locale's own way, with ICU.
///
/// Each locale pack is written with the ICU locale its `locale.yaml` names (`icu_locale:`), or its own code, and
/// says spans of weekdays with its `weekday_range:` phrase. A locale the corpus does not have is written as its
/// code tells ICU.
package struct FactFormatter: Sendable {
    private struct Style: Sendable {
        let formatter: LocaleFormatter
        let weekdayRange: String
    }

    /// How a span of weekdays is joined when a locale pack does not say (an en dash, as in a timetable).
    package static let defaultWeekdayRange = "{first}–{last}"

    private let styles: [LocaleID: Style]

    package init(corpus: Corpus) {
        var styles: [LocaleID: Style] = [:]
        for (code, pack) in corpus.packs {
            styles[code] = Style(
                formatter: LocaleFormatter(
                    icuLocale: LocaleFormatter.icuLocale(for: code, override: pack.info.icuLocale)),
                weekdayRange: pack.info.weekdayRange ?? Self.defaultWeekdayRange)
        }
        self.styles = styles
    }

    /// The formatter for a locale.
    package func formatter(for locale: LocaleID) -> LocaleFormatter {
        styles[locale]?.formatter ?? LocaleFormatter(icuLocale: LocaleFormatter.icuLocale(for: locale))
    }

    /// `fact` as a reply in `locale` writes it, or `nil` when ICU cannot write it.
    package func format(_ fact: Fact, locale: LocaleID) -> String? {
        let formatter = formatter(for: locale)
        switch fact {
        case .money(let amount, let currency): return formatter.money(amount, currency: currency)
        case .number(let value): return formatter.number(value)
        case .annualDate(let month, let day): return formatter.annualDate(month: month, day: day)
        case .timeOfDay(let hour, let minute): return formatter.timeOfDay(hour: hour, minute: minute)
        case .weekdays(let first, let last):
            return formatter.weekdayRange(
                first, last, pattern: styles[locale]?.weekdayRange ?? Self.defaultWeekdayRange)
        }
    }

    /// The templates of a corpus, with its facts written by this formatter.
    package static func templates(for corpus: Corpus) -> Templates {
        let formatter = FactFormatter(corpus: corpus)
        return Templates(
            settings: corpus.settings, formatFact: { fact, locale in formatter.format(fact, locale: locale) })
    }
}
