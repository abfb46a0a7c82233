import Locales

/// Fills `{placeholders}` in reply templates from the city's settings and the conversation's values.
public struct Templates: Sendable {
    public let settings: [String: SettingValue]

    public init(settings: [String: SettingValue]) { self.settings = settings }

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
            if let value = values[name] ?? settings[name]?.text(for: locale) {
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
