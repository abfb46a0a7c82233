import Foundation
import Testing

@testable import DeskBot

/// `deskbot classify` reads JSON lines with its own reader for the common shape; it must accept and refuse exactly
/// what `JSONDecoder` does.
@Suite struct ClassifyInputTests {
    struct Reference: Decodable, Equatable {
        let text: String
        let locale: String?
        let intent: String?
    }

    static let lines: [String] = [
        #"{"text": "hello"}"#,
        #"{"text":"hola","locale":"es"}"#,
        #"  { "locale" : null , "text" : "x" , "intent" : "greeting" }  "#,
        #"{"text": "a \"quoted\" \\ back\/slash \n\t\r\b\f end"}"#,
        #"{"text": "caf\u00e9 \u0627\u0644 \u0000 nul"}"#,
        #"{"text": "emoji \ud83d\ude00"}"#,
        #"{"text": "lone \ud83d"}"#,
        #"{"text": "pothole", "kind": "typo", "source": "x", "flag": true, "other": false, "none": null}"#,
        #"{"text": "n", "count": 3}"#,
        #"{"text": "dup", "text": "again"}"#,
        #"{"text": null}"#,
        #"{"locale": "en"}"#,
        #"{}"#,
        #"{"text": 5}"#,
        #"{"text": "x",}"#,
        #"{"text": "x"} trailing"#,
        #"["text"]"#,
        "{\"text\": \"raw\ttab\"}",
        #"{"te\u0078t": "escaped key"}"#,
        #"{"text": "x", "locale": 3}"#,
        #"{"text": "bad escape \q"}"#,
        #"{"text": "unterminated}"#,
        "{\"text\": \"غلط بل آیا ہے\", \"locale\": \"ur\"}",
        "not json",
    ]

    @Test func readsLinesExactlyAsJSONDecoder() {
        for line in Self.lines {
            // Given a line / When both read it / Then both accept it with the same fields, or both refuse it.
            let expected = try? JSONDecoder().decode(Reference.self, from: Data(line.utf8))
            let got = ClassifyLine(json: line).map { Reference(text: $0.text, locale: $0.locale, intent: $0.intent) }
            #expect(got == expected, "\(line)")
        }
    }

    @Test func cutsLinesLikeReadLine() {
        // "\n" ends a line, a "\r" before it goes with it, the last line needs no end.
        let input = Array("one\r\ntwo\n\nthree\r\r\nfour".utf8)
        var lines: [String] = []
        var start = 0
        for (i, b) in input.enumerated() where b == 0x0A {
            lines.append(LineReader.line(input[start..<i]))
            start = i + 1
        }
        lines.append(LineReader.line(input[start...]))
        #expect(lines == ["one", "two", "", "three\r", "four"])
    }
}
