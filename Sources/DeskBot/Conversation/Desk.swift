import Intents
import Locales

/// The one conversation core shared by chat, SMS and the webhooks: message in, reply out.
actor Desk {
    let engine: Classifier
    let corpus: Corpus
    let configuration: DeskConfiguration
    private let templates: Templates
    private var sessions: [String: Session] = [:]

    init(corpus: Corpus, configuration: DeskConfiguration) throws(EngineError) {
        self.corpus = corpus
        self.configuration = configuration
        engine = try Classifier(corpus: corpus)
        templates = Templates(settings: corpus.settings)
    }

    /// Starts (or moves) a conversation in a language, as a channel that knows the citizen's language would.
    func setLanguage(_ locale: LocaleID, channel: Channel, sender: String) {
        sessions["\(channel.rawValue):\(sender)", default: Session()].language = locale
    }

    func handle(_ message: Inbound) -> Reply {
        let key = "\(message.channel.rawValue):\(message.sender)"
        var session = sessions[key] ?? Session()
        let fixed = message.locale ?? configuration.locale
        let classification = engine.classify(message.text, locale: fixed, preferred: session.language)
        let reply = respond(to: classification, session: &session)
        sessions[key] = session
        return reply
    }

    // MARK: - Replies

    private func respond(to c: Classification, session: inout Session) -> Reply {
        let current = session.language ?? c.locale
        // The message's language becomes the session's when it is clearly another one.
        let language = c.normalized.scripts.dominant == nil ? current : c.locale
        session.language = language

        guard let intent = c.intent else {
            return Reply(text: text("fallback", language), locale: language, intent: nil, classification: c)
        }
        if intent == "language_change" {
            guard let target = c.slots[.language].map(LocaleID.init(rawValue:)), corpus.packs[target] != nil else {
                return Reply(
                    text: text("language_choose", language, ["languages": languageList()]), locale: language,
                    intent: intent, classification: c)
            }
            session.language = target
            let name = corpus.packs[target]?.info.nativeName ?? target.rawValue
            return Reply(
                text: text("language_changed", target, ["language": name]), locale: target, intent: intent,
                classification: c)
        }
        return Reply(text: text(intent.rawValue, language), locale: language, intent: intent, classification: c)
    }

    /// A reply in `locale`, falling back to English and then to the key itself, so the citizen always gets text.
    func text(_ key: String, _ locale: LocaleID, _ values: [String: String] = [:]) -> String {
        let template = corpus.packs[locale]?.replies[key] ?? corpus.packs["en"]?.replies[key] ?? key
        return templates.render(template, locale: locale, values: values).trimmingTrailingNewlines()
    }

    private func languageList() -> String {
        corpus.locales.compactMap { code in corpus.packs[code].map { "\($0.info.nativeName) (\(code))" } }
            .joined(separator: ", ")
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}
