/// One conversation: a citizen (by pseudonym) on one channel. Its `key` (`<channel>:<citizen>`) is the id of the
/// conversation's session and contact rows, built here and nowhere else.
struct ConversationID: Hashable, Sendable, CustomStringConvertible {
    let channel: Channel
    /// The citizen's pseudonym (`CitizenHasher`), never the plain address.
    let citizen: String

    var key: String { "\(channel.rawValue):\(citizen)" }
    var description: String { key }

    /// The conversation a stored `<channel>:<citizen>` pair names.
    init(channel: Channel, citizen: String) {
        self.channel = channel
        self.citizen = citizen
    }

    init?(channel: String, citizen: String) {
        guard let c = Channel(rawValue: channel) else { return nil }
        self.init(channel: c, citizen: citizen)
    }
}
