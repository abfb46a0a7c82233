/// The life of a complaint. Only the transitions in `next` are allowed; every change is recorded.
package enum ComplaintStatus: String, Sendable, Codable, CaseIterable {
    case received, acknowledged, inProgress = "in_progress", resolved, closed, rejected, duplicate

    package var next: Set<ComplaintStatus> {
        switch self {
        case .received: [.acknowledged, .inProgress, .resolved, .rejected, .duplicate]
        case .acknowledged: [.inProgress, .resolved, .rejected, .duplicate]
        case .inProgress: [.resolved, .rejected, .duplicate]
        // A resolved complaint is closed after feedback, or reopened when the citizen says it is not fixed.
        case .resolved: [.closed, .inProgress]
        case .closed, .rejected, .duplicate: []
        }
    }

    package var isOpen: Bool { ![.closed, .rejected, .duplicate].contains(self) }
}
