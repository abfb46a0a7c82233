import Foundation
import Intents
import Locales

/// The desk at one version of the corpora: everything a turn needs to read a message and answer it.
///
/// Each message is classified, the conversation's stored state (language, complaint intake, pending feedback)
/// decides what it means, and the reply is written from the locale's corpus. A turn reads from the store, decides,
/// and writes everything it changed in one `commit` (see `TurnRecord`). A reload swaps in a new snapshot; a turn
/// keeps the one it started with, so it never sees a mix.
package struct DeskSnapshot: Sendable {
    package let engine: Classifier
    package let corpus: Corpus
    package let configuration: DeskConfiguration
    package let store: any DeskStore
    package let hasher: CitizenHasher
    package let templates: Templates
    package let shortCodes: ShortCodeParser

    /// Stands for the reference in a reply until the commit has given the complaint its reference.
    package static let referenceMark = "\u{1A}REF\u{1A}"

    package init(corpus: Corpus, engine: Classifier, configuration: DeskConfiguration, store: any DeskStore, hasher: CitizenHasher) {
        self.corpus = corpus
        self.engine = engine
        self.configuration = configuration
        self.store = store
        self.hasher = hasher
        templates = FactFormatter.templates(for: corpus)
        shortCodes = ShortCodeParser(corpus: corpus)
    }

    /// What one turn writes besides the session and the reply (collected while the turn decides).
    package struct Writes: Sendable {
        var optedOut: Bool?
        var complaint: ComplaintRecord?
        var civic: CivicFiling?
        var statusChanges: [TurnRecord.StatusChange] = []
        var feedback: FeedbackRecord?
        /// The citizen confirmed FORGET: their data is erased when the turn commits.
        var forget = false
    }

    /// Everything one message needs while it is handled.
    package struct Turn {
        let message: Inbound
        let conversation: ConversationID
        let at: Date
        let classification: Classification
        var session: Session
        var language: LocaleID
        var writes = Writes()
        /// The open handoff read with the turn's state (`nil`: not read, ask the store).
        var handoff: (read: Bool, open: HandoffRecord?) = (false, nil)
        /// The citizen's complaints read with the turn's state (`nil`: not read, ask the store).
        var complaints: [ComplaintRecord]?

        var citizen: String { conversation.citizen }
        var sessionID: String { conversation.key }
    }

    // MARK: - A turn

    /// Handles one message: reads, decides, commits once. A message id already answered gets its stored reply.
    ///
    /// When the commit finds that a report of the same problem was filed meanwhile (`DuplicateConflict`: a
    /// concurrent turn, here or in another instance, won the duplicate check's lock), nothing was written and the
    /// turn is decided again, now seeing that complaint, so the citizen is linked to it and told so. A second
    /// conflict needs the problem's open complaint to change again within that instant; after two the error is
    /// thrown (the turn fails, written nowhere, and a provider retries it).
    package func handle(_ message: Inbound, at: Date) async throws -> Reply {
        var conflicts = 0
        while true {
            do {
                return try await decide(message, at: at)
            } catch is DuplicateConflict where conflicts < 2 {
                conflicts += 1
            }
        }
    }

    private func decide(_ message: Inbound, at: Date) async throws -> Reply {
        let conversation = ConversationID(channel: message.channel, citizen: message.citizen ?? hasher.pseudonym(message.sender))
        let state = try await store.turnState(conversation, messageID: message.ledgerID)
        if let seen = state.seen, seen.state == InboundRecord.State.answered.rawValue {
            return Reply(stored: seen, locale: LocaleID(seen.locale ?? "en"))
        }
        let session = Self.session(state.session, at: at, timeout: configuration.sessionTimeout)
        if message.text.count > configuration.maxMessageCharacters {
            return try await tooLong(message, conversation: conversation, session: session, basis: state.session, at: at)
        }
        let fixed = message.locale ?? configuration.locale
        // Mid-intake answers ("cha", "ok", a place name) are read in the conversation's language, not re-detected.
        let midDialogue = session.intake != nil ? session.language : nil
        let hints = LanguageHints(languageCode: message.languageCode, sender: message.sender.isEmpty ? nil : message.sender)
        let classification = engine.classify(message.text, locale: fixed ?? midDialogue, preferred: session.language, hints: hints)
        // The message's language becomes the session's unless it has no letters (a number, an emoji).
        let language = classification.normalized.scripts.dominant == nil ? (session.language ?? classification.locale) : classification.locale
        var turn = Turn(
            message: message, conversation: conversation, at: at, classification: classification, session: session,
            language: language)
        turn.session.language = language
        turn.handoff = (state.handoffRead, state.openHandoff)
        turn.complaints = state.complaints

        var reply: Reply
        var unmatched: UnmatchedRecord?
        var command = message.command
        // A code word several languages share ("STATUS", "HELP") is read in the conversation's language, or — first
        // contact — in the one the channel's hints and `default_locale` give, never the first alphabetically.
        if command == nil, let (code, codeLocale) = shortCodes.parse(message.text, preferred: session.language ?? classification.locale),
            message.smsShaped || code == .forget
        {
            // A code is in the conversation's language, or — first contact — in the language its words belong to.
            turn.language = fixed ?? session.language ?? codeLocale
            turn.session.language = turn.language
            command = code
        }
        if let command {
            turn.session.lapsed = nil
            reply = try await shortCode(command, &turn)
        } else if turn.session.forgetAsked == true {
            reply = try await answerForget(&turn)
        } else {
            reply = try await respond(&turn)
            if reply.intent == nil && turn.session.intake == nil && reply.reference == nil && classification.intent == nil {
                unmatched = UnmatchedRecord(id: nil, locale: classification.locale.rawValue, text: classification.normalized.folded, createdAt: at)
            }
        }
        if turn.writes.complaint != nil { reply = try await civicFiling(reply, &turn) }
        // Channels the outbox pushes to get their notifications from it; the others see them with this reply.
        reply.notifications = state.pending.map(\.text)
        var record = self.record(for: turn, reply: reply)
        if record.complaint == nil { record.rendered = record.render(nil) }
        record.unmatched = unmatched
        record.civic = turn.writes.civic
        record.delivered = state.pending.compactMap(\.id)
        record.basis = TurnRecord.Basis(session: state.session)
        return try await commit(record, reply: reply, message: message)
    }

    /// The turn's writes, with the reply rendered once the reference is known.
    private func record(for turn: Turn, reply: Reply) -> TurnRecord {
        let shaped = turn.message.smsShaped
        let key = turn.sessionID
        let at = turn.at
        let session = turn.session
        return TurnRecord(
            ledger: turn.message.ledger(citizen: turn.citizen, at: at), at: at, conversation: turn.conversation,
            contact: turn.message.contactRecorded
                ? nil
                : ContactRecord(
                    id: key, channel: turn.message.channel.rawValue, citizen: turn.citizen, address: turn.message.sender,
                    locale: turn.language.rawValue, optedOut: false, updatedAt: at),
            optedOut: turn.writes.optedOut, complaint: turn.writes.complaint, statusChanges: turn.writes.statusChanges,
            feedback: turn.writes.feedback, forget: turn.writes.forget, queueReply: turn.message.channel.pushes,
            intent: reply.intent?.rawValue, locale: reply.locale.rawValue,
            render: { reference in
                var reply = reply
                var session = session
                self.finish(&reply, &session, reference: reference, sms: shaped)
                return TurnRecord.Rendered(text: reply.fullText, session: session.record(id: key, at: at))
            })
    }

    /// Puts the reference in and fits the reply to SMS.
    package func finish(_ reply: inout Reply, _ session: inout Session, reference: String?, sms: Bool) {
        if let reference {
            reply.text = reply.text.replacingOccurrences(of: Self.referenceMark, with: reference)
            reply.reference = reference
        }
        if sms { fitToSMS(&reply, &session) }
    }

    private func commit(_ record: TurnRecord, reply: Reply, message: Inbound) async throws -> Reply {
        switch try await store.commit(record) {
        case .committed(let text, let reference):
            var reply = reply
            reply.reference = reference
            if message.smsShaped {
                // Fitted to SMS, the committed text is the whole reply (notifications included).
                reply.text = text
                reply.notifications = []
            } else if let reference {
                reply.text = reply.text.replacingOccurrences(of: Self.referenceMark, with: reference)
            }
            return reply
        case .duplicate(let seen):
            return Reply(stored: seen, locale: reply.locale)
        }
    }

    /// An over-long message is not read: the citizen is asked to keep it shorter (nothing else changes).
    private func tooLong(_ message: Inbound, conversation: ConversationID, session: Session, basis: SessionRecord?, at: Date) async throws -> Reply {
        let language = message.locale ?? configuration.locale ?? session.language ?? defaultLocale
        let reply = Reply(
            text: text("message_too_long", language, ["limit": String(configuration.maxMessageCharacters)], sms: message.smsShaped),
            locale: language, intent: nil, classification: nil)
        let classification = engine.classify("", locale: language)
        let turn = Turn(message: message, conversation: conversation, at: at, classification: classification, session: session, language: language)
        var record = record(for: turn, reply: reply)
        record.rendered = record.render(nil)
        record.basis = TurnRecord.Basis(session: basis)
        return try await commit(record, reply: reply, message: message)
    }

    /// The citizen's complaints, newest first: those read with the turn's state, else from the store. Nothing in
    /// a turn writes a complaint before its commit, so the turn's own read stays current while it decides.
    package func complaints(_ turn: Turn) async throws -> [ComplaintRecord] {
        if let read = turn.complaints { return read }
        return try await store.complaints(citizen: turn.citizen, openOnly: false)
    }

    /// The language of a first contact that says nothing about its language.
    package var defaultLocale: LocaleID { configuration.locale ?? (corpus.packs["en"] != nil ? "en" : corpus.locales[0]) }

    // MARK: - Dispatch

    func respond(_ turn: inout Turn) async throws -> Reply {
        // A complaint left half-filled until the session expired: say so once, with whatever comes next.
        guard let lapsed = turn.session.lapsed else { return try await respondNow(&turn) }
        turn.session.lapsed = nil
        // The answer the desk was waiting for ("Block 6"), however late: go on with the complaint, as a clerk would.
        if turn.classification.intent == nil, turn.classification.clarify.isEmpty, lapsed.step != .reopen {
            turn.session.intake = lapsed
            var reply = try await continueIntake(&turn)
            reply.text = text("complaint_resume", turn.language, ["category": categoryName(lapsed.category, turn.language)]) + "\n" + reply.text
            return reply
        }
        var reply = try await respondNow(&turn)
        if turn.session.intake == nil {
            reply.text = text("complaint_expired", turn.language, ["category": categoryName(lapsed.category, turn.language)]) + "\n" + reply.text
        }
        return reply
    }

    private func respondNow(_ turn: inout Turn) async throws -> Reply {
        let c = turn.classification
        if let reply = try await handedOff(&turn) { return reply }  // a person has the conversation (Desk+Handoff)
        if turn.session.feedbackFor != nil, let reply = try await feedback(&turn) { return reply }
        if turn.session.intake != nil { return try await continueIntake(&turn) }
        if let attachment = turn.message.attachment, c.intent?.kind != .complaint { return received(attachment, &turn) }
        let asked = turn.session.clarifiedText
        if let picked = clarified(&turn) {
            if picked.kind == .complaint, let asked { return try await startIntake(&turn, intent: picked, said: asked) }
            return try await dispatch(picked, &turn)
        }
        guard let intent = c.intent else {
            // Ask when the message is short and points somewhere, or when it points to several close things; a long
            // message with one weak word in it is not a question about that word.
            // A short message whose only candidate is a greeting or thanks is answered as one (asking costs more).
            if c.clarify.count == 1, let only = c.clarify.first, only.kind == .conversation, c.normalized.tokens.count <= 3,
                only != "language_change"
            {
                return try await dispatch(only, &turn)
            }
            // A language named with a hint of asking for it ("تكلم معي بالانجليزي", "khuluma esiNgisini").
            if c.clarify.first == "language_change", c.slots[.language] != nil { return try await dispatch("language_change", &turn) }
            if c.clarify.count >= 2 || (c.clarify.count == 1 && c.normalized.tokens.count <= 3) {
                return clarifyQuestion(c.clarify, &turn)
            }
            return answer("fallback", turn)
        }
        return try await dispatch(intent, &turn)
    }

    private func dispatch(_ intent: IntentID, _ turn: inout Turn) async throws -> Reply {
        if intent == "human_agent" { return try await startHandoff(&turn) }  // Desk+Handoff
        switch intent.kind {
        case .complaint: return try await startIntake(&turn, intent: intent)
        case .tracking: return try await status(turn)
        case .conversation, .faq: return conversation(&turn, intent: intent)
        }
    }

    /// Greetings, FAQs, help, language changes: one reply from the corpus.
    package func conversation(_ turn: inout Turn, intent: IntentID) -> Reply {
        guard intent == "language_change" else { return answer(intent.rawValue, turn, intent: intent) }
        guard let target = turn.classification.slots[.language].map(LocaleID.init(rawValue:)), corpus.packs[target] != nil else {
            return answer("language_choose", turn, intent: intent, values: ["languages": languageList()])
        }
        turn.session.language = target
        turn.language = target
        let name = corpus.packs[target]?.info.nativeName ?? target.rawValue
        return answer("language_changed", turn, intent: intent, values: ["language": name])
    }

    package func answer(_ key: String, _ turn: Turn, intent: IntentID? = nil, values: [String: String] = [:]) -> Reply {
        Reply(
            text: text(key, turn.language, values, sms: turn.message.smsShaped), locale: turn.language, intent: intent,
            classification: turn.classification)
    }

    // MARK: - Texts

    /// A reply in `locale`, falling back to English and then to the key itself, so the citizen always gets text.
    /// On SMS channels a reply's short `sms:` form is used when the corpus has one.
    package func text(_ key: String, _ locale: LocaleID, _ values: [String: String] = [:], sms: Bool = false) -> String {
        let pack = corpus.packs[locale]
        let template = (sms ? pack?.smsReplies[key] : nil) ?? pack?.replies[key]
            ?? (sms ? corpus.packs["en"]?.smsReplies[key] : nil) ?? corpus.packs["en"]?.replies[key] ?? key
        return templates.render(template, locale: locale, values: values).trimmingWhitespace()
    }

    package func languageList() -> String {
        corpus.locales.compactMap { code in corpus.packs[code].map { "\($0.info.nativeName) (\(code))" } }
            .joined(separator: ", ")
    }

    /// Whether the message contains one of the locale's words or phrases (yes, no, cancel…).
    package func says(_ phrases: [String], _ turn: Turn) -> Bool {
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

    /// The stored session, with a half-filled complaint forgotten after the idle timeout.
    package static func session(_ record: SessionRecord?, at: Date, timeout: TimeInterval) -> Session {
        guard let record, var session = Session(record: record) else { return Session() }
        if let seen = session.lastSeen, at.timeIntervalSince(seen) > timeout {
            session.lapsed = session.intake
            session.intake = nil
            session.feedbackFor = nil
            session.clarify = nil
        }
        return session
    }
}

package extension String {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` without bridging to `NSString` (which cost more than the
    /// rest of rendering a reply): the same set (Unicode `White_Space` and U+200B, as Foundation's set has it), cut
    /// scalar by scalar as Foundation does, and no copy when there is nothing to trim.
    package func trimmingWhitespace() -> String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        // Printable ASCII at both ends (the usual case): nothing to trim.
        if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        let scalars = unicodeScalars
        let kept = { (s: Unicode.Scalar) in !(s.properties.isWhitespace || s.value == 0x200B) }
        guard let start = scalars.firstIndex(where: kept) else { return "" }
        let end = scalars.lastIndex(where: kept)!
        return String(scalars[start...end])
    }

    package func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}
