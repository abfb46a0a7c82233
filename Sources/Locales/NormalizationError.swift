/// Failures of the ICU-based normalization layer.
public enum NormalizationError: Error, Equatable, CustomStringConvertible {
    /// A locale's spelling-variant rules (ICU transform syntax) do not compile.
    case invalidVariantRules(LocaleID, reason: String)
    /// The rules compiled, but the shim already holds as many rule sets as it may.
    case transformRegistryFull(LocaleID, reason: String)

    public var description: String {
        switch self {
        case .invalidVariantRules(let locale, let reason):
            "variants.txt of \(locale) is not valid ICU transform syntax: \(reason)"
        case .transformRegistryFull(let locale, let reason):
            "variants.txt of \(locale) could not be kept: \(reason)"
        }
    }
}
