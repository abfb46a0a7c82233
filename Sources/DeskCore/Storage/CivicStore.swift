import Foundation

/// Storage of the civic workflow (issue 15): routing, duplicate links, service levels and escalations, Open311
/// tokens and API keys. Every method is one transaction. `DeskStore` inherits it; `SQLiteDeskStore+Civic.swift`
/// and `PostgresDeskStore+Civic.swift` implement it.
///
/// A complaint filed in a turn gets its civic row from `TurnRecord.civic`, in the turn's own transaction.
package protocol CivicStore: Sendable {
    /// Files a complaint outside a conversation (Open311 `POST requests`) with its civic row and department notice.
    func fileComplaint(_ complaint: ComplaintRecord, civic: CivicFiling) async throws -> ComplaintRecord
    /// The civic view of complaints (all when `references` is nil).
    func civicComplaints(references: [String]?) async throws -> [CivicComplaint]
    /// The oldest open, unlinked complaint of `category` in `area` filed at or after `since`.
    func duplicateCandidate(category: String, area: String, since: Date) async throws -> ComplaintRecord?
    /// The complaint with this Open311 token.
    func complaint(token: String) async throws -> ComplaintRecord?
    /// The complaints linked to `complaintID` as duplicates.
    func linked(to complaintID: Int64) async throws -> [ComplaintRecord]

    /// Routes a complaint to another department (recorded in its history) and queues the new department's notice.
    func assign(reference: String, department: String, by: String, at now: Date, messages: [DepartmentMessage]) async throws -> ComplaintRecord
    /// Unlinks a complaint from the one it duplicated (recorded in its history); it is handled on its own again.
    func unlink(reference: String, by: String, at now: Date) async throws -> ComplaintRecord
    /// After a status change of `primaryID`: the linked complaints follow it (where the workflow allows) and their
    /// citizens get the messages `notify` returns, in one transaction. Returns how many were notified.
    func followPrimary(
        _ primaryID: Int64, to status: ComplaintStatus, note: String?, at now: Date,
        notify: @Sendable (ComplaintRecord, ContactRecord?) -> OutboxRecord?
    ) async throws -> Int

    /// Open complaints past their due date that were not escalated yet (linked duplicates excluded), oldest first.
    func dueForEscalation(at now: Date, limit: Int) async throws -> [ComplaintRecord]
    /// Claims the escalation of one complaint: a conditional update, so among concurrent schedulers (in any instance)
    /// exactly one wins and writes the history entry and the messages; `false` for the others.
    func claimEscalation(_ escalation: Escalation, at now: Date) async throws -> Bool

    // MARK: Department messages

    /// Claims queued department messages due on these channels: their next attempt moves to `leaseUntil`, so no
    /// other deliverer sends them meanwhile.
    func claimDepartmentMessages(channels: [String], at now: Date, limit: Int, leaseUntil: Date) async throws -> [DepartmentMessageRecord]
    /// Closes a message: sent, or failed for good (`error`).
    func finishDepartmentMessage(id: Int64, sent: Bool, error: String?, at now: Date) async throws
    /// A temporary failure: tried again later, with exponential backoff (capped at one hour).
    func retryDepartmentMessage(id: Int64, attempts: Int, error: String, at now: Date) async throws
    /// The messages about one complaint (all when nil), oldest first.
    func departmentMessages(complaintID: Int64?) async throws -> [DepartmentMessageRecord]
    /// Closes a complaint forwarded to an Open311 endpoint, in one transaction: the message sent (the remote
    /// system's id kept with the complaint, `CivicRecord.remoteId`) or failed for good (`error`), and `note` in the
    /// complaint's history either way.
    func finishForward(id: Int64, remoteID: String?, error: String?, note: String, at now: Date) async throws

    // MARK: Open311 API keys

    func addAPIKey(_ key: APIKeyRecord) async throws -> APIKeyRecord
    /// The key with this hash, if it is not revoked.
    func apiKey(hash: String) async throws -> APIKeyRecord?
    func apiKeys() async throws -> [APIKeyRecord]
    func revokeAPIKey(name: String, at now: Date) async throws -> Bool
}
