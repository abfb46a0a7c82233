import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@testable import DeskBot
@testable import DeskCore

/// Two servers ("instances": two desks, pipelines, pending processors and outbox deliverers) on one database, the
/// same message delivered to both at once: one complaint, one reply. On PostgreSQL this is the scale-out setup.
@Suite(.serialized) struct TwoInstanceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let factory: StoreFactory
        let channel: ExactlyOnceTests.Channel
        var testDescription: String { "\(factory.name) \(channel.name)" }

        static var all: [Case] {
            StoreFactory.all.flatMap { factory in
                ExactlyOnceTests.Channel.all.filter { ["kannel", "generic", "whatsapp"].contains($0.name) }.map { Case(factory: factory, channel: $0) }
            }
        }
    }

    /// Two servers on `db` with a stub provider API; gives the test both ports, a store and the stub's inbox.
    static func withTwoServers(
        _ db: TestDatabase, _ body: @escaping @Sendable ([Int], any DeskStore, StubInbox) async throws -> Void
    ) async throws {
        let inbox = StubInbox()
        let stores = [try await db.shared(), try await db.shared()]
        try await stubProvider(inbox).test(.live) { stub in
            let port = try #require(stub.port)
            var config = WebhookFixture.config
            config.whatsapp.apiBaseURL = "http://127.0.0.1:\(port)/v21.0"
            config.telegram.apiBaseURL = "http://127.0.0.1:\(port)"
            config.africastalking.apiBaseURL = "http://127.0.0.1:\(port)"
            let apps = try stores.enumerated().map { n, store in
                let services = DeskServices(
                    desk: try Repo.desk(store: store, now: { Date() }), config: config, logger: Logger(label: "instance-\(n)"), singleNode: false)
                return buildApplication(services: services, config: config, host: "127.0.0.1", port: 0, logger: Logger(label: "instance-\(n)"))
            }
            try await apps[0].test(.live) { first in
                try await apps[1].test(.live) { second in
                    try await body([try #require(first.port), try #require(second.port)], stores[0], inbox)
                }
            }
        }
    }

    @Test(arguments: Case.all) func oneComplaintAndOneReplyWhenBothInstancesGetTheMessage(_ test: Case) async throws {
        try await TestDatabase.with(test.factory) { db in
            let channel = test.channel
            try await Self.withTwoServers(db) { ports, store, inbox in
                for setup in channel.setup {
                    #expect(try await setup.send(port: ports[0]).0 == 200)
                    if channel.pushes { try await ExactlyOnceTests.settle(store) }
                }
                // The filing message 3× to each instance at once.
                let barrier = Barrier(6)
                let replies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                    for i in 0..<6 {
                        group.addTask {
                            await barrier.arrive()
                            return try await channel.duplicated.send(port: ports[i % 2])
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                try await ExactlyOnceTests.settle(store)
                #expect(replies.allSatisfy { $0.0 == 200 }, "\(replies.map(\.0))")
                let complaints = try await store.complaints()
                #expect(complaints.count == 1)
                let reference = try #require(complaints.first?.reference)
                if channel.pushes {
                    let sent = await inbox.requests
                    #expect(sent.count == channel.setup.count + 1, "sends: \(sent.count)")
                    #expect(sent.filter { $0.body.contains(reference) }.count == 1)
                } else {
                    #expect(Set(replies.map(\.1)).count == 1, "\(Set(replies.map(\.1)))")
                    #expect(replies[0].1.contains(reference))
                }
            }
        }
    }
}
