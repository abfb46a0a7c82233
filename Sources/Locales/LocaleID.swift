/// A locale pack's code, e.g. `en`, `ur`, `ur-Latn`.
public struct LocaleID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
}
