import Foundation

/// Everything the desk holds about one citizen, for a subject-access request (`deskbot privacy export`): their
/// addresses, conversations, messages with the replies given, complaints with their history and ratings, and the
/// notifications sent to them. Complaints filed before an erase are no longer linked to them and not included.
package struct CitizenExport: Codable, Sendable {
    package struct Contact: Codable, Sendable {
        let channel: String
        let address: String
        let language: String?
        let optedOut: Bool
        let updatedAt: Date
    }
    package struct Message: Codable, Sendable {
        let id: String
        let channel: String
        let receivedAt: Date
        let text: String?
        let reply: String?
        let reference: String?
    }
    package struct Complaint: Codable, Sendable {
        let reference: String
        let category: String
        let status: String
        let description: String
        let location: String?
        let name: String?
        let latitude: Double?
        let longitude: Double?
        let filedAt: Date
        let updatedAt: Date
        let history: [Change]
        let ratings: [Rating]
    }
    package struct Change: Codable, Sendable {
        let from: String?
        let to: String
        let note: String?
        let at: Date
    }
    package struct Rating: Codable, Sendable {
        let rating: Int
        let comment: String?
        let at: Date
    }
    package struct Notification: Codable, Sendable {
        let channel: String
        let text: String
        let queuedAt: Date
        let status: String
    }

    package let generatedAt: Date
    package let contacts: [Contact]
    package let conversations: [String: String]
    package let messages: [Message]
    package let complaints: [Complaint]
    package let notifications: [Notification]

    /// Gathers a citizen's data (`citizen` is their pseudonym) from the store.
    package static func gather(_ citizen: String, from store: any DeskStore, at now: Date) async throws -> CitizenExport {
        var contacts: [Contact] = []
        var conversations: [String: String] = [:]
        for channel in Channel.allCases {
            let key = ConversationID(channel: channel, citizen: citizen).key
            if let c = try await store.contact(id: key) {
                contacts.append(Contact(channel: c.channel, address: c.address, language: c.locale, optedOut: c.optedOut, updatedAt: c.updatedAt))
            }
            if let s = try await store.session(id: key) { conversations[channel.rawValue] = s.state }
        }
        let messages = try await store.messages(citizen: citizen).map {
            Message(id: $0.id, channel: $0.channel, receivedAt: $0.receivedAt, text: $0.text, reply: $0.reply, reference: $0.reference)
        }
        let feedback = try await store.feedback()
        var complaints: [Complaint] = []
        for c in try await store.complaints(citizen: citizen, openOnly: false) {
            let history = try await c.id.asyncMapOrEmpty { try await store.history(complaintID: $0) }
            complaints.append(Complaint(
                reference: c.reference, category: c.category, status: c.status, description: c.description, location: c.location,
                name: c.name, latitude: c.latitude, longitude: c.longitude, filedAt: c.createdAt, updatedAt: c.updatedAt,
                history: history.map { Change(from: $0.fromStatus, to: $0.toStatus, note: $0.note, at: $0.changedAt) },
                ratings: feedback.filter { $0.complaintId == c.id }.map { Rating(rating: $0.rating, comment: $0.comment, at: $0.createdAt) }))
        }
        let notifications = try await store.deliveries().filter { $0.message.citizen == citizen }.map {
            Notification(channel: $0.message.channel, text: $0.message.text, queuedAt: $0.message.createdAt, status: $0.status.rawValue)
        }
        return CitizenExport(
            generatedAt: now, contacts: contacts, conversations: conversations, messages: messages, complaints: complaints,
            notifications: notifications)
    }

    /// Pretty JSON with ISO 8601 dates.
    package func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

private extension Optional where Wrapped == Int64 {
    func asyncMapOrEmpty<T>(_ transform: (Int64) async throws -> [T]) async rethrows -> [T] {
        guard let value = self else { return [] }
        return try await transform(value)
    }
}
