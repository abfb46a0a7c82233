import Foundation

/// Where a USSD path (`2*3*Block 6`, the whole path sent again with every request) has led, worked out without the
/// desk: which screen to show and whether the last choice was not on its screen. The menu (`USSDMenu`) turns the
/// screen into text, and an action into an `Inbound` for the desk.
///
/// A choice that is not on a screen is skipped and that screen is shown again (`invalid`), so a mistyped digit
/// never ends the session. After an answer or an action's reply, `98` shows its next page and `0` the main menu.
package struct USSDPath: Equatable, Sendable {
    /// The choice that shows the next screen of a long answer, and the one that goes back to the main menu.
    package static let more = "98"
    package static let back = "0"

    package enum Action: Equatable, Sendable {
        /// File a complaint in the category at this index of the menu, at the place typed (which may hold a `*`).
        case file(category: Int, place: String)
        case status(reference: String)
        case language(Int)
    }

    package enum Screen: Equatable, Sendable {
        case main, topics, categories, location(category: Int), status, languages
        /// The FAQ topic at this index of the menu, `page` screens in.
        case answer(topic: Int, page: Int)
        /// A choice that does something, `page` screens into the desk's reply.
        case action(Action, page: Int)
    }

    package var screen: Screen = .main
    /// The last choice was not on the screen it was typed on (that screen is shown again, with a line saying so).
    package var invalid = false

    /// Walks `path` over menus of `topics` FAQ topics, `categories` complaint categories and `languages` locales.
    package init(_ path: String, topics: Int, categories: Int, languages: Int) {
        let parts = path.isEmpty ? [] : path.split(separator: "*", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        func pick(_ part: String, _ count: Int) -> Int? { Int(part).flatMap { $0 >= 1 && $0 <= count ? $0 - 1 : nil } }
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
                if let n = pick(part, topics) { screen = .answer(topic: n, page: 0) } else { invalid = true }
            case .categories:
                if let n = pick(part, categories) { screen = .location(category: n) } else { invalid = true }
            case .location(let category):
                guard !part.isEmpty else { invalid = true; break }
                // The place is the rest of the path (it may itself contain a `*`).
                screen = .action(.file(category: category, place: parts[k...].joined(separator: "*")), page: 0)
                k = parts.count
                continue
            case .status:
                guard !part.isEmpty else { invalid = true; break }
                screen = .action(.status(reference: part), page: 0)
            case .languages:
                if let n = pick(part, languages) { screen = .action(.language(n), page: 0) } else { invalid = true }
            case .answer(let topic, let page):
                if part == Self.more { screen = .answer(topic: topic, page: page + 1) } else if part == Self.back { screen = .main } else { invalid = true }
            case .action(let action, let page):
                if part == Self.more { screen = .action(action, page: page + 1) } else if part == Self.back { screen = .main } else { invalid = true }
            }
            k += 1
        }
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
        // A text of nothing but spaces has no words: one empty screen, never none (callers index the first).
        return pages.isEmpty ? [""] : pages
    }

    /// Cuts at a word boundary to fit a USSD screen (menus are short; answers are paged instead); `limit` > 20.
    package static func fit(_ s: String, _ limit: Int) -> String {
        guard s.count > limit else { return s }
        return pages(s, limit: limit - 1)[0] + "…"
    }
}
