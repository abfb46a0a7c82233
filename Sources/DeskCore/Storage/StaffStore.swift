import Foundation

/// Storage of the staff console (issue 16): accounts, server-side sessions, the audit log, the human handoff inbox
/// and the dismissal of unmatched messages. Part of `DeskStore`; every method is one transaction.
///
/// ```swift
/// try await store.addStaff(StaffAccountRecord(name: "amina", role: "clerk", passwordHash: hash, createdAt: now))
/// let handoff = try await store.openHandoff(conversation: "telegram:3f9a…")
/// ```
package protocol StaffStore: Sendable {
    // MARK: Accounts

    /// Adds an account. - Throws: `StaffStoreError.duplicateStaff` when the name is taken.
    func addStaff(_ account: StaffAccountRecord) async throws
    func staff(name: String) async throws -> StaffAccountRecord?
    func staffAccounts() async throws -> [StaffAccountRecord]
    /// Saves an existing account (role, password, language, disabled, failed logins, lock). - Throws: `unknownStaff`.
    func saveStaff(_ account: StaffAccountRecord) async throws

    // MARK: Sessions

    func createStaffSession(_ session: StaffSessionRecord) async throws
    func staffSession(id: String) async throws -> StaffSessionRecord?
    func deleteStaffSession(id: String) async throws
    /// Ends every session of an account (disabled, password changed). Returns how many.
    @discardableResult func deleteStaffSessions(staff: String) async throws -> Int

    // MARK: Audit

    func appendAudit(_ entry: AuditRecord) async throws
    /// The newest entries first.
    func auditLog(limit: Int) async throws -> [AuditRecord]

    // MARK: Handoff

    /// Opens a handoff for the conversation, or returns the one already open, and adds `first` (the citizen's
    /// message) to it.
    func openHandoff(_ handoff: HandoffRecord, first: HandoffMessageRecord?) async throws -> HandoffRecord
    /// The conversation's open handoff, if any.
    func openHandoff(conversation: String) async throws -> HandoffRecord?
    func handoff(id: Int64) async throws -> HandoffRecord?
    /// Newest first; `openOnly` leaves out closed ones.
    func handoffs(openOnly: Bool) async throws -> [HandoffRecord]
    /// Adds a message; one with an `inboundId` already stored is ignored (redelivery).
    func addHandoffMessage(_ message: HandoffMessageRecord) async throws
    func handoffMessages(handoffID: Int64) async throws -> [HandoffMessageRecord]
    /// A staff member's answer: stored with the handoff, queued in the outbox for the citizen's channel, and — with
    /// `close` — the conversation handed back to the bot; all in one transaction.
    /// - Throws: `StaffStoreError.unknownHandoff`, or `.handoffClosed` when it was closed meanwhile.
    func answerHandoff(id: Int64, answer: HandoffMessageRecord, outbox: OutboxRecord?, close: Bool, at: Date) async throws -> HandoffRecord
    /// Hands the conversation back to the bot.
    func closeHandoff(id: Int64, by: String, at: Date) async throws
    /// Forgets a citizen's handoff messages (privacy erase). Returns how many went.
    @discardableResult func eraseHandoffs(citizen: String) async throws -> Int

    // MARK: Figures

    /// Answered provider messages per locale (the denominator of "share not understood"; no text, no sender).
    func answeredMessagesPerLocale() async throws -> [String: Int]

    // MARK: Unmatched
}

/// Failures of the staff store.
package enum StaffStoreError: Error, Equatable, CustomStringConvertible {
    /// An account with this name exists.
    case duplicateStaff(String)
    /// No account has this name.
    case unknownStaff(String)
    /// No handoff has this id.
    case unknownHandoff(Int64)
    /// The handoff was handed back to the bot already.
    case handoffClosed(Int64)

    package var description: String {
        switch self {
        case .duplicateStaff(let name): "a staff account named \(name) exists already"
        case .unknownStaff(let name): "no staff account named \(name)"
        case .unknownHandoff(let id): "no handoff \(id)"
        case .handoffClosed(let id): "handoff \(id) was handed back to the bot already"
        }
    }
}
