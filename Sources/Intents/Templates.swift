import Locales

/// Fills `{placeholders}` in reply templates from the city's settings and the conversation's values.
///
/// A typed fact (money, a number, a date, a time, weekdays) is written by `formatFact` for the reply's locale; the
/// engine itself does no formatting (ICU's formatters belong to the desk that renders replies). When `formatFact`
/// gives nothing, the fact's text as written in `settings.yaml` is used.
public struct Templates: Sendable {
    /// Writes a typed fact in a locale's own way, or `nil` when it cannot.
    public typealias FactFormatter = @Sendable (_ fact: Fact, _ locale: LocaleID) -> String?

    public let settings: [String: SettingValue]
    private let formatFact: FactFormatter

    public init(settings: [String: SettingValue], formatFact: @escaping FactFormatter = { _, _ in nil }) {
        self.settings = settings
        self.formatFact = formatFact
    }

    /// A setting's value as a reply in `locale` shows it: its typed fact formatted, or its text.
    public func value(of name: String, locale: LocaleID) -> String? {
        guard let setting = settings[name] else { return nil }
        if let fact = setting.fact, let text = formatFact(fact, locale) { return text }
        return setting.text(for: locale)
    }

    /// Renders `template` for `locale`. Conversation `values` win over settings; an unknown placeholder is left
    /// as written, so a mistake is visible rather than silently dropped (`deskbot check` reports it).
    public func render(_ template: String, locale: LocaleID, values: [String: String] = [:]) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = values[name] ?? value(of: name, locale: locale) {
                out += value
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    /// The placeholder names a template uses.
    public static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
