import Foundation
import Hummingbird
import HummingbirdTesting
import Intents
import Locales
import Logging
import NIOCore
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// A department whose contact is another city system's Open311 endpoint: a new complaint is forwarded to it as a
/// GeoReport v2 `POST requests.json`. The other system here is a real one — a second DeskBot serving its own
/// `/open311/v2/` live on 127.0.0.1 with its own database and an API key its staff issued.
@Suite struct Open311ForwardingTests {
    static let keyName = "WATER_311_KEY"

    /// Counts the POSTs a server receives.
    struct CountingMiddleware: RouterMiddleware {
        typealias Context = AppRequestContext
        let posts: PassCounter
        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            if request.method == .post { posts.increment() }
            return try await next(request, context)
        }
    }

    /// The other city's DeskBot: the Open311 routes of `serve` on its own desk and store.
    static func remoteApp(_ desk: Desk, posts: PassCounter) -> some ApplicationProtocol {
        let router = Router(context: AppRequestContext.self)
        router.middlewares.add(CountingMiddleware(posts: posts))
        Open311Routes(api: Open311API(desk: desk, baseURL: "http://127.0.0.1/open311/v2", now: desk.now), logger: Logger(label: "remote-311"))
            .add(to: router)
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Our desk, with the water department's contact the remote endpoint (as departments.yaml would give it).
    static func localDesk(port: Int, clock: TestClock) throws -> Desk {
        var corpus = Repo.corpus
        var civic = corpus.civic
        civic.departments["water"]?.contact = .open311(
            Open311Endpoint(
                baseURL: "http://127.0.0.1:\(port)/open311/v2/", serviceCode: "water", apiKeyEnv: keyName, jurisdictionID: "riverside.example.org"))
        corpus.documents[CivicLoader.documentName] = civic
        return try Desk(
            corpus: corpus, configuration: DeskConfiguration(), store: try SQLiteDeskStore.inMemory(),
            hasher: CitizenHasher(key: Data("test-key-test-key-test-key".utf8)), engine: Repo.engine, now: clock.closure)
    }

    @Test func aNewComplaintIsForwardedToTheDepartmentsOpen311EndpointAndTheRemoteIDKept() async throws {
        let clock = TestClock()
        let remote = try Civic.desk(try SQLiteDeskStore.inMemory(), clock: clock)
        let key = "o311_remote_issued_key"
        _ = try await remote.store.addAPIKey(APIKeyRecord(name: "riverside-desk", hash: Open311API.hash(key), createdAt: clock.now))
        let posts = PassCounter()
        try await Self.remoteApp(remote, posts: posts).test(.live) { client in
            let local = try Self.localDesk(port: try #require(client.port), clock: clock)
            // Given: a citizen reports no water in G-9 Markaz (routed to water, whose contact is the endpoint).
            let reply = try await Civic.file(local, "en", sender: "+923000000071", "there is no water in G-9 Markaz since Monday", place: "G-9 Markaz")
            let reference = try #require(reply.reference)
            let queued = try await local.store.departmentMessages(complaintID: nil)
            #expect(queued.map(\.channel) == ["open311"])
            #expect(!queued[0].text.contains(key), "the key is never queued")

            // When: the department deliverer runs, with the key from the environment variable the department names.
            let deliverer = DepartmentDeliverer(
                store: local.store, smtp: nil, logger: Logger(label: "test"), open311Keys: { $0 == Self.keyName ? key : nil }, now: clock.closure)
            #expect(await deliverer.deliverDue() == 1)

            // Then: the other system holds a complaint with the description, filed through its own Open311 API…
            let there = try await remote.store.civicComplaints(references: nil)
            #expect(there.count == 1)
            let forwarded = try #require(there.first)
            #expect(forwarded.complaint.category == "water")
            #expect(forwarded.complaint.channel == "open311")
            #expect(forwarded.complaint.description.contains("there is no water in G-9 Markaz since Monday"))
            #expect(forwarded.complaint.description.contains(reference), "our reference travels with it")
            #expect(forwarded.complaint.location == "G-9 Markaz")
            #expect(forwarded.civic?.area == "g9-markaz")
            // …and ours keeps its id, in the complaint and its history; the message is closed.
            let here = try #require(try await local.store.civicComplaints(references: [reference]).first)
            #expect(here.civic?.remoteId == forwarded.complaint.reference)
            let history = try await local.store.history(complaintID: try #require(here.complaint.id))
            #expect(history.contains { $0.changedBy == "open311 forwarding" && ($0.note ?? "").contains("as \(forwarded.complaint.reference)") })
            #expect(try await local.store.departmentMessages(complaintID: nil).map(\.status) == ["sent"])
            // Nothing more to send: one POST in all.
            clock.advance(3600)
            #expect(await deliverer.deliverDue() == 0)
            #expect(posts.count == 1)
        }
    }

    @Test func aWrongAPIKeyIsRefusedOnceRecordedAndNotRetried() async throws {
        let clock = TestClock()
        let remote = try Civic.desk(try SQLiteDeskStore.inMemory(), clock: clock)
        _ = try await remote.store.addAPIKey(APIKeyRecord(name: "riverside-desk", hash: Open311API.hash("o311_right"), createdAt: clock.now))
        let posts = PassCounter()
        try await Self.remoteApp(remote, posts: posts).test(.live) { client in
            let local = try Self.localDesk(port: try #require(client.port), clock: clock)
            let reference = try #require(
                try await Civic.file(local, "en", sender: "+923000000072", "there is no water in G-10 since Monday", place: "G-10").reference)
            let deliverer = DepartmentDeliverer(
                store: local.store, smtp: nil, logger: Logger(label: "test"), open311Keys: { _ in "o311_wrong" }, now: clock.closure)
            // Several passes over hours: the 403 is final after the first.
            for _ in 0..<4 {
                #expect(await deliverer.deliverDue() == 0)
                clock.advance(2 * 3600)
            }
            #expect(posts.count == 1, "one POST, no retry storm")
            #expect(try await remote.store.complaints().isEmpty)
            let messages = try await local.store.departmentMessages(complaintID: nil)
            #expect(messages.map(\.status) == ["failed"])
            #expect(messages[0].error?.contains("HTTP 403: api_key missing or invalid") == true, "\(messages[0].error ?? "")")
            let complaint = try #require(try await local.store.complaint(reference: reference))
            let notes = try await local.store.history(complaintID: try #require(complaint.id)).filter { $0.changedBy == "open311 forwarding" }
            #expect(notes.count == 1)
            #expect(notes.first?.note?.contains("refused, not retried: HTTP 403") == true)
            #expect(try await local.store.civicComplaints(references: [reference]).first?.civic?.remoteId == nil)
        }
    }

    @Test func aServerErrorIsRetriedWithBackoffThenForwarded() async throws {
        // An endpoint that fails twice with 503, then creates the request (as a GeoReport server does: a token).
        let posts = PassCounter()
        let router = Router()
        router.post("open311/v2/requests.json") { _, _ -> Response in
            posts.increment()
            guard posts.count > 2 else {
                return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "[{\"code\":503,\"description\":\"down\"}]")))
            }
            return Response(
                status: .created, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "[{\"token\":\"tok-42\",\"service_notice\":\"queued\"}]")))
        }
        let clock = TestClock()
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let local = try Self.localDesk(port: try #require(client.port), clock: clock)
            let reference = try #require(
                try await Civic.file(local, "en", sender: "+923000000073", "there is no water in Block 4 since Monday", place: "Block 4").reference)
            let deliverer = DepartmentDeliverer(
                store: local.store, smtp: nil, logger: Logger(label: "test"), open311Keys: { _ in "k" }, now: clock.closure)
            #expect(await deliverer.deliverDue() == 0)
            var message = try #require(try await local.store.departmentMessages(complaintID: nil).first)
            #expect(message.status == "queued")
            #expect(message.attempts == 1)
            #expect(message.nextAttemptAt > clock.now, "backoff")
            // Not due yet: nothing is sent.
            #expect(await deliverer.deliverDue() == 0)
            #expect(posts.count == 1)
            clock.advance(message.nextAttemptAt.timeIntervalSince(clock.now) + 1)
            #expect(await deliverer.deliverDue() == 0)
            message = try #require(try await local.store.departmentMessages(complaintID: nil).first)
            #expect(message.attempts == 2)
            #expect(message.nextAttemptAt.timeIntervalSince(clock.now) > 10, "the backoff grows")
            clock.advance(3600)
            #expect(await deliverer.deliverDue() == 1)
            #expect(posts.count == 3)
            #expect(try await local.store.civicComplaints(references: [reference]).first?.civic?.remoteId == "token:tok-42")
        }
    }

    // MARK: - deskbot check

    @Test func checkReportsABadOpen311ContactWithFileAndLine() throws {
        let yaml = """
            default: water
            departments:
              water:
                name: Water
                contact: {open311: "ftp://311.example.org/v2", api_key_env: WATER_311_KEY}
                supervisor: {email: boss@example.org}
              roads:
                name: Roads
                contact: {open311: "https://311.example.org/open311/v2", service_code: potholes, api_key_env: "not a name", api_key: "secret"}
                supervisor: {open311: "https://311.example.org/open311/v2", service_code: x, api_key_env: K}
              parks:
                name: Parks
                contact: {open311: "http://311.example.org/open311/v2", service_code: parks, api_key_env: PARKS_KEY}
                supervisor: none
              markets:
                name: Markets
                contact: {open311: "https://311.example.org/open311/v2", service_code: stalls, api_key_env: MARKETS_KEY, jurisdiction_id: city.example.org}
                supervisor: none
            """
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("civic-311-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try yaml.write(toFile: "\(dir)/departments.yaml", atomically: true, encoding: .utf8)
        let (civic, problems) = CivicLoader(directory: dir).read()
        let lines = problems.map { "\($0.line.map(String.init) ?? "?") \($0.message)" }
        func has(_ line: Int, _ words: String) -> Bool { lines.contains { $0.hasPrefix("\(line) ") && $0.contains(words) } }
        #expect(has(5, "is not an https URL"), "\(lines)")
        #expect(has(5, "`service_code`"), "\(lines)")
        #expect(has(9, "api_key_env"), "\(lines)")
        #expect(has(9, "an API key never goes in departments.yaml"), "\(lines)")
        #expect(has(10, "escalations go to a person"), "\(lines)")
        #expect(has(13, "plain http only to 127.0.0.1"), "\(lines)")
        #expect(!lines.contains { $0.contains("secret") }, "the key's value is never repeated")
        #expect(
            civic?.departments["markets"]?.contact
                == .open311(Open311Endpoint(baseURL: "https://311.example.org/open311/v2", serviceCode: "stalls", apiKeyEnv: "MARKETS_KEY", jurisdictionID: "city.example.org")))
    }

    @Test func theQueuedRequestReadsBackAndEncodesAsAForm() throws {
        let complaint = ComplaintRecord(
            reference: "CMP-2026-000009", year: 2026, serial: 9, category: "water", status: "received", locale: "ur", channel: "chat",
            citizen: "c", location: "جی نائن مرکز", description: "پانی نہیں\nتین دن سے", name: "Ali", latitude: 33.7, longitude: 73.05,
            createdAt: Repo.fixedNow, updatedAt: Repo.fixedNow)
        let forward = Open311Forward(endpoint: Open311Endpoint(baseURL: "https://x.example.org/v2", serviceCode: "w&1", apiKeyEnv: "K"), complaint: complaint)
        #expect(Open311Forward(text: forward.text) == forward)
        let body = forward.body(apiKey: "a+b")
        #expect(body.hasPrefix("api_key=a%2Bb&service_code=w%261&lat=33.700000&long=73.050000&address_string="))
        #expect(!body.contains("Ali"), "nothing about the citizen")
        let form = Open311Routes.form(body)
        #expect(form["description"] == "پانی نہیں\nتین دن سے (CMP-2026-000009 at the service desk)")
        #expect(form["address_string"] == "جی نائن مرکز")
    }
}
