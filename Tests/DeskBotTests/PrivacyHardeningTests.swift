import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Locales
import Logging
import Synchronization
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// Every log line, with its metadata, as text (for scanning).
final class CapturedLog: Sendable {
    let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label) { _ in CapturingHandler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    struct CapturingHandler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let line = "\(event.level) \(event.message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            log.lines.withLock { $0.append(line) }
        }
    }
}

/// Issue 17: privacy rights (forget, export, retention), private files, and no secret in any log line.
@Suite(.serialized) struct PrivacyHardeningTests {
    /// A citizen who filed a complaint with a place, rated it with a comment, and got a notification.
    static func citizenWithHistory(_ store: SQLiteDeskStore, _ desk: Desk, sender: String, ids: String = "p") async throws -> String {
        var first = Inbound(channel: .kannel, sender: sender, text: "C WATER no water at Plot 77 Jacaranda Lane")
        first.messageID = "kannel:\(ids)-1"
        let filed = try await desk.handle(first)
        let reference = try #require(filed.reference)
        _ = try await desk.updateStatus(reference: reference, to: .resolved, by: "staff", note: "pipe repaired")
        var rating = Inbound(channel: .kannel, sender: sender, text: "4 thanks Jacaranda team")
        rating.messageID = "kannel:\(ids)-2"
        _ = try await desk.handle(rating)
        return reference
    }

    @Test func forgetLeavesNothingPersonalInAnyTableAndKeepsTheCounts() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("deskbot-forget-\(UUID().uuidString).sqlite").path
        let store = try SQLiteDeskStore.open(path: path)
        let desk = try Repo.desk(locale: "en", store: store)
        let sender = "+254700000777"
        let reference = try await Self.citizenWithHistory(store, desk, sender: sender)
        let before = OpenData.rows(complaints: try await store.complaints(), history: try await store.allHistory(), feedback: try await store.feedback(), by: "category")

        _ = try await store.erase(citizen: desk.hasher.pseudonym(sender))

        // Every text column of every table: no address, no word the citizen wrote, no pseudonym.
        let dump = try await store.dbWriter.read { db -> String in
            var out: [String] = []
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"") {
                    out.append(row.databaseValues.map { "\($0)" }.joined(separator: "|"))
                }
            }
            return out.joined(separator: "\n")
        }
        for personal in [sender, "254700000777", "Jacaranda", "Plot 77", desk.hasher.pseudonym(sender)] {
            #expect(!dump.contains(personal), "\(personal) is still stored")
        }
        // The anonymised figures are unchanged: the complaint stays, with its category, status and rating.
        let after = OpenData.rows(complaints: try await store.complaints(), history: try await store.allHistory(), feedback: try await store.feedback(), by: "category")
        #expect(after.map(\.fields) == before.map(\.fields))
        #expect(try await store.complaint(reference: reference)?.category == "water")
        try? FileManager.default.removeItem(atPath: path)
    }

    @Test func exportGivesTheCitizenTheirOwnData() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let desk = try Repo.desk(locale: "en", store: store)
        let sender = "+254700000778"
        let reference = try await Self.citizenWithHistory(store, desk, sender: sender)
        _ = try await Self.citizenWithHistory(store, desk, sender: "+254700000999", ids: "q")  // someone else
        let export = try await CitizenExport.gather(desk.hasher.pseudonym(sender), from: store, at: Repo.fixedNow)
        let json = try export.json()
        #expect(export.contacts.map(\.address) == [sender])
        #expect(export.complaints.map(\.reference) == [reference])
        #expect(export.complaints.first?.location == "Plot 77 Jacaranda Lane" || json.contains("Jacaranda"))
        #expect(export.complaints.first?.history.map(\.to).contains("resolved") == true)
        #expect(export.complaints.first?.ratings.first?.rating == 4)
        #expect(export.messages.count == 2 && export.messages.allSatisfy { $0.reply != nil })
        #expect(!json.contains("+254700000999"))
    }

    @Test func retentionPurgesOnTheInjectedClockOnly() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let desk = try Repo.desk(locale: "en", store: store)
        let reference = try await Self.citizenWithHistory(store, desk, sender: "+254700000779")
        #expect(try await store.complaint(reference: reference)?.status == "closed")
        let clock = Mutex(Repo.fixedNow.addingTimeInterval(5 * 86_400))
        let service = RetentionService(store: store, days: 30, logger: Logger(label: "test"), now: { clock.withLock { $0 } })
        // Day 5 of a 30-day window: nothing goes.
        var counts = try await service.purgeOnce()
        #expect(counts.values.allSatisfy { $0 == 0 }, "\(counts)")
        #expect(try await store.inbound(id: "kannel:p-1") != nil)
        // Day 31: the messages, replies and the closed complaint's words go; the complaint record stays.
        clock.withLock { $0 = Repo.fixedNow.addingTimeInterval(31 * 86_400) }
        counts = try await service.purgeOnce()
        #expect(counts["messages"] == 2)
        #expect(counts["closed complaints' texts"] == 1)
        #expect(try await store.inbound(id: "kannel:p-1") == nil)
        let kept = try #require(try await store.complaint(reference: reference))
        #expect(kept.description.isEmpty && kept.location == nil && kept.category == "water")
    }

    @Test func databaseAndKeyFilesAreOwnerOnlyAndAReadableOneIsFixed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deskbot-modes-\(UUID().uuidString)").path
        let path = dir + "/desk.sqlite"
        _ = try SQLiteDeskStore.open(path: path)
        _ = try CitizenHasher.keyFile(path + ".key")
        func mode(_ p: String) throws -> Int { try (FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? NSNumber)?.intValue ?? -1 }
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + ".key") == 0o600)
        // Restored from a backup as world-readable: fixed with a warning when opened.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path + ".key")
        let warnings = Mutex<[String]>([])
        #expect(PrivateFiles.secure(path) { m in warnings.withLock { $0.append(m) } })
        _ = try CitizenHasher.keyFile(path + ".key")
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + ".key") == 0o600)
        #expect(warnings.withLock { $0.first?.contains("readable by other users") } == true)
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Every sender fails (the provider answers 503, or nothing listens), at trace level: no configured secret
    /// appears in any log line.
    @Test(arguments: [true, false]) func noSecretInAnyLogLineWhenSendsFail(_ providerAnswers: Bool) async throws {
        let inbox = StubInbox()
        try await providerStub(inbox, fail: true).test(.live) { stub in
            // Unreachable: a port nothing listens on (the stub's port + 1 is very likely free; either way sends fail).
            let port = providerAnswers ? try #require(stub.port) : 9
            var config = ChannelDeliveryTests.config(port: port)
            config.telegram.botToken = "777123:SECRET-bot-token-xyz"
            config.twilio.authToken = "twilio-SECRET-auth"
            config.whatsapp.accessToken = "wa-SECRET-access"
            config.africastalking.apiKey = "at-SECRET-key"
            config.kannel.password = "kannel-SECRET-pw"
            let secrets = [
                "777123:SECRET-bot-token-xyz", "SECRET-bot-token", "twilio-SECRET-auth", "wa-SECRET-access", "at-SECRET-key",
                "kannel-SECRET-pw", "app-secret", "verify-me", "tg-secret", "generic-key", "kannel-secret", "at-callback",
            ]
            let log = CapturedLog()
            let store = try SQLiteDeskStore.inMemory()
            let services = DeskServices(desk: try Repo.desk(store: store, now: { Date() }), config: config, logger: log.logger("test"))
            for c in DeliveryCase.all {
                let reference = try await ChannelDeliveryTests.citizen(c, services)
                try await services.pipeline.desk.updateStatus(reference: reference, to: .inProgress, by: "staff", note: nil)
            }
            await services.outbox.deliverDue()
            let text = log.text
            #expect(text.contains("sending failed"), "the failures were logged")
            for secret in secrets { #expect(!text.contains(secret), "\(secret) appears in the log") }
            for c in DeliveryCase.all { #expect(!text.contains(c.address), "an address appears in the log") }
        }
    }

    /// A signed or token-authenticated message whose provider timestamp is older than the ledger remembers (or
    /// from the future) is acknowledged and ignored; a current one is accepted.
    @Test func providerTimestampsOutsideTheReplayWindowAreIgnored() async throws {
        var config = WebhookFixture.config
        config.retentionDays = 10
        let store = try SQLiteDeskStore.inMemory()
        try await WebhookFixture.app(store: store, config: config).test(.router) { client in
            let now = Int(Date().timeIntervalSince1970)
            for (id, date, stored) in [(501, now - 30 * 86_400, false), (502, now + 3600, false), (503, now - 60, true)] {
                let body = ByteBuffer(string: #"{"update_id":\#(id),"message":{"message_id":1,"date":\#(date),"chat":{"id":424242},"text":"hello"}}"#)
                try await client.execute(uri: "/webhook/telegram", method: .post, headers: [.contentType: "application/json", .telegramSecret: "tg-secret"], body: body) { r in
                    #expect(r.status == .ok)
                }
                #expect((try await store.inbound(id: "telegram:\(id)") != nil) == stored, "update \(id)")
            }
            let old = now - 30 * 86_400
            let payload = #"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"254700000001","id":"wamid.OLD","timestamp":"\#(old)","type":"text","text":{"body":"hello"}}]}}]}]}"#
            let signature = "sha256=" + Signatures.sha256Hex(Array(payload.utf8), key: "app-secret")
            try await client.execute(uri: "/webhook/whatsapp", method: .post, headers: [.contentType: "application/json", .hubSignature256: signature], body: ByteBuffer(string: payload)) { r in
                #expect(r.status == .ok)
            }
            #expect(try await store.inbound(id: "whatsapp:wamid.OLD") == nil)
        }
        // Without retention the ledger keeps every id, so an old message is still accepted (and deduplicated).
        #expect(WebhookFixture.config.acceptsTimestamp(Date(timeIntervalSinceNow: -90 * 86_400), now: Date()))
    }
}

