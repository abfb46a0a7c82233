import Locales

/// Failures while compiling corpora into the engine.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    /// A locale's spelling-variant rules do not compile.
    case normalization(NormalizationError)
    /// The corpus has no locale at all.
    case emptyCorpus

    public var description: String {
        switch self {
        case .normalization(let error): error.description
        case .emptyCorpus: "the corpus has no locale"
        }
    }
}
