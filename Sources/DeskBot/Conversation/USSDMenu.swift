import Foundation
import Intents
import Locales

/// The USSD menu: FAQs, filing a complaint and checking status in a few numbered screens, in the caller's language.
/// USSD sends the whole path each time (`2*3*Block 6`); each screen stays within USSD's 182 characters.
struct USSDMenu: Sendable {
    let desk: Desk
    static let limit = 182

    func respond(to path: String, phone: String, session: String) async throws -> String {
        let parts = path.isEmpty ? [] : path.split(separator: "*", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let locale = try await desk.language(channel: .ussd, sender: phone)
        func con(_ s: String) -> String { "CON " + Self.fit(s, Self.limit - 4) }
        func end(_ s: String) -> String { "END " + Self.fit(s, Self.limit - 4) }
        guard let choice = parts.first else { return con(await desk.text("ussd_menu", locale)) }
        switch choice {
        case "1":
            let topics = await desk.infoTopics(locale)
            guard parts.count > 1 else {
                return con(topics.enumerated().map { "\($0.offset + 1). \($0.element.label)" }.joined(separator: "\n"))
            }
            guard let n = Int(parts[1]), topics.indices.contains(n - 1) else { return end(await desk.text("fallback", locale)) }
            return end(await desk.text(topics[n - 1].intent.rawValue, locale, sms: true))
        case "2":
            let categories = Catalog.categories
            guard parts.count > 1 else {
                var lines: [String] = []
                for (i, c) in categories.enumerated() { lines.append("\(i + 1). \(await desk.text("category_\(c.code)", locale))") }
                return con(lines.joined(separator: "\n"))
            }
            guard let n = Int(parts[1]), categories.indices.contains(n - 1) else { return end(await desk.text("fallback", locale)) }
            let category = categories[n - 1].code
            guard parts.count > 2, !parts[2].isEmpty else {
                return con(await desk.text("complaint_ask_location", locale, ["category": await desk.text("category_\(category)", locale)]))
            }
            let location = parts[2...].joined(separator: "*")
            let text = try await desk.fileDirect(
                channel: .ussd, sender: phone, category: category, description: await desk.text("category_\(category)", locale),
                location: location, locale: locale, idempotencyKey: "ussd:\(session)")
            return end(text)
        case "3":
            guard parts.count > 1, !parts[1].isEmpty else { return con(await desk.text("status_ask_reference", locale)) }
            let reply = try await desk.handle(Inbound(channel: .ussd, sender: phone, text: "status \(parts[1])", locale: locale))
            return end(reply.text)
        case "4":
            let locales = await desk.corpus.locales
            guard parts.count > 1 else {
                var lines: [String] = []
                for (i, l) in locales.enumerated() { lines.append("\(i + 1). \(await desk.corpus.packs[l]?.info.nativeName ?? l.rawValue)") }
                return con(lines.joined(separator: "\n"))
            }
            guard let n = Int(parts[1]), locales.indices.contains(n - 1) else { return end(await desk.text("fallback", locale)) }
            let target = locales[n - 1]
            try await desk.setLanguage(target, channel: .ussd, sender: phone)
            let name = await desk.corpus.packs[target]?.info.nativeName ?? target.rawValue
            return end(await desk.text("language_changed", target, ["language": name]))
        default:
            return con(await desk.text("ussd_menu", locale))
        }
    }

    /// Cuts at a word boundary to fit a USSD screen.
    static func fit(_ s: String, _ limit: Int) -> String {
        guard s.count > limit else { return s }
        var out = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: false) {
            if out.count + word.count + 2 > limit { break }
            out += (out.isEmpty ? "" : " ") + word
        }
        return out + "…"
    }
}
