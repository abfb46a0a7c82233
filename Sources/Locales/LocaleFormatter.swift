import CICU

/// Formats numbers, money, dates, times and weekday names the way one locale writes them, with ICU.
///
/// The ICU formatters live in the C shim, opened once per (locale, kind) and shared by every `LocaleFormatter` of
/// that locale; the shim locks each one while it formats, so a formatter can be used from any thread. Dates and
/// times are formatted in UTC: an annual date or a time of day is a civil value, not an instant.
///
/// ```swift
/// let es = LocaleFormatter(icuLocale: "es")
/// es.money(5, currency: "USD")          // "5,00 US$"
/// es.annualDate(month: 3, day: 31)      // "31 de marzo"
/// es.weekdayRange(.monday, .friday, pattern: "de {first} a {last}")  // "de lunes a viernes"
/// ```
public struct LocaleFormatter: Sendable, Hashable {
    /// The ICU locale id, e.g. `es`, `en_PK`, `ar@numbers=latn`.
    public let icuLocale: String

    /// A formatter for an ICU locale id.
    public init(icuLocale: String) { self.icuLocale = icuLocale }

    /// The ICU locale for a DeskBot locale code: the locale pack's `override` if it has one, else the code with
    /// `-` as `_`, except for codes ICU has no data for (`ur-Latn`, Roman Urdu, is written with the numbers, dates
    /// and English month and day names of `en_PK`, as Pakistanis write them in Roman Urdu).
    public static func icuLocale(for locale: LocaleID, override: String? = nil) -> String {
        if let override, !override.isEmpty { return override }
        if let mapped = builtInMapping[locale] { return mapped }
        return String(locale.rawValue.map { $0 == "-" ? "_" : $0 })
    }

    /// DeskBot locales without ICU data of their own, and the ICU locale that writes their numbers and dates.
    public static let builtInMapping: [LocaleID: String] = ["ur-Latn": "en_PK"]

    /// Whether ICU has data of its own for an ICU locale id (not only the root locale's).
    public static func hasData(_ icuLocale: String) -> Bool { deskbot_icu_locale_known(icuLocale) == 1 }

    /// Whether ICU knows an ISO 4217 currency code (`USD`, `EUR`, `PKR`).
    public static func isKnownCurrency(_ code: String) -> Bool { deskbot_icu_currency_known(code) == 1 }

    // MARK: - Formatting

    /// An amount in the locale's currency format, e.g. `$5.00` (en), `5,00 US$` (es), `‏٥٫٠٠ US$` (ar).
    /// - Parameters:
    ///   - amount: the amount, in units of the currency.
    ///   - currency: an ISO 4217 code.
    /// - Returns: the text, or `nil` when ICU cannot format it (an invalid currency code).
    public func money(_ amount: Double, currency: String) -> String? {
        call { out, cap in deskbot_icu_format_money(icuLocale, amount, currency, out, cap) }
    }

    /// A number in the locale's digits and separators, e.g. `1,234.5` (en), `1 234,5` (fr), `٦٠` (ar).
    public func number(_ value: Double) -> String? {
        call { out, cap in deskbot_icu_format_number(icuLocale, value, out, cap) }
    }

    /// A day of the year without the year (skeleton `MMMMd`), e.g. `March 31` (en), `31 de marzo` (es).
    public func annualDate(month: Int, day: Int) -> String? {
        // A leap year, so 29 February can be written.
        date(skeleton: "MMMMd", year: 2000, month: month, day: day)
    }

    /// A time of day in the locale's own hour cycle (skeleton `jmm`), e.g. `8:30 AM` (en), `08:30` (fr).
    public func timeOfDay(hour: Int, minute: Int) -> String? {
        date(skeleton: "jmm", year: 2000, month: 1, day: 1, hour: hour, minute: minute)
    }

    /// A date and time from an ICU skeleton (ICU picks the locale's pattern for the fields asked for).
    public func date(skeleton: String, year: Int, month: Int, day: Int, hour: Int = 12, minute: Int = 0) -> String? {
        call { out, cap in
            deskbot_icu_format_date(
                icuLocale, skeleton, Int32(year), Int32(clamping: month), Int32(clamping: day), Int32(clamping: hour),
                Int32(clamping: minute), out, cap)
        }
    }

    /// The pattern ICU chooses for a skeleton in this locale (e.g. `jmm` → `h:mm a` in en, `HH:mm` in fr).
    public func datePattern(skeleton: String) -> String? {
        call { out, cap in deskbot_icu_date_pattern(icuLocale, skeleton, out, cap) }
    }

    /// A weekday's full name, e.g. `lunes` (es), `UMsombuluko` (zu).
    /// - Parameter standalone: the stand-alone form (a heading, a list) rather than the form inside a date.
    public func weekdayName(_ day: Weekday, standalone: Bool = true) -> String? {
        call { out, cap in deskbot_icu_weekday_name(icuLocale, Int32(day.rawValue), standalone ? 1 : 0, out, cap) }
    }

    /// A span of weekdays in the locale's own words: the ICU names of `first` and `last` put into `pattern`, the
    /// locale pack's phrase with `{first}` and `{last}` (`de {first} a {last}`, `{first} سے {last}`).
    public func weekdayRange(_ first: Weekday, _ last: Weekday, pattern: String) -> String? {
        guard let from = weekdayName(first), let to = weekdayName(last) else { return nil }
        if first == last { return from }
        return Self.fill(pattern, ["first": from, "last": to])
    }

    /// `pattern` with each `{name}` replaced by its value (unknown names are kept as written).
    static func fill(_ pattern: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            out += values[String(rest[rest.index(after: open)..<close])] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    // MARK: - The shim

    /// Runs one shim call with a buffer, growing it once if the text did not fit.
    private func call(_ body: (UnsafeMutablePointer<CChar>, Int32) -> Int32) -> String? {
        for capacity in [256, 4096] {
            var buffer = [CChar](repeating: 0, count: capacity)
            let n = buffer.withUnsafeMutableBufferPointer { raw -> Int32 in
                guard let base = raw.baseAddress else { return DESKBOT_ICU_FORMAT_FAILED }
                return body(base, Int32(raw.count))
            }
            if n == DESKBOT_ICU_FORMAT_SMALL { continue }
            guard n >= 0 else { return nil }
            return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }

    // MARK: - Cache

    /// How many ICU formatters the shim holds now (all locales): for tests and diagnostics.
    public static var cachedFormatters: Int { Int(deskbot_icu_formatters_cached()) }

    /// Closes every ICU formatter the shim holds; they are opened again when next needed.
    public static func closeCachedFormatters() { deskbot_icu_formatters_close_all() }
}
