import Foundation
@testable import DeskCore
import Locales
import Synchronization

/// A golden conversation: `locale:` and `channel:` headers, `> citizen` lines, and `< exact` / `<~ contains`
/// expectations for the desk's reply (several `<` lines in a row form one multi-line reply).
struct Transcript: Sendable {
    enum Expectation: Sendable, Equatable {
        case exact(String)
        case contains(String)
    }

    struct Turn: Sendable {
        let said: String
        var expected: [Expectation]
        let line: Int
        /// `! staff <status> <note>`: a staff member changes the last filed complaint before this turn.
        var staff: (status: String, note: String)?
        /// `! wait <minutes>`: the citizen is silent this long before this turn (the session may expire).
        var wait: TimeInterval = 0
    }

    let path: String
    let locale: LocaleID
    let channel: Channel
    let turns: [Turn]

    enum ParseError: Error, CustomStringConvertible {
        case syntax(file: String, line: Int, message: String)
        var description: String {
            switch self { case .syntax(let file, let line, let message): "\(file):\(line): \(message)" }
        }
    }

    init(path: String) throws {
        self.path = path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var locale: LocaleID?
        var channel = Channel.chat
        var turns: [Turn] = []
        var exact: [String] = []
        var pendingStaff: (String, String)?
        var pendingWait: TimeInterval = 0
        func flushExact() {
            guard !exact.isEmpty, !turns.isEmpty else { return }
            turns[turns.count - 1].expected.append(.exact(exact.joined(separator: "\n")))
            exact = []
        }
        for (i, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { flushExact(); continue }
            if line.hasPrefix("<~") {
                flushExact()
                guard !turns.isEmpty else { throw ParseError.syntax(file: path, line: i + 1, message: "an expectation before any `>` line") }
                turns[turns.count - 1].expected.append(.contains(String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)))
            } else if line.hasPrefix("<") {
                guard !turns.isEmpty else { throw ParseError.syntax(file: path, line: i + 1, message: "an expectation before any `>` line") }
                exact.append(String(line.dropFirst(1)).trimmingCharacters(in: .whitespaces))
            } else if line.hasPrefix(">") {
                flushExact()
                turns.append(
                    Turn(said: String(line.dropFirst(1)).trimmingCharacters(in: .whitespaces), expected: [], line: i + 1,
                         staff: pendingStaff, wait: pendingWait))
                pendingStaff = nil
                pendingWait = 0
            } else if line.hasPrefix("! wait ") {
                flushExact()
                guard let minutes = Double(line.dropFirst(7).trimmingCharacters(in: .whitespaces)) else {
                    throw ParseError.syntax(file: path, line: i + 1, message: "`! wait MINUTES`")
                }
                pendingWait += minutes * 60
            } else if line.hasPrefix("! staff ") {
                flushExact()
                let parts = line.dropFirst(8).split(separator: " ", maxSplits: 1).map(String.init)
                guard let status = parts.first else { throw ParseError.syntax(file: path, line: i + 1, message: "`! staff STATUS note`") }
                pendingStaff = (status, parts.count > 1 ? parts[1] : "")
            } else if line.hasPrefix("locale:") {
                locale = LocaleID(String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces))
            } else if line.hasPrefix("channel:") {
                let name = String(line.dropFirst(8)).trimmingCharacters(in: .whitespaces)
                guard let c = Channel(rawValue: name) else {
                    throw ParseError.syntax(file: path, line: i + 1, message: "unknown channel `\(name)`")
                }
                channel = c
            } else {
                throw ParseError.syntax(file: path, line: i + 1, message: "a line must start with >, <, <~, #, locale: or channel:")
            }
        }
        flushExact()
        guard let locale else { throw ParseError.syntax(file: path, line: 1, message: "missing `locale:` header") }
        self.locale = locale
        self.channel = channel
        self.turns = turns
    }

    /// A mismatch between what was expected and what the desk said.
    struct Failure: Sendable, CustomStringConvertible {
        let line: Int
        let said: String
        let expected: Expectation
        let got: String
        var description: String { "line \(line): “\(said)” expected \(expected), got:\n\(got)" }
    }

    /// What a `>` line sends: text, or a WhatsApp pin or photo written `[location LAT,LON name]` /
    /// `[photo MEDIA-ID] caption`.
    static func inbound(_ said: String, channel: Channel, sender: String) -> Inbound {
        guard said.hasPrefix("["), let close = said.firstIndex(of: "]") else { return Inbound(channel: channel, sender: sender, text: said) }
        let inside = said[said.index(after: said.startIndex)..<close].split(separator: " ", maxSplits: 2).map(String.init)
        let after = String(said[said.index(after: close)...]).trimmingCharacters(in: .whitespaces)
        var message = Inbound(channel: channel, sender: sender, text: after)
        if inside.first == "location", inside.count >= 2 {
            let coordinates = inside[1].split(separator: ",").compactMap { Double($0) }
            if coordinates.count == 2 {
                message.attachment = Attachment.pin(
                    latitude: coordinates[0], longitude: coordinates[1], name: inside.count > 2 ? inside[2] : nil)
            }
        } else if inside.first == "photo", inside.count >= 2 {
            message.attachment = .media(id: inside[1], kind: "image")
        }
        return message
    }

    /// Plays the conversation through a desk; returns every reply and every mismatch. On `channel: ussd` each `>`
    /// line is the path the USSD gateway sends (`1*3*98`), answered by the USSD menu.
    func run(on desk: Desk, sender: String = "transcript", clock: TranscriptClock? = nil) async throws -> (replies: [String], failures: [Failure]) {
        try await desk.setLanguage(locale, channel: channel, sender: sender)
        var replies: [String] = []
        var failures: [Failure] = []
        var lastReference: String?
        for turn in turns {
            if let staff = turn.staff {
                guard let reference = lastReference, let status = ComplaintStatus(rawValue: staff.status) else {
                    throw ParseError.syntax(file: path, line: turn.line, message: "`! staff` needs a filed complaint and a known status")
                }
                try await desk.updateStatus(reference: reference, to: status, by: "staff", note: staff.note)
            }
            if turn.wait > 0 {
                guard let clock else { throw ParseError.syntax(file: path, line: turn.line, message: "`! wait` needs a clock") }
                clock.advance(turn.wait)
            }
            let text: String
            if channel == .ussd {
                text = try await USSDMenu(desk: desk).respond(to: turn.said, phone: sender, session: "transcript")
            } else {
                let reply = try await desk.handle(Self.inbound(turn.said, channel: channel, sender: sender))
                if let reference = reply.reference { lastReference = reference }
                text = reply.fullText
            }
            replies.append(text)
            for expectation in turn.expected {
                let ok: Bool
                switch expectation {
                case .exact(let expected): ok = text == expected
                case .contains(let expected): ok = text.contains(expected)
                }
                if !ok { failures.append(Failure(line: turn.line, said: turn.said, expected: expectation, got: text)) }
            }
        }
        return (replies, failures)
    }

    /// The file with every exact (`<`) expectation replaced by the given replies (`RECORD_TRANSCRIPTS=1`).
    func recorded(with replies: [String]) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out: [String] = []
        var turn = -1
        for raw in text.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix(">") {
                turn += 1
                out.append(raw)
                if turn < replies.count, turns[turn].expected.contains(where: { if case .exact = $0 { true } else { false } }) {
                    out += replies[turn].components(separatedBy: "\n").map { "< \($0)" }
                }
            } else if line.hasPrefix("<") && !line.hasPrefix("<~") {
                // Replaced by the recorded reply after its `>` line.
                continue
            } else {
                out.append(raw)
            }
        }
        return out.joined(separator: "\n")
    }
}

/// A clock a transcript can move forward (`! wait`), starting at the tests' fixed time.
final class TranscriptClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)
    let start: Date
    init(start: Date) { self.start = start }
    func advance(_ seconds: TimeInterval) { offset.withLock { $0 += seconds } }
    var now: Date { start.addingTimeInterval(offset.withLock { $0 }) }
}
