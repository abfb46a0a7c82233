import Foundation

/// The parts of a Telegram `Update` DeskBot reads.
struct TelegramUpdate: Decodable {
    struct Message: Decodable {
        struct Chat: Decodable { let id: Int64 }
        struct User: Decodable {
            let id: Int64
            let languageCode: String?
            enum CodingKeys: String, CodingKey { case id, languageCode = "language_code" }
        }
        let messageID: Int64
        /// When it was sent (Unix seconds); the request is authenticated by the secret token.
        let date: Int64?
        let from: User?
        let chat: Chat
        let text: String?
        enum CodingKeys: String, CodingKey { case messageID = "message_id", date, from, chat, text }
    }
    let updateID: Int64
    let message: Message?
    enum CodingKeys: String, CodingKey { case updateID = "update_id", message }
}
