import Foundation
import Intents
import Locales
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// What transcripts cannot show: the complaint record keeps a pin's coordinates and a photo's media id (on every
/// store backend), the WhatsApp decoder reads pins and photos, and an accepted message keeps its attachment.
@Suite struct DialogueTests {
    @Test(arguments: StoreFactory.all)
    func pinAndPhotoAreKeptWithTheComplaint(_ factory: StoreFactory) async throws {
        // Given a desk on this store and a citizen on WhatsApp,
        try await TestDatabase.with(factory) { database in try await pinAndPhoto(on: database.store) }
    }

    private func pinAndPhoto(on store: any DeskStore) async throws {
        let desk = try Repo.desk(locale: "en", store: store)
        func send(_ text: String, _ attachment: DeskCore.Attachment? = nil) async throws -> Reply {
            var message = Inbound(channel: .whatsapp, sender: "+254700000123", text: text)
            message.attachment = attachment
            return try await desk.handle(message)
        }
        // when they report a problem, send a photo, then a pin when asked where, and confirm,
        _ = try await send("streetlight broken")
        let photo = try await send("", .media(id: "wamid.PHOTO9", kind: "image"))
        #expect(photo.text.contains("photo is attached"))
        _ = try await send("", DeskCore.Attachment.pin(latitude: -1.28333, longitude: 36.81667, name: "Kencom House"))
        let filed = try await send("yes")
        // then the complaint has the pin's name as its place, its coordinates and the photo's id.
        let reference = try #require(filed.reference)
        let complaint = try #require(try await store.complaint(reference: reference))
        #expect(complaint.location == "Kencom House")
        #expect(complaint.latitude == -1.28333)
        #expect(complaint.longitude == 36.81667)
        #expect(complaint.media == "whatsapp:wamid.PHOTO9")
    }

    @Test func aRatingKeepsItsComment() async throws {
        // Given a resolved complaint whose rating is asked for,
        let store = try SQLiteDeskStore.inMemory()
        let desk = try Repo.desk(locale: "en", store: store)
        let filed = try await desk.handle(Inbound(channel: .chat, sender: "c1", text: "no water in Block 6"))
        #expect(filed.reference == nil)
        let reference = try #require(try await desk.handle(Inbound(channel: .chat, sender: "c1", text: "yes")).reference)
        try await desk.updateStatus(reference: reference, to: .resolved, by: "staff", note: nil)
        // when the citizen answers with stars and words,
        _ = try await desk.handle(Inbound(channel: .chat, sender: "c1", text: "five stars, great job"))
        // then the rating is 5, the comment is theirs, and the complaint is closed.
        let feedback = try await store.feedback()
        #expect(feedback.first?.rating == 5)
        #expect(feedback.first?.comment == "five stars, great job")
        #expect(try await store.complaint(reference: reference)?.status == "closed")
    }

    @Test func whatsAppPinsAndPhotosAreDecoded() throws {
        // Given WhatsApp Cloud API messages of type location and image,
        let json = """
            {"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[
            {"from":"254700000001","id":"wamid.A","type":"location","location":{"latitude":-1.28,"longitude":36.82,"name":"Kencom","address":"Moi Avenue"}},
            {"from":"254700000001","id":"wamid.B","type":"image","image":{"id":"MEDIA1","mime_type":"image/jpeg","caption":"broken lamp"}},
            {"from":"254700000001","id":"wamid.C","type":"location","location":{"latitude":123,"longitude":36.82}}]}}]}]}
            """
        let payload = try JSONDecoder().decode(WhatsAppPayload.self, from: Data(json.utf8))
        let messages = payload.entry.flatMap(\.changes).flatMap { $0.value.messages ?? [] }
        // then a pin is the place with its coordinates, a photo its media id and caption, a bad pin nothing.
        #expect(messages[0].content?.attachment == .location(latitude: -1.28, longitude: 36.82, name: "Kencom, Moi Avenue"))
        #expect(messages[1].content?.text == "broken lamp")
        #expect(messages[1].content?.attachment == .media(id: "MEDIA1", kind: "image"))
        #expect(messages[2].content == nil)
    }

    @Test func anAcceptedMessageKeepsItsAttachment() {
        // Given a pin kept with the text of a message accepted for later,
        let pin = DeskCore.Attachment.pin(latitude: 24.7136, longitude: 46.6753, name: nil)
        let stored = DeskCore.Attachment.stored(pin, text: "here")
        // then it comes back whole, and a citizen's text cannot fake one (control characters are dropped).
        #expect(DeskCore.Attachment.split(stored: stored).attachment == pin)
        #expect(DeskCore.Attachment.split(stored: stored).text == "here")
        let forged = Inbound(channel: .whatsapp, sender: "x", text: stored).text
        #expect(DeskCore.Attachment.split(stored: forged).attachment == nil)
    }

    @Test func ussdScreensFitAndPage() {
        // Given a long answer, when it is split into USSD screens, then each fits and nothing is lost.
        let text = String(repeating: "Property tax is due by 31 March at the Town Hall. ", count: 8)
        let pages = USSDMenu.pages(text, limit: 160)
        #expect(pages.count > 1)
        #expect(pages.allSatisfy { $0.count <= 160 })
        #expect(pages.joined(separator: " ").split(separator: " ") == text.split(separator: " "))
    }
}
