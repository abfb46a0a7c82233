/// The channels a message can arrive on.
package enum Channel: String, Sendable, Codable, CaseIterable {
    case chat, sms, twilio, whatsapp, telegram, africastalking, ussd, kannel, generic

    /// Channels that reach feature phones: short codes are understood and replies are fitted into SMS segments.
    package var isSMS: Bool { [.sms, .africastalking, .kannel].contains(self) }

    /// Channels whose replies and notifications the outbox sends through the provider's API; on the others the
    /// desk shows pending notifications with its next reply.
    package var pushes: Bool { [.whatsapp, .telegram, .africastalking].contains(self) }
}
