import Foundation
import Intents
import Locales

/// The USSD menu: FAQs, filing a complaint, checking status and choosing a language in a few numbered screens, in
/// the caller's language. USSD sends the whole path each time (`2*3*Block 6`); each screen stays within USSD's 182
/// characters. Menu screens are read-only; a choice that does something (file, status, language) becomes an
/// `Inbound` with a `ShortCommand` and runs through the desk like any other message.
package struct USSDMenu: Sendable {
    package let desk: Desk
    package init(desk: Desk) { self.desk = desk }
    package static let limit = 182

    package func respond(to path: String, phone: String, session: String) async throws -> String {
        let parts = path.isEmpty ? [] : path.split(separator: "*", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let snapshot = desk.snapshot
        let locale = try await language(phone, snapshot)
        func con(_ s: String) -> String { "CON " + Self.fit(s, Self.limit - 4) }
        func end(_ s: String) -> String { "END " + Self.fit(s, Self.limit - 4) }
        func run(_ command: ShortCommand, text: String, step: String) async throws -> String {
            var message = Inbound(channel: .ussd, sender: phone, text: text, locale: locale)
            message.command = command
            // One USSD session files at most once: a repeated request gets the same reply and reference.
            message.messageID = "ussd:\(session):\(step)"
            return end(try await desk.handle(message).text)
        }
        guard let choice = parts.first else { return con(snapshot.text("ussd_menu", locale)) }
        switch choice {
        case "1":
            let topics = Self.infoTopics(snapshot, locale)
            guard parts.count > 1 else {
                return con(topics.enumerated().map { "\($0.offset + 1). \($0.element.label)" }.joined(separator: "\n"))
            }
            guard let n = Int(parts[1]), topics.indices.contains(n - 1) else { return end(snapshot.text("fallback", locale)) }
            return end(snapshot.text(topics[n - 1].intent.rawValue, locale, sms: true))
        case "2":
            let categories = Catalog.categories
            guard parts.count > 1 else {
                return con(categories.enumerated().map { "\($0.offset + 1). \(snapshot.text("category_\($0.element.code)", locale))" }
                    .joined(separator: "\n"))
            }
            guard let n = Int(parts[1]), categories.indices.contains(n - 1) else { return end(snapshot.text("fallback", locale)) }
            let category = categories[n - 1].code
            let name = snapshot.text("category_\(category)", locale)
            guard parts.count > 2, !parts[2].isEmpty else {
                return con(snapshot.text("complaint_ask_location", locale, ["category": name]))
            }
            let location = parts[2...].joined(separator: "*")
            return try await run(.file(category: category, description: name, location: location), text: location, step: "file")
        case "3":
            guard parts.count > 1, !parts[1].isEmpty else { return con(snapshot.text("status_ask_reference", locale)) }
            return try await run(.status(argument: parts[1]), text: parts[1], step: "status:\(parts[1])")
        case "4":
            let locales = snapshot.corpus.locales
            guard parts.count > 1 else {
                return con(locales.enumerated().map { "\($0.offset + 1). \(snapshot.corpus.packs[$0.element]?.info.nativeName ?? $0.element.rawValue)" }
                    .joined(separator: "\n"))
            }
            guard let n = Int(parts[1]), locales.indices.contains(n - 1) else { return end(snapshot.text("fallback", locale)) }
            return try await run(.language(locales[n - 1].rawValue), text: parts[1], step: "language")
        default:
            return con(snapshot.text("ussd_menu", locale))
        }
    }

    /// The conversation's language, or the desk's default.
    private func language(_ phone: String, _ snapshot: DeskSnapshot) async throws -> LocaleID {
        let id = ConversationID(channel: .ussd, citizen: desk.hasher.pseudonym(phone)).key
        let stored = try await desk.store.session(id: id).flatMap(Session.init(record:))
        return stored?.language ?? snapshot.defaultLocale
    }

    /// The FAQ topics of a locale's `sms.yaml`, as menu entries.
    package static func infoTopics(_ snapshot: DeskSnapshot, _ locale: LocaleID) -> [(label: String, intent: IntentID)] {
        let topics = snapshot.corpus.packs[locale]?.sms.topics ?? snapshot.corpus.packs["en"]?.sms.topics ?? [:]
        var seen = Set<IntentID>()
        return topics.sorted { $0.key < $1.key }.compactMap { key, intent in
            seen.insert(intent).inserted ? (key.capitalized, intent) : nil
        }.prefix(7).map { $0 }
    }

    /// Cuts at a word boundary to fit a USSD screen.
    package static func fit(_ s: String, _ limit: Int) -> String {
        guard s.count > limit else { return s }
        var out = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: false) {
            if out.count + word.count + 2 > limit { break }
            out += (out.isEmpty ? "" : " ") + word
        }
        return out + "…"
    }
}
