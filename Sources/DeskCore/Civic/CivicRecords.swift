import Foundation

/// A complaint's civic workflow row: where it was routed, the locality it names, the complaint it duplicates, when
/// it is due and whether it was escalated, and its Open311 token.
package struct CivicRecord: Codable, Sendable, Equatable {
    package var complaintId: Int64
    package var department: String?
    package var area: String?
    /// The open complaint this one was linked to (the same problem reported again).
    package var duplicateOf: Int64?
    package var dueAt: Date
    package var escalatedAt: Date?
    /// The Open311 token (`GET tokens/{id}`).
    package var token: String
    /// The id the department's Open311 endpoint gave the complaint forwarded to it (`service_request_id`, or
    /// `token:…` when it answered with a token only).
    package var remoteId: String?

    package init(
        complaintId: Int64, department: String?, area: String?, duplicateOf: Int64?, dueAt: Date, escalatedAt: Date? = nil, token: String,
        remoteId: String? = nil
    ) {
        self.complaintId = complaintId
        self.department = department
        self.area = area
        self.duplicateOf = duplicateOf
        self.dueAt = dueAt
        self.escalatedAt = escalatedAt
        self.token = token
        self.remoteId = remoteId
    }
}

/// A message to a department or its supervisor, queued (table `departmentMessage`, apart from the citizens' outbox)
/// in the same transaction as what caused it: on `channel` `email` it goes through the SMTP relay (first line: the
/// subject), on an SMS gateway's channel as SMS through that gateway.
package struct DepartmentMessage: Sendable, Equatable {
    package var channel: String
    /// Who it is for, e.g. `department-water-supervisor`.
    package var recipient: String
    package var address: String
    /// The text; `DeskSnapshot.referenceMark` is replaced by the complaint's reference when it is known.
    package var text: String

    package init(channel: String, recipient: String, address: String, text: String) {
        self.channel = channel
        self.recipient = recipient
        self.address = address
        self.text = text
    }
}

/// What filing a complaint adds to it (routing, locality, duplicate link, due date) and the department's notice.
package struct CivicFiling: Sendable, Equatable {
    package var department: String?
    package var area: String?
    package var duplicateOf: Int64?
    package var dueAt: Date
    package var token: String
    package var messages: [DepartmentMessage]
    /// The start of the duplicate window, when the complaint names a locality: the store re-checks, under a lock
    /// keyed by (category, area) inside the filing transaction, that the oldest open complaint of the same problem
    /// filed since then is still `duplicateOf` (none for a new problem), and throws `DuplicateConflict` if not.
    package var duplicateSince: Date?

    package init(
        department: String?, area: String?, duplicateOf: Int64?, dueAt: Date, token: String = UUID().uuidString.lowercased(),
        messages: [DepartmentMessage] = [], duplicateSince: Date? = nil
    ) {
        self.department = department
        self.area = area
        self.duplicateOf = duplicateOf
        self.dueAt = dueAt
        self.token = token
        self.messages = messages
        self.duplicateSince = duplicateSince
    }

    package func record(complaintID: Int64) -> CivicRecord {
        CivicRecord(complaintId: complaintID, department: department, area: area, duplicateOf: duplicateOf, dueAt: dueAt, token: token)
    }

    /// The messages with the complaint's reference in place of the mark.
    package func messages(reference: String) -> [DepartmentMessage] {
        messages.map { var m = $0; m.text = m.text.replacingOccurrences(of: DeskSnapshot.referenceMark, with: reference); return m }
    }
}

/// A complaint with its civic row and the number of citizens who reported the problem (itself and its duplicates).
package struct CivicComplaint: Sendable {
    package var complaint: ComplaintRecord
    package var civic: CivicRecord?
    /// The reference of the complaint this one duplicates.
    package var primaryReference: String?
    /// Citizens affected: this complaint's citizen and those of the complaints linked to it.
    package var citizens: Int

    package init(complaint: ComplaintRecord, civic: CivicRecord?, primaryReference: String?, citizens: Int) {
        self.complaint = complaint
        self.civic = civic
        self.primaryReference = primaryReference
        self.citizens = citizens
    }

    package func isOverdue(at now: Date) -> Bool {
        guard let civic, civic.duplicateOf == nil, ComplaintStatus(rawValue: complaint.status).map(CivicComplaint.counts) ?? false else { return false }
        return civic.dueAt < now
    }

    /// Statuses whose service level still runs (resolved, closed, rejected and duplicate ones are done).
    package static func counts(_ status: ComplaintStatus) -> Bool { [.received, .acknowledged, .inProgress].contains(status) }
}

/// An Open311 API key, stored as the SHA-256 of the key (the key itself is shown once, when it is issued).
package struct APIKeyRecord: Codable, Sendable, Equatable {
    package var id: Int64?
    package var name: String
    package var hash: String
    package var createdAt: Date
    package var revokedAt: Date?

    package init(id: Int64? = nil, name: String, hash: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// The writes of one escalation, applied only by the instance that claims it.
package struct Escalation: Sendable {
    package var complaintID: Int64
    package var note: String
    package var by: String
    /// The citizen's notice in their language (nil: no address, or opted out).
    package var citizenMessage: OutboxRecord?
    package var supervisorMessages: [DepartmentMessage]

    package init(complaintID: Int64, note: String, by: String = "escalation", citizenMessage: OutboxRecord?, supervisorMessages: [DepartmentMessage]) {
        self.complaintID = complaintID
        self.note = note
        self.by = by
        self.citizenMessage = citizenMessage
        self.supervisorMessages = supervisorMessages
    }
}

/// A queued or sent department message, with its delivery state.
package struct DepartmentMessageRecord: Codable, Sendable, Equatable {
    package enum Status: String, Codable, Sendable { case queued, sent, failed }

    package var id: Int64?
    package var complaintId: Int64
    package var channel: String
    package var recipient: String
    package var address: String
    package var text: String
    package var createdAt: Date
    package var attempts: Int
    package var nextAttemptAt: Date
    package var status: String
    package var statusAt: Date?
    package var error: String?

    package init(
        id: Int64? = nil, complaintId: Int64, channel: String, recipient: String, address: String, text: String, createdAt: Date,
        attempts: Int = 0, nextAttemptAt: Date, status: String = Status.queued.rawValue, statusAt: Date? = nil, error: String? = nil
    ) {
        self.id = id
        self.complaintId = complaintId
        self.channel = channel
        self.recipient = recipient
        self.address = address
        self.text = text
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.status = status
        self.statusAt = statusAt
        self.error = error
    }
}
