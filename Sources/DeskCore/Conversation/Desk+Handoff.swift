import Foundation
import Intents
import Locales

/// Human handoff: a citizen who asks for a person is put in the staff inbox and told roughly when a person will
/// answer; until staff hand the conversation back, the citizen's messages go to the inbox and the desk only
/// acknowledges them. Staff answer from the console (`StaffStore.answerHandoff`), through the citizen's channel.
package extension DeskSnapshot {
    /// The wait promised when there is no answered handoff to learn from.
    static let defaultHandoffWaitHours = 4

    /// The conversation is with a person: the message goes to the inbox and is acknowledged. `nil` when it is not.
    func handedOff(_ turn: inout Turn) async throws -> Reply? {
        guard turn.message.command == nil, turn.message.channel != .ussd else { return nil }
        let open = turn.handoff.read ? turn.handoff.open : try await store.openHandoff(conversation: turn.sessionID)
        guard let open, let id = open.id else { return nil }
        try await store.addHandoffMessage(
            HandoffMessageRecord(
                handoffId: id, author: HandoffMessageRecord.citizen, text: turn.message.text, at: turn.at, inboundId: turn.message.ledgerID))
        return answer("handoff_waiting", turn, intent: "human_agent")
    }

    /// The citizen asked for a person: a handoff is opened (or the open one kept) with this message in it.
    func startHandoff(_ turn: inout Turn) async throws -> Reply {
        let hours = try await expectedHandoffWaitHours()
        _ = try await store.openHandoff(
            HandoffRecord(
                conversation: turn.sessionID, channel: turn.message.channel.rawValue, citizen: turn.citizen,
                locale: turn.language.rawValue, openedAt: turn.at),
            first: HandoffMessageRecord(
                handoffId: 0, author: HandoffMessageRecord.citizen, text: turn.message.text, at: turn.at, inboundId: turn.message.ledgerID))
        turn.session.intake = nil
        return answer("handoff_queued", turn, intent: "human_agent", values: ["hours": String(hours)])
    }

    /// Roughly when a person answers: the median wait of the last 20 answered handoffs, in whole hours (at least 1).
    func expectedHandoffWaitHours() async throws -> Int {
        let waits = try await store.handoffs(openOnly: false).prefix(200)
            .compactMap { h in h.answeredAt.map { $0.timeIntervalSince(h.openedAt) } }
            .prefix(20).sorted()
        guard !waits.isEmpty else { return Self.defaultHandoffWaitHours }
        let median = waits[waits.count / 2]
        return max(1, Int((median / 3600).rounded(.up)))
    }
}
