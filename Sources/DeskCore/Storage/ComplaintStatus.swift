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
        // Staff reopen a closed or rejected complaint (the problem came back, or it was closed by mistake); a
        // duplicate goes back to the queue when it turns out to be a problem of its own.
        case .closed, .rejected: [.inProgress]
        case .duplicate: [.received, .inProgress]
        }
    }

    /// The statuses a complaint can move to from here, for messages ("none" when there are none).
    package var allowedText: String {
        next.isEmpty ? "none" : Self.allCases.filter(next.contains).map(\.rawValue).joined(separator: ", ")
    }

    package var isOpen: Bool { ![.closed, .rejected, .duplicate].contains(self) }
}
