import Foundation
import Intents
import Locales
import Synchronization

/// The one conversation core shared by chat, SMS, USSD and every webhook: message in, reply out.
///
/// Turns of one conversation run in the order they arrived (a keyed gate); different conversations run in
/// parallel. The corpora can be swapped at any time: each turn uses the snapshot it started with.
///
/// ```swift
/// let desk = try Desk(corpus: corpus, configuration: DeskConfiguration(), store: store, hasher: hasher)
/// let reply = try await desk.handle(Inbound(channel: .chat, sender: "+254700000001", text: "no water"))
/// ```
package struct Desk: Sendable {
    private let current: SnapshotBox
    package let gate = TurnGate<ConversationID>()
    package let store: any DeskStore
    package let hasher: CitizenHasher
    package let configuration: DeskConfiguration
    package let now: @Sendable () -> Date

    /// - Parameter engine: an engine already built from `corpus` (it is immutable and can be shared).
    package init(
        corpus: Corpus, configuration: DeskConfiguration, store: any DeskStore, hasher: CitizenHasher,
        engine: Classifier? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) throws(EngineError) {
        let built: Classifier
        if let engine { built = engine } else { built = try Classifier(corpus: corpus) }
        let engine = built
        current = SnapshotBox(
            DeskSnapshot(corpus: corpus, engine: engine, configuration: configuration, store: store, hasher: hasher))
        self.store = store
        self.hasher = hasher
        self.configuration = configuration
        self.now = now
    }

    /// The corpora and engine in use now.
    package var snapshot: DeskSnapshot { current.value }
    package var corpus: Corpus { snapshot.corpus }

    /// Swaps in new corpora and their engine (built beforehand). Turns already running finish on the old ones.
    package func reload(corpus: Corpus, engine: Classifier) {
        current.value = DeskSnapshot(
            corpus: corpus, engine: engine, configuration: configuration, store: store, hasher: hasher)
    }

    /// The conversation a message belongs to.
    package func conversation(of message: Inbound) -> ConversationID {
        ConversationID(channel: message.channel, citizen: message.citizen ?? hasher.pseudonym(message.sender))
    }

    /// Handles a message in its conversation's turn.
    package func handle(_ message: Inbound) async throws -> Reply {
        var message = message
        let conversation = conversation(of: message)
        message.citizen = conversation.citizen
        return try await gate.run(conversation) { try await decide(message) }
    }

    /// Turns of one conversation on other instances are not ordered by this instance's gate: a turn that finds its
    /// session changed at commit is decided again on the new state (a few times at most).
    private func decide(_ message: Inbound) async throws -> Reply {
        for _ in 1..<Self.maxDecisions {
            do { return try await snapshot.handle(message, at: now()) } catch StoreError.conversationMoved { continue }
        }
        return try await snapshot.handle(message, at: now())
    }
    package static let maxDecisions = 8

    /// Handles a message whose place in its conversation's queue was taken earlier (`gate.ticket(for:)`).
    package func handle(_ message: Inbound, ticket: TurnGate<ConversationID>.Ticket) async throws -> Reply {
        try await gate.run(ticket) { try await decide(message) }
    }

    /// Starts (or moves) a conversation in a language, as a channel that knows the citizen's language would.
    package func setLanguage(_ locale: LocaleID, channel: Channel, sender: String) async throws {
        let conversation = ConversationID(channel: channel, citizen: hasher.pseudonym(sender))
        try await gate.run(conversation) {
            let at = now()
            var session = DeskSnapshot.session(
                try await store.session(id: conversation.key), at: at, timeout: configuration.sessionTimeout)
            session.language = locale
            try await store.saveSession(session.record(id: conversation.key, at: at))
        }
    }

    /// A reply text from the current corpora.
    package func text(_ key: String, _ locale: LocaleID, _ values: [String: String] = [:], sms: Bool = false) -> String {
        snapshot.text(key, locale, values, sms: sms)
    }

    /// A staff member changes a complaint's status; the citizen is notified in their language.
    @discardableResult
    package func updateStatus(reference: String, to status: ComplaintStatus, by: String, note: String?) async throws -> ComplaintRecord {
        try await snapshot.updateStatus(reference: reference, to: status, by: by, note: note, at: now())
    }
}

/// The current snapshot, swapped atomically on reload.
private final class SnapshotBox: Sendable {
    private let storage: Mutex<DeskSnapshot>
    package init(_ snapshot: DeskSnapshot) { storage = Mutex(snapshot) }
    package var value: DeskSnapshot {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
