import Foundation
import Intents
import Locales
import Testing

@testable import DeskBot
@testable import DeskCore

/// Race-free duplicates: N citizens report one problem at the same instant (their read-back "yes" released together
/// by a barrier), on one desk or on two desks ("two serve instances") sharing one database. Exactly one complaint is
/// filed as new, the others are linked to it and told its reference. On every backend, looped.
@Suite(.serialized) struct CivicConcurrentDuplicateTests {
    static let citizens = 8
    static let rounds = 10

    /// One problem per round: a category and a locality (the lock key), and how a citizen reports it.
    struct Problem {
        let category: String
        let area: String
        let text: String
        let place: String
    }

    /// What one Open311 POST answered.
    struct Created: Sendable {
        let id: String?
        let notice: String?
    }

    static let problems: [Problem] = {
        let places = [("g9-markaz", "G-9 Markaz"), ("g10", "G-10"), ("block-4", "Block 4"), ("market-road", "Market Road")]
        let reports = [
            ("water", { (p: String) in "there is no water in \(p) since Monday" }),
            ("garbage", { (p: String) in "garbage not collected in \(p) for a week" }),
            ("streetlight", { (p: String) in "the streetlight is broken in \(p)" }),
        ]
        return reports.flatMap { category, text in places.map { Problem(category: category, area: $0.0, text: text($0.1), place: $0.1) } }
    }()

    @Test(arguments: StoreFactory.all) func concurrentReportsOnOneDeskFileOneComplaint(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let desk = try Civic.desk(db.store, clock: TestClock())
            for round in 0..<Self.rounds {
                try await Self.race(desks: [desk], problem: Self.problems[round], round: round, store: db.store)
            }
        }
    }

    @Test(arguments: StoreFactory.all) func concurrentReportsOnTwoDesksSharingOneDatabaseFileOneComplaint(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            // Two desks, each with its own store (connection pool) on one shared database: two `serve` instances.
            let clock = TestClock()
            let desks = [try Civic.desk(try await db.shared(), clock: clock), try Civic.desk(try await db.shared(), clock: clock)]
            for round in 0..<Self.rounds {
                try await Self.race(desks: desks, problem: Self.problems[round], round: round, store: desks[0].store)
            }
        }
    }

    @Test(arguments: StoreFactory.all) func concurrentOpen311PostsOfOneProblemFileOneRequest(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            // Two instances' Open311 APIs on one database, each POST its own client's report of one problem.
            let clock = TestClock()
            let desks = [try Civic.desk(try await db.shared(), clock: clock), try Civic.desk(try await db.shared(), clock: clock)]
            let apis = desks.map { Open311API(desk: $0, baseURL: "http://127.0.0.1/open311/v2", now: clock.closure) }
            let key = "o311_race"
            _ = try await desks[0].store.addAPIKey(APIKeyRecord(name: "race", hash: Open311API.hash(key), createdAt: clock.now))
            for round in 0..<Self.rounds {
                let problem = Self.problems[round]
                let barrier = Barrier(Self.citizens)
                let created = try await withThrowingTaskGroup(of: Created.self) { group in
                    for i in 0..<Self.citizens {
                        let api = apis[i % apis.count]
                        let params = [
                            "api_key": key, "service_code": problem.category, "address_string": problem.place, "description": problem.text,
                            "email": "reporter\(round)-\(i)@example.org",
                        ]
                        group.addTask {
                            await barrier.arrive()
                            let response = try await api.create(params, .json)
                            #expect(response.status == 201, "\(response.body)")
                            let item = try #require((try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [[String: Any]])?.first)
                            return Created(id: item["service_request_id"] as? String, notice: item["service_notice"] as? String)
                        }
                    }
                    var all: [Created] = []
                    for try await item in group { all.append(item) }
                    return all
                }
                let ids = created.compactMap(\.id)
                let views = try await desks[0].store.civicComplaints(references: ids)
                let primaries = views.filter { $0.civic?.duplicateOf == nil }
                #expect(primaries.count == 1, "round \(round): \(primaries.map(\.complaint.reference)) filed as new")
                let reference = try #require(primaries.first?.complaint.reference)
                #expect(primaries.first?.citizens == Self.citizens, "round \(round)")
                // Each linked request's service_notice names the one new request.
                let notices = created.filter { $0.id != reference }.compactMap(\.notice)
                #expect(notices.count == Self.citizens - 1)
                #expect(notices.allSatisfy { $0.contains("already reported as \(reference)") }, "round \(round): \(notices)")
            }
        }
    }

    /// Brings N citizens to the read-back of the same problem, releases their "yes" together (citizen i on desk
    /// i mod desks), and checks the outcome.
    static func race(desks: [Desk], problem: Problem, round: Int, store: any DeskStore) async throws {
        let senders = (0..<citizens).map { "+2547\(String(format: "%02d", round))\(String(format: "%05d", $0))" }
        // Given: every citizen has described the problem and been read it back.
        for (i, sender) in senders.enumerated() {
            try await Civic.readBack(desks[i % desks.count], "en", sender: sender, problem.text, place: problem.place)
        }
        // When: all confirm at the same instant, each "yes" a provider message with its id — and the first
        // citizen's delivered twice (a gateway retry), the second time on the other desk when there are two.
        let barrier = Barrier(citizens + 1)  // ExactlyOnceTests' barrier
        func yes(_ i: Int) -> Inbound {
            var message = Inbound(channel: .chat, sender: senders[i], text: "yes", locale: "en")
            message.messageID = "chat:race-\(round)-\(i)"
            return message
        }
        let deliveries = try await withThrowingTaskGroup(of: (Int, Reply).self) { group in
            for i in 0...citizens {
                // Citizen i on desk i mod desks; the retry of citizen 0's message (i == citizens) on the next desk.
                let citizen = i % citizens
                let desk = desks[i == citizens ? 1 % desks.count : i % desks.count]
                group.addTask {
                    await barrier.arrive()
                    return (citizen, try await desk.handle(yes(citizen)))
                }
            }
            var all: [(Int, Reply)] = []
            for try await delivery in group { all.append(delivery) }
            return all
        }
        var replies: [String: Reply] = [:]
        for (i, reply) in deliveries where !reply.isRedelivery || replies[senders[i]] == nil { replies[senders[i]] = reply }
        // Exactly once per provider message id: the retried message got the same answer, and filed nothing more.
        let twice = deliveries.filter { $0.0 == 0 }.map(\.1)
        #expect(twice.count == 2)
        #expect(twice.filter(\.isRedelivery).count == 1, "round \(round): one delivery is answered from the ledger")
        #expect(Set(twice.map(\.text)).count == 1, "round \(round): \(twice.map(\.text))")
        #expect(Set(twice.map(\.reference)).count == 1)

        // Then: one complaint is new, the other N−1 are linked to it, and its count of citizens affected is N.
        let views = try await store.civicComplaints(references: replies.values.compactMap(\.reference))
        #expect(views.count == citizens, "round \(round): \(views.count) complaints for \(citizens) replies")
        #expect(views.allSatisfy { $0.complaint.category == problem.category && $0.civic?.area == problem.area }, "round \(round)")
        let primaries = views.filter { $0.civic?.duplicateOf == nil }
        #expect(primaries.count == 1, "round \(round): \(primaries.map(\.complaint.reference)) filed as new")
        let primary = try #require(primaries.first)
        let reference = primary.complaint.reference
        #expect(views.filter { $0.primaryReference == reference }.count == citizens - 1, "round \(round)")
        #expect(primary.citizens == citizens, "round \(round)")
        // Every citizen's reply names that one reference: the first its own, the others "already reported as …".
        for (sender, reply) in replies {
            let own = try #require(reply.reference, "round \(round): \(sender) got no reference")
            if own == reference {
                #expect(!reply.text.contains("already"), "round \(round): \(reply.text)")
            } else {
                let expected = desks[0].text(
                    "complaint_duplicate", "en",
                    ["reference": own, "primary": reference, "expected": desks[0].snapshot.citizenDate(try #require(primary.civic?.dueAt), "en")])
                #expect(reply.text == expected, "round \(round): \(reply.text)")
            }
        }
        // Only the new complaint's department was told.
        let notices = try await store.departmentMessages(complaintID: nil).filter { m in views.contains { $0.complaint.id == m.complaintId } }
        #expect(notices.count == 1, "round \(round): \(notices.count) department notices")
    }
}

extension Civic {
    /// Takes a citizen through the intake up to the read-back (the "yes" that files is left to the caller).
    static func readBack(_ desk: Desk, _ locale: LocaleID, sender: String, _ text: String, place: String) async throws {
        var reply = try await desk.handle(Inbound(channel: .chat, sender: sender, text: text, locale: locale))
        let key = desk.conversation(of: Inbound(channel: .chat, sender: sender, text: "")).key
        for _ in 0..<4 {
            #expect(reply.reference == nil, "filed before the read-back: \(reply.text)")
            let step = try await desk.store.session(id: key).flatMap(Session.init(record:))?.intake?.step
            if step == .confirm { return }
            reply = try await desk.handle(Inbound(channel: .chat, sender: sender, text: step == .location ? place : text, locale: locale))
        }
        Issue.record("\(sender) never reached the read-back: \(reply.text)")
    }
}
