import Foundation
import Intents
import Locales

/// The USSD menu: FAQs, filing a complaint, checking status and choosing a language in a few numbered screens, in
/// the caller's language. USSD sends the whole path each time (`2*3*Block 6`); each screen stays within USSD's 182
/// characters. Menu screens are read-only; a choice that does something (file, status, language) becomes an
/// `Inbound` with a `ShortCommand` and runs through the desk like any other message.
///
/// The path is walked screen by screen: a choice that is not on a screen is skipped and that screen is shown again
/// (with a line saying so), so a mistyped digit never ends the session. A long answer is split into screens that
/// end with the locale's "98 More" option; `98` shows the next screen, `0` goes back to the main menu.
package struct USSDMenu: Sendable {
    package let desk: Desk
    package init(desk: Desk) { self.desk = desk }
    package static let limit = 182
    package static let more = USSDPath.more
    package static let back = USSDPath.back

    package func respond(to path: String, phone: String, session: String) async throws -> String {
        let snapshot = desk.snapshot
        let locale = try await language(phone, snapshot)
        let topics = Self.infoTopics(snapshot, locale)
        let categories = Catalog.categories
        let locales = snapshot.corpus.locales
        let walk = USSDPath(path, topics: topics.count, categories: categories.count, languages: locales.count)
        let invalid = walk.invalid

        let sorry = invalid ? snapshot.text("ussd_invalid", locale) + "\n" : ""
        func con(_ s: String) -> String { "CON " + Self.fit(sorry + s, Self.limit - 4) }
        switch walk.screen {
        case .main: return con(snapshot.text("ussd_menu", locale))
        case .topics: return con(topics.enumerated().map { "\($0.offset + 1). \($0.element.label)" }.joined(separator: "\n"))
        case .categories:
            return con(categories.enumerated().map { "\($0.offset + 1). \(snapshot.text("category_\($0.element.code)", locale))" }.joined(separator: "\n"))
        case .location(let n):
            return con(snapshot.text("complaint_ask_location", locale, ["category": snapshot.text("category_\(categories[n].code)", locale)]))
        case .status: return con(snapshot.text("status_ask_reference", locale))
        case .languages:
            return con(locales.enumerated().map { "\($0.offset + 1). \(snapshot.corpus.packs[$0.element]?.info.nativeName ?? $0.element.rawValue)" }
                .joined(separator: "\n"))
        case .answer(let n, let page):
            // The full answer, not the SMS digest: USSD screens page through it.
            return paged(snapshot.text(topics[n].intent.rawValue, locale), page: page, sorry: sorry, snapshot, locale)
        case .action(let action, let page):
            let command: ShortCommand, text: String, step: String
            switch action {
            case .file(let n, let place):
                let code = categories[n].code
                (command, text, step) = (.file(category: code, description: snapshot.text("category_\(code)", locale), location: place), place, "file")
            case .status(let reference): (command, text, step) = (.status(argument: reference), reference, "status:\(reference)")
            case .language(let n): (command, text, step) = (.language(locales[n].rawValue), String(n + 1), "language")
            }
            var message = Inbound(channel: .ussd, sender: phone, text: text, locale: locale)
            message.command = command
            // One USSD session files at most once: a repeated request gets the same reply and reference.
            message.messageID = "ussd:\(session):\(step)"
            let reply = try await desk.handle(message)
            // A language choice answers in the new language.
            return paged(reply.text, page: page, sorry: sorry, snapshot, reply.locale)
        }
    }

    /// One screen of a long text: `CON` with the "more" option while screens remain, `END` on the last.
    private func paged(_ text: String, page: Int, sorry: String, _ snapshot: DeskSnapshot, _ locale: LocaleID) -> String {
        let moreLine = snapshot.text("ussd_more", locale, ["command": Self.more])
        let pages = Self.pages(text, limit: Self.limit - 4 - sorry.count - moreLine.count - 1)
        let n = min(page, pages.count - 1)
        if n == pages.count - 1 { return "END " + Self.fit(sorry + pages[n], Self.limit - 4) }
        return "CON " + sorry + pages[n] + "\n" + moreLine
    }

    /// The conversation's language, or the desk's default.
    private func language(_ phone: String, _ snapshot: DeskSnapshot) async throws -> LocaleID {
        let id = ConversationID(channel: .ussd, citizen: desk.hasher.pseudonym(phone)).key
        let stored = try await desk.store.session(id: id).flatMap(Session.init(record:))
        return stored?.language ?? snapshot.defaultLocale
    }

    /// The FAQ topics of a locale's `sms.yaml`, as menu entries, in the file's order (main topics first).
    package static func infoTopics(_ snapshot: DeskSnapshot, _ locale: LocaleID) -> [(label: String, intent: IntentID)] {
        let topics = snapshot.corpus.packs[locale]?.sms.topics ?? snapshot.corpus.packs["en"]?.sms.topics ?? [:]
        return snapshot.topicWords(locale).prefix(7).compactMap { word in topics[word].map { (word.capitalized, $0) } }
    }

    package static func pages(_ s: String, limit: Int) -> [String] { USSDPath.pages(s, limit: limit) }
    package static func fit(_ s: String, _ limit: Int) -> String { USSDPath.fit(s, limit) }
}
