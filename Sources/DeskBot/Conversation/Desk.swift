import Foundation
import Intents
import Locales

/// The one conversation core shared by chat, SMS and the webhooks: message in, reply out.
///
/// Each message is classified, the conversation's stored state (language, complaint intake, pending feedback)
/// decides what it means, and the reply is written from the locale's corpus. State lives in the `DeskStore`, so a
/// conversation survives a restart.
actor Desk {
    private(set) var engine: Classifier
    private(set) var corpus: Corpus
    let configuration: DeskConfiguration
    let store: DeskStore
    let hasher: CitizenHasher
    let now: @Sendable () -> Date
    private(set) var templates: Templates
    private(set) var shortCodes: ShortCodeParser

    /// - Parameter engine: an engine already built from `corpus` (it is immutable and can be shared).
    init(
        corpus: Corpus, configuration: DeskConfiguration, store: DeskStore, hasher: CitizenHasher,
        engine: Classifier? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) throws(EngineError) {
        self.corpus = corpus
        self.configuration = configuration
        self.store = store
        self.hasher = hasher
        self.now = now
        if let engine { self.engine = engine } else { self.engine = try Classifier(corpus: corpus) }
        templates = Templates(settings: corpus.settings)
        shortCodes = ShortCodeParser(corpus: corpus)
    }

    /// Everything one message needs while it is handled.
    struct Turn {
        let message: Inbound
        let citizen: String
        let sessionID: String
        let at: Date
        let classification: Classification
        var session: Session
        var language: LocaleID
    }

    // MARK: - Entry points

    /// Swaps in new corpora and their engine (built beforehand, off the actor). Messages are handled one at a time,
    /// so each sees either the old corpora or the new ones, never a mix, and none fails.
    func reload(corpus: Corpus, engine: Classifier) {
        self.corpus = corpus
        self.engine = engine
        templates = Templates(settings: corpus.settings)
        shortCodes = ShortCodeParser(corpus: corpus)
    }

    /// Starts (or moves) a conversation in a language, as a channel that knows the citizen's language would.
    func setLanguage(_ locale: LocaleID, channel: Channel, sender: String) throws {
        let id = sessionID(channel, hasher.pseudonym(sender))
        var session = try loadSession(id, at: now())
        session.language = locale
        try saveSession(session, id: id, at: now())
    }

    func handle(_ message: Inbound) throws -> Reply {
        let at = now()
        let citizen = hasher.pseudonym(message.sender)
        let id = sessionID(message.channel, citizen)
        let session = try loadSession(id, at: at)
        let fixed = message.locale ?? configuration.locale
        // Mid-intake answers ("cha", "ok", a place name) are read in the conversation's language, not re-detected.
        let midDialogue = session.intake != nil ? session.language : nil
        let classification = engine.classify(message.text, locale: fixed ?? midDialogue, preferred: session.language)
        // The message's language becomes the session's unless it has no letters (a number, an emoji).
        let language = classification.normalized.scripts.dominant == nil ? (session.language ?? classification.locale) : classification.locale
        var turn = Turn(
            message: message, citizen: citizen, sessionID: id, at: at, classification: classification, session: session,
            language: language)
        turn.session.language = language
        if !message.contactRecorded {
            try store.saveContact(
                ContactRecord(
                    id: id, channel: message.channel.rawValue, citizen: citizen, address: message.sender,
                    locale: language.rawValue, optedOut: false, updatedAt: at))
        }

        var reply: Reply
        if message.smsShaped, let (command, codeLocale) = shortCodes.parse(message.text, preferred: session.language) {
            // A code is in the conversation's language, or — first contact — in the language its words belong to.
            turn.language = fixed ?? session.language ?? codeLocale
            turn.session.language = turn.language
            reply = try shortCode(command, &turn)
        } else {
            reply = try respond(&turn)
            if reply.intent == nil && turn.session.intake == nil && reply.reference == nil && classification.intent == nil {
                try store.recordUnmatched(locale: classification.locale.rawValue, text: classification.normalized.folded, at: at)
            }
        }
        // Channels the outbox pushes to get their notifications from it; the others see them with this reply.
        let pending = message.channel.pushes ? [] : try store.pendingMessages(channel: message.channel.rawValue, citizen: citizen)
        reply.notifications = pending.map(\.text)
        if message.smsShaped { fitToSMS(&reply, &turn) }
        try saveSession(turn.session, id: id, at: at)
        try store.markDelivered(ids: pending.compactMap(\.id), at: at)
        return reply
    }

    // MARK: - Dispatch

    private func respond(_ turn: inout Turn) throws -> Reply {
        let c = turn.classification
        if turn.session.feedbackFor != nil, let reply = try feedback(&turn) { return reply }
        if turn.session.intake != nil { return try continueIntake(&turn) }
        guard let intent = c.intent else { return answer("fallback", turn) }
        switch intent.kind {
        case .complaint: return try startIntake(&turn, intent: intent)
        case .tracking: return try status(turn)
        case .conversation, .faq: return conversation(&turn, intent: intent)
        }
    }

    /// Greetings, FAQs, help, language changes: one reply from the corpus.
    func conversation(_ turn: inout Turn, intent: IntentID) -> Reply {
        guard intent == "language_change" else { return answer(intent.rawValue, turn, intent: intent) }
        guard let target = turn.classification.slots[.language].map(LocaleID.init(rawValue:)), corpus.packs[target] != nil else {
            return answer("language_choose", turn, intent: intent, values: ["languages": languageList()])
        }
        turn.session.language = target
        turn.language = target
        let name = corpus.packs[target]?.info.nativeName ?? target.rawValue
        return answer("language_changed", turn, intent: intent, values: ["language": name])
    }

    func answer(_ key: String, _ turn: Turn, intent: IntentID? = nil, values: [String: String] = [:]) -> Reply {
        Reply(
            text: text(key, turn.language, values, sms: turn.message.smsShaped), locale: turn.language, intent: intent,
            classification: turn.classification)
    }

    // MARK: - Texts

    /// A reply in `locale`, falling back to English and then to the key itself, so the citizen always gets text.
    /// On SMS channels a reply's short `sms:` form is used when the corpus has one.
    func text(_ key: String, _ locale: LocaleID, _ values: [String: String] = [:], sms: Bool = false) -> String {
        let pack = corpus.packs[locale]
        let template = (sms ? pack?.smsReplies[key] : nil) ?? pack?.replies[key]
            ?? (sms ? corpus.packs["en"]?.smsReplies[key] : nil) ?? corpus.packs["en"]?.replies[key] ?? key
        return templates.render(template, locale: locale, values: values).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func languageList() -> String {
        corpus.locales.compactMap { code in corpus.packs[code].map { "\($0.info.nativeName) (\(code))" } }
            .joined(separator: ", ")
    }

    /// Whether the message contains one of the locale's words or phrases (yes, no, cancel…).
    func says(_ phrases: [String], _ turn: Turn) -> Bool {
        let words = turn.classification.normalized.tokens
        return phrases.contains { phrase in
            let needle = engine.words(phrase, in: turn.language)
            guard !needle.isEmpty, words.count >= needle.count else { return false }
            return (0...(words.count - needle.count)).contains { start in
                needle.indices.allSatisfy { words[start + $0] == needle[$0] }
            }
        }
    }

    // MARK: - Sessions

    func sessionID(_ channel: Channel, _ citizen: String) -> String { "\(channel.rawValue):\(citizen)" }

    private func loadSession(_ id: String, at: Date) throws -> Session {
        guard let record = try store.session(id: id), var session = Session(record: record) else { return Session() }
        if let seen = session.lastSeen, at.timeIntervalSince(seen) > configuration.sessionTimeout {
            session.intake = nil
            session.feedbackFor = nil
        }
        return session
    }

    private func saveSession(_ session: Session, id: String, at: Date) throws {
        try store.saveSession(session.record(id: id, at: at))
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}
