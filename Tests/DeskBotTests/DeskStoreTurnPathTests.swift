import Foundation
import Testing

@testable import DeskCore
@testable import DeskStorePostgres
@testable import DeskStoreSQLite

/// The shortcuts the webhook path takes for speed give the same results as the general code they replace.
@Suite struct DeskStoreTurnPathTests {
    /// `turnState` reads the open handoff with the rest, on every backend, so the turn needs no second read.
    @Test(arguments: StoreFactory.all) func turnStateCarriesTheOpenHandoff(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            let conversation = ConversationID(channel: .telegram, citizen: "abc")
            let none = try await store.turnState(conversation, messageID: nil)
            #expect(none.handoffRead && none.openHandoff == nil)
            let opened = try await store.openHandoff(
                HandoffRecord(conversation: conversation.key, channel: "telegram", citizen: "abc", locale: "en", openedAt: Repo.fixedNow),
                first: nil)
            let state = try await store.turnState(conversation, messageID: nil)
            #expect(state.handoffRead && state.openHandoff?.id == opened.id)
            #expect(try await store.openHandoff(conversation: conversation.key)?.id == opened.id)
            // Another conversation of the same citizen on another channel has none.
            let other = try await store.turnState(ConversationID(channel: .kannel, citizen: "abc"), messageID: nil)
            #expect(other.openHandoff == nil)
        }
    }

    /// `trimmingWhitespace` is Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)`.
    @Test func trimmingIsFoundationsTrimming() {
        var differ: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let trimmed = scalar.properties.isWhitespace || value == 0x200B
            if CharacterSet.whitespacesAndNewlines.contains(scalar) != trimmed { differ.append(value) }
        }
        #expect(differ.isEmpty, "\(differ.prefix(10).map { String($0, radix: 16) })")
        let samples = [
            "", " ", "\n\n", "ok", " ok ", "\tok\n", "\u{00A0}Hujambo\u{3000}", "\u{2028}x\u{2029}", "a\u{0301} ", " \u{0301}a",
            "جی ہاں\n", "\r\nline\r\n", "\u{85}x\u{85}", "x\u{200B}", "👍🏽 ", " \u{1F1F0}\u{1F1EA} ",
        ]
        for s in samples { #expect(s.trimmingWhitespace() == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(s.unicodeScalars))") }
    }

    /// The ASCII shortcut of `GSMTransliteration.apply` changes nothing the full pass would not.
    @Test func transliterationShortcutMatchesTheFullPass() {
        func full(_ text: String) -> String {
            var out = ""
            for c in text { if let r = GSMTransliteration.replacements[c] { out += r } else { out.append(c) } }
            return out
        }
        var samples = ["", "Office hours: 8am-5pm.", "tab\there", "back`tick", "line\r\nbreak", "curly ‘quote’", "Ação", "no water in block 6"]
        samples += (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        for s in samples { #expect(GSMTransliteration.apply(s) == full(s), "\(Array(s.utf8))") }
    }
}

/// `SessionJSON` writes what `JSONEncoder` (sorted keys) writes, and it reads back as the same session.
@Suite struct DeskStoreSessionJSONTests {
    static func encoder(_ session: Session) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try! encoder.encode(session), as: UTF8.self)
    }

    static func sessions() -> [Session] {
        var all: [Session] = [Session()]
        var s = Session()
        s.language = "ur-Latn"
        s.lastSeen = Date(timeIntervalSinceReferenceDate: 786_000_000.123)
        all.append(s)
        var intake = Intake(category: "water", description: "no water \"since\" Monday\n/ back\\slash \u{01}", location: "Block 6")
        intake.latitude = -1.2921
        intake.longitude = 36.8219
        intake.media = ["m1", "m/2"]
        intake.name = "Amina"
        intake.nameAsked = true
        intake.step = .confirm
        intake.reopen = "CMP-2026-000001"
        s.intake = intake
        s.lapsed = Intake(category: "roads")
        s.feedbackFor = "CMP-2026-000002"
        s.smsRest = "ٹیکس کی ادائیگی کے لیے… 👍🏽\t\u{0C}\u{08}\r"
        s.clarify = ["office_hours", "water_outage"]
        s.forgetAsked = false
        s.clarifiedText = "maji"
        all.append(s)
        s.lastSeen = Date(timeIntervalSinceReferenceDate: 1e16)
        s.forgetAsked = true
        s.clarify = []
        all.append(s)
        s.lastSeen = Date(timeIntervalSinceReferenceDate: 0)
        all.append(s)
        return all
    }

    @Test func sameJSONAsJSONEncoder() throws {
        for session in Self.sessions() {
            let compact = try #require(SessionJSON.encode(session))
            #expect(compact == Self.encoder(session))
            let back = try JSONDecoder().decode(Session.self, from: Data(compact.utf8))
            #expect(back == session)
        }
    }

    @Test func aValueJSONCannotHoldFallsBack() {
        var s = Session()
        var intake = Intake(category: "water")
        intake.latitude = .nan
        s.intake = intake
        #expect(SessionJSON.encode(s) == nil)
        #expect(s.record(id: "x", at: Date()).state == "{}")
    }
}
