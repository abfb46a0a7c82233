import Intents
import Locales
import Yams

/// Reads the typed facts of `settings.yaml` (`{money: 5}`, `{number: 60}`, `{date: "03-31"}`, `{time: "08:30"}`,
/// `{weekdays: monday-friday}`), reporting each malformed one where it is written, in words a clerk can act on.
struct SettingsReader {
    let file: YAMLFile
    /// The `currency` setting: the ISO 4217 code of every amount that does not name its own.
    let currency: String?

    /// The keys that make a mapping a typed fact rather than texts per language.
    static let kinds = ["money", "number", "date", "time", "weekdays"]

    static func isTyped(_ keys: [String]) -> Bool { keys.contains(where: kinds.contains) }

    /// The typed fact in `mapping`, or `nil` (with a problem reported) when it is malformed.
    func typed(_ key: String, _ mapping: Node.Mapping, at node: Node) -> SettingValue? {
        let fields = file.pairs(mapping)
        let kinds = fields.map(\.0).filter(Self.kinds.contains)
        guard kinds.count == 1, let kind = kinds.first, let valueNode = fields.first(where: { $0.0 == kind })?.1 else {
            file.report(
                "setting `\(key)` must be one kind of value: one of \(Self.kinds.joined(separator: ", "))", at: node)
            return nil
        }
        let allowed: Set<String> = kind == "money" ? [kind, "currency"] : [kind]
        for (name, extra) in fields where !allowed.contains(name) {
            file.report(
                "setting `\(key)`: `\(name)` is not understood here (a \(kind) has only `\(kind)`"
                    + (kind == "money" ? " and `currency`)" : ")"), at: extra)
        }
        guard let text = valueNode.scalar?.string else {
            file.report(
                "setting `\(key)`: the \(kind) must be written on the same line, e.g. `\(kind): \(example(kind))`",
                at: valueNode)
            return nil
        }
        guard let fact = fact(kind, text, key: key, fields: fields, at: valueNode) else { return nil }
        return SettingValue(text, fact: fact)
    }

    private func fact(_ kind: String, _ text: String, key: String, fields: [(String, Node)], at node: Node) -> Fact? {
        switch kind {
        case "money":
            guard let amount = Double(text), amount >= 0, amount.isFinite else {
                file.report(
                    "setting `\(key)` must be an amount of money written with digits, such as 5 or 2.50, not `\(text)`",
                    at: node)
                return nil
            }
            let own = fields.first(where: { $0.0 == "currency" })
            guard let code = own.flatMap({ $0.1.scalar?.string }) ?? currency else {
                file.report(
                    "setting `\(key)` is an amount, but no currency is set: add `currency: USD` (or your currency's code) to settings.yaml",
                    at: node)
                return nil
            }
            guard LocaleFormatter.isKnownCurrency(code) else {
                file.report(
                    "`\(code)` is not a currency code; write the three capital letters of ISO 4217, such as USD, EUR or PKR",
                    at: own?.1 ?? node)
                return nil
            }
            return .money(amount, currency: code)
        case "number":
            guard let value = Double(text), value.isFinite else {
                file.report(
                    "setting `\(key)` must be a number written with digits, such as 60, not `\(text)`", at: node)
                return nil
            }
            return .number(value)
        case "date":
            let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 2, let month = parts[0], let day = parts[1], (1...12).contains(month),
                (1...Self.daysIn[month - 1]).contains(day)
            else {
                file.report(
                    "setting `\(key)` must be a day of the year written month-day, such as \"03-31\" for 31 March, not `\(text)`",
                    at: node)
                return nil
            }
            return .annualDate(month: month, day: day)
        case "time":
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
                (0...23).contains(hour), (0...59).contains(minute)
            else {
                file.report(
                    "setting `\(key)` must be a time of day on the 24-hour clock, such as \"08:30\" or \"16:30\", not `\(text)`",
                    at: node)
                return nil
            }
            return .timeOfDay(hour: hour, minute: minute)
        default:
            let names = text.split(separator: "-", omittingEmptySubsequences: false).map { Weekday(name: String($0)) }
            guard (1...2).contains(names.count), let first = names[0], let last = names[names.count - 1] else {
                file.report(
                    "setting `\(key)` must be weekdays in English, such as monday-friday or saturday, not `\(text)`",
                    at: node)
                return nil
            }
            return .weekdays(first, last)
        }
    }

    private func example(_ kind: String) -> String {
        ["money": "5", "number": "60", "date": "\"03-31\"", "time": "\"08:30\"", "weekdays": "monday-friday"][kind]
            ?? ""
    }

    /// Days in each month, 29 for February (a date that comes every leap year).
    private static let daysIn = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
}
