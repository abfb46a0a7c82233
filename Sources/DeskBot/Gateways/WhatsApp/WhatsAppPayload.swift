import Foundation

/// The parts of a WhatsApp Cloud API webhook notification DeskBot reads.
struct WhatsAppPayload: Decodable {
    struct Entry: Decodable { let changes: [Change] }
    struct Change: Decodable {
        let value: Value
        let field: String?
    }
    struct Value: Decodable {
        let messages: [Message]?
        let statuses: [Status]?
    }
    /// A delivery receipt: `{"id":"wamid…","status":"delivered","timestamp":"…","recipient_id":"…","errors":[{"code":131026}]}`.
    struct Status: Decodable {
        struct Failure: Decodable { let code: Int? }
        let id: String
        let status: String
        let errors: [Failure]?
    }
    struct Message: Decodable {
        let from: String
        let id: String
        let type: String?
        /// When the citizen sent it (Unix seconds, as a string), covered by the payload's signature.
        let timestamp: String?
        let text: Text?
        let interactive: Interactive?
        let location: Location?
        let image: Media?
        let video: Media?
        let audio: Media?
        let document: Media?
        let sticker: Media?
    }
    struct Text: Decodable { let body: String }
    /// `{"latitude": -1.28, "longitude": 36.82, "name": "Kencom", "address": "Moi Avenue"}`.
    struct Location: Decodable {
        let latitude: Double
        let longitude: Double
        let name: String?
        let address: String?
    }
    /// `{"id": "<media id>", "mime_type": "image/jpeg", "caption": "…"}`: the file stays with WhatsApp under its id.
    struct Media: Decodable {
        let id: String
        let caption: String?
    }
    struct Interactive: Decodable {
        struct Reply: Decodable { let id: String?; let title: String? }
        let buttonReply: Reply?
        let listReply: Reply?
        enum CodingKeys: String, CodingKey { case buttonReply = "button_reply", listReply = "list_reply" }
    }
    let object: String?
    let entry: [Entry]
}
