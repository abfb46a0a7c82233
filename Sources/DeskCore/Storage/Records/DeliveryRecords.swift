import Foundation

/// Where an outbox message is on its way to the citizen, as the providers report it.
package enum DeliveryStatus: String, Codable, Sendable, CaseIterable {
    /// Waiting to be sent (or shown with the citizen's next reply on a channel without a sender).
    case queued
    /// Shown inline with a reply (channels without an outbound sender).
    case shown
    /// Accepted by the provider's API.
    case sent
    /// The provider reports it reached the handset.
    case delivered
    /// The citizen read it (WhatsApp, Twilio WhatsApp).
    case read
    /// The provider or the desk gave up: refused, undeliverable, blocked, or too old to send.
    case failed

    /// Later states win over earlier ones; a late "sent" callback does not undo "delivered".
    package var rank: Int {
        switch self {
        case .queued: 0
        case .shown: 1
        case .sent: 2
        case .delivered: 3
        case .read: 4
        case .failed: 2
        }
    }
}

/// A provider's report about a message DeskBot sent (Twilio status callback, WhatsApp `statuses[]`, Kannel DLR,
/// Africa's Talking delivery report).
package struct DeliveryReceipt: Sendable, Equatable {
    /// `<provider>:<provider message id>`, as recorded when the message was sent.
    package var providerID: String
    package var status: DeliveryStatus
    /// The provider's error code or reason, when it failed.
    package var error: String?
    package var at: Date

    package init(providerID: String, status: DeliveryStatus, error: String? = nil, at: Date) {
        self.providerID = providerID
        self.status = status
        self.error = error
        self.at = at
    }
}

/// An outbox row with its delivery state (staff `complaints show`, tests, metrics).
package struct OutboxDelivery: Sendable, Equatable {
    package var message: OutboxRecord
    package var status: DeliveryStatus
    package var providerID: String?
    package var statusAt: Date?
    package var error: String?

    package init(message: OutboxRecord, status: DeliveryStatus, providerID: String?, statusAt: Date?, error: String?) {
        self.message = message
        self.status = status
        self.providerID = providerID
        self.statusAt = statusAt
        self.error = error
    }
}
