/// Failures of the complaint store that staff or callers must act on.
package enum StoreError: Error, Equatable, CustomStringConvertible {
    /// No complaint has this reference.
    case unknownReference(String)
    /// The workflow does not allow this change of status.
    case transitionNotAllowed(reference: String, from: String, to: String)
    /// A status name that is not part of the workflow.
    case unknownStatus(String)
    /// Another turn of the conversation committed after this turn read its session: decide the turn again.
    case conversationMoved

    package var description: String {
        switch self {
        case .conversationMoved: "another turn of this conversation committed first"
        case .unknownReference(let r): "no complaint with reference \(r)"
        case .transitionNotAllowed(let r, let from, let to):
            "\(r) is \(from); it cannot become \(to) (from \(from) it can become: \(ComplaintStatus(rawValue: from)?.allowedText ?? "none"))"
        case .unknownStatus(let s):
            "unknown status `\(s)` (one of: \(ComplaintStatus.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }
}
