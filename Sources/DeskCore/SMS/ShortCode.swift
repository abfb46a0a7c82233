import Intents
import Locales

/// A feature-phone short code, parsed from the first word(s) of an SMS.
package enum ShortCommand: Sendable, Equatable {
    case help
    /// `C [CATEGORY] text`: a complaint in one message.
    case complaint(category: String?, text: String)
    /// `STATUS [ref]` / `S 123`.
    case status(argument: String?)
    /// `LANG code`.
    case language(String)
    /// `INFO topic [page]`.
    case info(topic: String, page: Int)
    case stop, start, more
    /// `FORGET`: the citizen asks the desk to erase their data (after a confirmation).
    case forget
    /// A complaint whose category, description and place a menu collected (USSD).
    case file(category: String, description: String, location: String)
}

/// Parses short codes with every locale's keywords (`sms.yaml`), case- and accent-insensitively. Text that is not a
/// well-formed code is left to the intent engine.
package struct ShortCodeParser: Sendable {
    private let commands: [String: [(command: String, locale: LocaleID)]]
    private let categories: [String: (code: String, locale: LocaleID)]
    private let topics: [String: (intent: IntentID, locale: LocaleID)]
    private let normalizer = Normalizer()

    package init(corpus: Corpus) {
        let n = Normalizer()
        func key(_ s: String) -> String { n.normalize(s).tokens.joined(separator: " ") }
        var commands: [String: [(String, LocaleID)]] = [:]
        var categories: [String: (code: String, locale: LocaleID)] = [:]
        var topics: [String: (intent: IntentID, locale: LocaleID)] = [:]
        for code in corpus.locales {
            guard let sms = corpus.packs[code]?.sms else { continue }
            for (command, words) in sms.commands {
                for word in words where !key(word).isEmpty { commands[key(word), default: []].append((command, code)) }
            }
            for (category, words) in sms.categories {
                for word in words { categories[key(word)] = categories[key(word)] ?? (category, code) }
            }
            for (topic, intent) in sms.topics { topics[key(topic)] = topics[key(topic)] ?? (intent, code) }
        }
        // The English codes work everywhere, as printed on posters.
        for (command, word) in [("help", "help"), ("help", "menu"), ("complaint", "c"), ("status", "status"), ("status", "s"),
                                ("language", "lang"), ("info", "info"), ("stop", "stop"), ("start", "start"), ("more", "more")]
        where commands[word] == nil {
            commands[word] = [(command, "en")]
        }
        for c in Catalog.categories where categories[c.code] == nil { categories[c.code] = (c.code, "en") }
        self.commands = commands
        self.categories = categories
        self.topics = topics
    }

    package func topic(_ word: String) -> IntentID? { topics[normalizer.normalize(word).tokens.joined(separator: " ")]?.intent }

    private func key(_ word: String) -> String { normalizer.normalize(word).tokens.joined(separator: " ") }

    /// The command, and the locale it is written in: the locale of its keyword, or — when the keyword is shared by
    /// several locales ("INFO", "C") — that of its topic or category word. The preferred locale wins a tie.
    package func parse(_ text: String, preferred: LocaleID?) -> (ShortCommand, LocaleID)? {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first else { return nil }
        let head = normalizer.normalize(first).tokens.joined(separator: " ")
        guard let owners = commands[head], let owner = owners.first(where: { $0.locale == preferred }) ?? owners.first else {
            return nil
        }
        let rest = Array(words.dropFirst())
        var locale = owner.locale
        if owners.count > 1, !owners.contains(where: { $0.locale == preferred }), let argument = rest.first {
            locale = topics[key(argument)]?.locale ?? categories[key(argument)]?.locale ?? locale
        }
        let restText = rest.joined(separator: " ")
        let command: ShortCommand?
        switch owner.command {
        case "help": command = rest.isEmpty ? .help : nil
        case "stop": command = rest.isEmpty ? .stop : nil
        case "start": command = rest.isEmpty ? .start : nil
        case "more": command = rest.isEmpty ? .more : nil
        case "forget": command = rest.isEmpty ? .forget : nil
        case "language": command = rest.count == 1 ? .language(rest[0]) : nil
        case "status":
            if rest.isEmpty {
                command = .status(argument: nil)
            } else {
                // Only a reference or a number: "status of my complaint" is a sentence for the intent engine.
                let arg = restText.uppercased()
                let isReference = arg.hasPrefix("CMP") || arg.allSatisfy { $0.isNumber || $0 == "-" || $0 == " " }
                command = isReference ? .status(argument: normalizer.normalize(restText).folded) : nil
            }
        case "info":
            guard let topicWord = rest.first else { command = .help; break }
            let page = rest.count > 1 ? Int(normalizer.normalize(rest[1]).folded) ?? 1 : 1
            command = topic(topicWord) != nil ? .info(topic: topicWord, page: max(1, page)) : nil
        case "complaint":
            guard let firstWord = rest.first else { command = nil; break }
            let category = categories[key(firstWord)]?.code
            let body = (category == nil ? rest : Array(rest.dropFirst())).joined(separator: " ")
            command = category == nil && body.isEmpty ? nil : .complaint(category: category, text: body)
        default: command = nil
        }
        return command.map { ($0, locale) }
    }
}
