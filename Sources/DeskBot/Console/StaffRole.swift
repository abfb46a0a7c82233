/// What a staff member may do, checked on the server for every request.
///
/// - clerk: the complaint queue (triage, status changes), the handoff inbox, the dashboard.
/// - supervisor: also the citizen's own messages, the knowledge editor and the unmatched review.
/// - admin: also staff accounts and the audit log.
enum StaffRole: String, Sendable, CaseIterable, Comparable {
    case clerk, supervisor, admin

    private var rank: Int {
        switch self {
        case .clerk: 0
        case .supervisor: 1
        case .admin: 2
        }
    }

    static func < (a: StaffRole, b: StaffRole) -> Bool { a.rank < b.rank }

    enum Permission: Sendable {
        case triage, answerHandoffs, readCitizenMessages, editKnowledge, reviewUnmatched, manageStaff, readAudit

        /// The least role that has it.
        var minimum: StaffRole {
            switch self {
            case .triage, .answerHandoffs: .clerk
            case .readCitizenMessages, .editKnowledge, .reviewUnmatched: .supervisor
            case .manageStaff, .readAudit: .admin
            }
        }
    }

    func may(_ permission: Permission) -> Bool { self >= permission.minimum }
}
