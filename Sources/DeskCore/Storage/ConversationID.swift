/// One conversation: a citizen (by pseudonym) on one channel. Its `key` (`<channel>:<citizen>`) is the id of the
/// conversation's session and contact rows, built here and nowhere else.
package struct ConversationID: Hashable, Sendable, CustomStringConvertible {
    package let channel: Channel
    /// The citizen's pseudonym (`CitizenHasher`), never the plain address.
    package let citizen: String

    package var key: String { "\(channel.rawValue):\(citizen)" }
    package var description: String { key }

    /// The conversation a stored `<channel>:<citizen>` pair names.
    package init(channel: Channel, citizen: String) {
        self.channel = channel
        self.citizen = citizen
    }

    package init?(channel: String, citizen: String) {
        guard let c = Channel(rawValue: channel) else { return nil }
        self.init(channel: c, citizen: citizen)
    }
}
