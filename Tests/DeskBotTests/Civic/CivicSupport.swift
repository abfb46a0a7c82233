import Foundation
import Intents
import Locales
import Synchronization
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

enum Civic {
    /// A desk on the bundled corpora (with their departments.yaml) and the given store and clock.
    static func desk(_ store: any DeskStore, clock: TestClock) throws -> Desk {
        try Repo.desk(store: store, now: clock.closure)
    }

    /// Files a complaint through the conversation, in `locale`: the message, then the place when asked for it, then
    /// the locale's "yes" at the read-back. Returns the reply that carries the reference.
    static func file(_ desk: Desk, _ locale: LocaleID, sender: String, _ text: String, place: String) async throws -> Reply {
        let yes = try #require(desk.corpus.packs[locale]?.info.yes.first)
        var reply = try await desk.handle(Inbound(channel: .chat, sender: sender, text: text, locale: locale))
        let key = desk.conversation(of: Inbound(channel: .chat, sender: sender, text: "")).key
        for _ in 0..<4 where reply.reference == nil {
            let step = try await desk.store.session(id: key).flatMap(Session.init(record:))?.intake?.step
            let answer = step == .location ? place : step == .description ? text : yes
            reply = try await desk.handle(Inbound(channel: .chat, sender: sender, text: answer, locale: locale))
        }
        return reply
    }
}

/// A counter tasks share.
final class PassCounter: Sendable {
    private let value = Mutex(0)
    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
