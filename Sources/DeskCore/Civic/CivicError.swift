/// Failures of the civic workflow that staff or callers must act on.
package enum CivicError: Error, Equatable, CustomStringConvertible {
    /// The complaint is not linked to another as a duplicate.
    case notLinked(String)
    /// An Open311 API key with this name exists already.
    case duplicateKeyName(String)
    /// No department has this code in departments.yaml.
    case unknownDepartment(String, known: [String])

    package var description: String {
        switch self {
        case .notLinked(let r): "\(r) is not linked to another complaint"
        case .duplicateKeyName(let n): "an API key named `\(n)` exists already (revoke it first, or choose another name)"
        case .unknownDepartment(let d, let known):
            "unknown department `\(d)` (departments.yaml has: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        }
    }
}
