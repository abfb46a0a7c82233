import Testing

@testable import DeskCore

/// The walk along a USSD path, without the desk (the part `FuzzGateways` fuzzes).
struct USSDPathTests {
    @Test func choicesLeadToTheirScreens() {
        func screen(_ path: String) -> USSDPath.Screen { USSDPath(path, topics: 5, categories: 9, languages: 11).screen }
        #expect(screen("") == .main)
        #expect(screen("1") == .topics)
        #expect(screen("1*2") == .answer(topic: 1, page: 0))
        #expect(screen("1*2*98*98") == .answer(topic: 1, page: 2))
        #expect(screen("1*2*0") == .main)
        #expect(screen("2*3") == .location(category: 2))
        // The place is the rest of the path, `*` included.
        #expect(screen("2*3*Block 6 * near the mosque") == .action(.file(category: 2, place: "Block 6*near the mosque"), page: 0))
        #expect(screen("3*CMP-2026-000001") == .action(.status(reference: "CMP-2026-000001"), page: 0))
        #expect(screen("4*11") == .action(.language(10), page: 0))
    }

    @Test func aChoiceNotOnItsScreenLeavesTheScreenWhereItWas() {
        for (path, expected) in [("7", USSDPath.Screen.main), ("1*6", .topics), ("2*0", .categories), ("2*10", .categories),
                                 ("2*3*", .location(category: 2)), ("3*", .status), ("4*12", .languages), ("1*1*5", .answer(topic: 0, page: 0))] {
            let walk = USSDPath(path, topics: 5, categories: 9, languages: 11)
            #expect(walk.invalid, "\(path)")
            #expect(walk.screen == expected, "\(path)")
        }
        // A mistake earlier in the path does not end the session: the next valid choice goes on from there.
        let walk = USSDPath("9*1*2", topics: 5, categories: 9, languages: 11)
        #expect(!walk.invalid && walk.screen == .answer(topic: 1, page: 0))
        // An empty menu offers nothing to choose.
        #expect(USSDPath("1*1", topics: 0, categories: 9, languages: 11).invalid)
    }

    /// Found by `FuzzGateways` (Fuzz/artifacts/FuzzGateways/crash-632146ca…): 58 spaces paged at 53 characters gave
    /// no page at all, and the menu indexes the first one (a trap: the server would have crashed).
    @Test func aTextOfSpacesHasOneScreen() {
        let spaces = String(repeating: " ", count: 58)
        #expect(USSDPath.pages(spaces, limit: 53) == [""])
        #expect(USSDPath.fit(spaces, 53).count <= 53)
        #expect(USSDMenu.pages(spaces + "\n", limit: 21).count >= 1)
    }

    @Test func screensFitTheirLimit() {
        let text = String(repeating: "maji hayapatikani mtaa wa Kibera tangu jana ", count: 12) + String(repeating: "x", count: 400)
        for limit in [21, 40, 160, 178] {
            let pages = USSDPath.pages(text, limit: limit)
            #expect(pages.allSatisfy { $0.count <= limit })
            #expect(pages.joined().filter { $0 != " " } == text.filter { $0 != " " })
            #expect(USSDPath.fit(text, limit).count <= limit)
        }
    }
}
