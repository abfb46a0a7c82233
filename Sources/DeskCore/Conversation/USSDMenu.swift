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
    /// The choice that shows the next screen of a long answer, and the one that goes back to the main menu.
    package static let more = "98"
    package static let back = "0"

    /// Where the walk along the path has arrived.
    private enum Screen {
        case main, topics, categories, location(category: String), status, languages
        /// An answer, `page` screens in; `command` re-runs it (the same message id gives the same reply).
        case answer(key: String, page: Int)
        case result(command: ShortCommand, text: String, step: String, page: Int)
    }

    package func respond(to path: String, phone: String, session: String) async throws -> String {
        let parts = path.isEmpty ? [] : path.split(separator: "*", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let snapshot = desk.snapshot
        let locale = try await language(phone, snapshot)
        let topics = Self.infoTopics(snapshot, locale)
        let categories = Catalog.categories
        let locales = snapshot.corpus.locales
        func pick<T>(_ part: String, _ list: [T]) -> T? { Int(part).flatMap { list.indices.contains($0 - 1) ? list[$0 - 1] : nil } }

        var screen = Screen.main
        var invalid = false
        var k = 0
        while k < parts.count {
            let part = parts[k]
            invalid = false
            switch screen {
            case .main:
                switch part {
                case "1": screen = .topics
                case "2": screen = .categories
                case "3": screen = .status
                case "4": screen = .languages
                default: invalid = true
                }
            case .topics:
                if let topic = pick(part, topics) { screen = .answer(key: topic.intent.rawValue, page: 0) } else { invalid = true }
            case .categories:
                if let category = pick(part, categories) { screen = .location(category: category.code) } else { invalid = true }
            case .location(let category):
                guard !part.isEmpty else { invalid = true; break }
                // The place is the rest of the path (it may itself contain a `*`).
                let place = parts[k...].joined(separator: "*")
                let name = snapshot.text("category_\(category)", locale)
                screen = .result(command: .file(category: category, description: name, location: place), text: place, step: "file", page: 0)
                k = parts.count
                continue
            case .status:
                guard !part.isEmpty else { invalid = true; break }
                screen = .result(command: .status(argument: part), text: part, step: "status:\(part)", page: 0)
            case .languages:
                if let target = pick(part, locales) {
                    screen = .result(command: .language(target.rawValue), text: part, step: "language", page: 0)
                } else {
                    invalid = true
                }
            case .answer(let key, let page):
                if part == Self.more { screen = .answer(key: key, page: page + 1) } else if part == Self.back { screen = .main } else { invalid = true }
            case .result(let command, let text, let step, let page):
                if part == Self.more { screen = .result(command: command, text: text, step: step, page: page + 1) } else if part == Self.back { screen = .main } else { invalid = true }
            }
            k += 1
        }

        let sorry = invalid ? snapshot.text("ussd_invalid", locale) + "\n" : ""
        func con(_ s: String) -> String { "CON " + Self.fit(sorry + s, Self.limit - 4) }
        switch screen {
        case .main: return con(snapshot.text("ussd_menu", locale))
        case .topics: return con(topics.enumerated().map { "\($0.offset + 1). \($0.element.label)" }.joined(separator: "\n"))
        case .categories:
            return con(categories.enumerated().map { "\($0.offset + 1). \(snapshot.text("category_\($0.element.code)", locale))" }.joined(separator: "\n"))
        case .location(let category):
            return con(snapshot.text("complaint_ask_location", locale, ["category": snapshot.text("category_\(category)", locale)]))
        case .status: return con(snapshot.text("status_ask_reference", locale))
        case .languages:
            return con(locales.enumerated().map { "\($0.offset + 1). \(snapshot.corpus.packs[$0.element]?.info.nativeName ?? $0.element.rawValue)" }
                .joined(separator: "\n"))
        case .answer(let key, let page):
            // The full answer, not the SMS digest: USSD screens page through it.
            return paged(snapshot.text(key, locale), page: page, sorry: sorry, snapshot, locale)
        case .result(let command, let text, let step, let page):
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

    /// Splits a text into screens of at most `limit` characters, at word boundaries (a longer word is cut).
    package static func pages(_ s: String, limit: Int) -> [String] {
        let limit = max(20, limit)
        guard s.count > limit else { return [s] }
        var pages: [String] = []
        var current = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            while word.count > limit {
                if !current.isEmpty { pages.append(current); current = "" }
                pages.append(String(word.prefix(limit)))
                word = String(word.dropFirst(limit))
            }
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= limit {
                current += " " + word
            } else {
                pages.append(current)
                current = word
            }
        }
        if !current.isEmpty { pages.append(current) }
        return pages
    }

    /// Cuts at a word boundary to fit a USSD screen (menus are short; answers are paged instead).
    package static func fit(_ s: String, _ limit: Int) -> String {
        guard s.count > limit else { return s }
        return pages(s, limit: limit - 1)[0] + "…"
    }
}
