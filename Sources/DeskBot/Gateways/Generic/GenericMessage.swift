import Foundation

/// The generic webhook's request body: `{"sender","message","locale"?,"id"?,"timestamp"?}`.
struct GenericMessage: Decodable {
    let sender: String
    let message: String
    let locale: String?
    let id: String?
    let timestamp: Double?
}
