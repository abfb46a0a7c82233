/// One problem found in the corpora, with where it is.
package struct CorpusProblem: Error, Equatable, Sendable, CustomStringConvertible {
    package enum Severity: String, Sendable, Codable { case error, warning }

    package let file: String
    package let line: Int?
    package let column: Int?
    package let message: String
    package var severity: Severity = .error

    package init(file: String, line: Int?, column: Int?, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity
    }

    package var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(severity.rawValue): \(message)"
    }
}

/// Loading the corpora failed; every problem found is listed, not just the first.
package enum CorpusError: Error, CustomStringConvertible {
    /// One or more files are missing, malformed or inconsistent.
    case invalid([CorpusProblem])
    /// The engine rejected the corpus (e.g. variant rules that do not compile).
    case engine(String)

    package var description: String {
        switch self {
        case .invalid(let problems):
            let errors = problems.filter { $0.severity == .error }
            return "the corpora have \(errors.count) error(s):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        case .engine(let message):
            return "the corpora cannot be compiled: \(message)"
        }
    }
}
