import Testing

@testable import DeskBot

/// Kannel's get-url query is percent-decoded byte by byte (the text may be in any charset, decoded later).
@Suite struct KannelQueryDecodingTests {
    @Test func percentEscapesPlusAndBrokenEscapes() {
        #expect(KannelQuery.bytes("no%20water+in%20block%206") == Array("no water in block 6".utf8))
        #expect(KannelQuery.bytes("%C3%A9%c3%a9") == Array("éé".utf8))
        #expect(KannelQuery.bytes("%2B254") == Array("+254".utf8))
        // Not two hex digits: kept as sent.
        #expect(KannelQuery.bytes("100%") == Array("100%".utf8))
        #expect(KannelQuery.bytes("%4") == Array("%4".utf8))
        #expect(KannelQuery.bytes("%zz%+f") == Array("%zz% f".utf8))
        #expect(KannelQuery.bytes("%00%FF") == [0x00, 0xFF])
        #expect(KannelQuery.bytes("") == [])
    }

    @Test func pairsKeepEmptyValuesAndRawBytes() {
        let pairs = KannelQuery.rawPairs("sender=%2B254700&text=&id=7&text2=%D8%A7")
        #expect(pairs.map(\.0) == ["sender", "text", "id", "text2"])
        #expect(pairs.map(\.1) == [Array("+254700".utf8), [], Array("7".utf8), [0xD8, 0xA7]])
    }
}
