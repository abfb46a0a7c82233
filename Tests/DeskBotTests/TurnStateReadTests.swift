import Foundation
import Testing

@testable import DeskCore
@testable import DeskStorePostgres
@testable import DeskStoreSQLite

/// A turn's one read (`turnState`) carries the citizen's complaints too, on every backend, so a status question
/// or an intake's "reported before?" check needs no second read.
@Suite struct TurnStateReadTests {
    typealias Contract = DeskStoreContractTests

    @Test(arguments: StoreFactory.all) func turnStateCarriesTheCitizensComplaintsNewestFirst(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            // A first contact: read, and none.
            #expect(try await store.turnState(Contract.conversation, messageID: "kannel:c0").complaints == [])
            let first = try await store.fileComplaint(Contract.draft(1), session: nil)
            let second = try await store.fileComplaint(Contract.draft(2), session: nil)
            _ = try await store.fileComplaint(Contract.draft(3, citizen: "someone-else"), session: nil)
            let state = try await store.turnState(Contract.conversation, messageID: "kannel:c1")
            #expect(state.complaints?.map(\.reference) == [second.reference, first.reference])
            #expect(state.complaints == (try await store.complaints(citizen: Contract.conversation.citizen, openOnly: false)))
        }
    }
}
