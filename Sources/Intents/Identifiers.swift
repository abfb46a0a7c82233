import Locales

/// An intent id from the catalog, e.g. `office_hours`, `complaint_water_supply`.
public struct IntentID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// What the intent is for: a conversation move, an FAQ answer, a complaint, or tracking.
    public var kind: IntentKind {
        if rawValue == "complaint_status" { return .tracking }
        if rawValue.hasPrefix("complaint_") { return .complaint }
        return IntentID.conversation.contains(self) ? .conversation : .faq
    }

    static let conversation: Set<IntentID> = [
        "greeting", "goodbye", "thanks", "help", "human_agent", "language_change", "feedback",
    ]
}

public enum IntentKind: String, Sendable {
    case conversation, faq, complaint, tracking
}

/// A slot the engine extracts from a message, e.g. `reference`, `phone`, `location`, `language`.
public struct SlotName: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let reference: SlotName = "reference"
    public static let number: SlotName = "number"
    public static let phone: SlotName = "phone"
    public static let location: SlotName = "location"
    public static let language: SlotName = "language"
}
