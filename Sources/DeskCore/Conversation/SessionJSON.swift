import Foundation

/// Writes a `Session` as the JSON `JSONEncoder` (sorted keys) would — the same keys in the same order, the same
/// values — without the `Codable` machinery, which cost about 2% of a webhook turn's CPU. `Session(record:)` reads
/// it with the ordinary `JSONDecoder` (the two are compared in `DeskStoreTurnPathTests`). A value JSON cannot hold
/// (a non-finite coordinate) returns `nil`, and the caller falls back to `JSONEncoder`.
enum SessionJSON {
    static func encode(_ session: Session) -> String? {
        var w = Writer()
        w.out.reserveCapacity(160 + (session.smsRest?.utf8.count ?? 0))
        w.out.append("{")
        if let v = session.clarifiedText { w.key("clarifiedText"); w.string(v) }
        if let v = session.clarify { w.key("clarify"); w.strings(v) }
        if let v = session.feedbackFor { w.key("feedbackFor"); w.string(v) }
        if let v = session.forgetAsked { w.key("forgetAsked"); w.out.append(v ? "true" : "false") }
        if let v = session.intake { w.key("intake"); w.intake(v) }
        if let v = session.language { w.key("language"); w.string(v.rawValue) }
        if let v = session.lapsed { w.key("lapsed"); w.intake(v) }
        if let v = session.lastSeen { w.key("lastSeen"); w.number(v.timeIntervalSinceReferenceDate) }
        if let v = session.smsRest { w.key("smsRest"); w.string(v) }
        w.out.append("}")
        return w.failed ? nil : w.out
    }

    private struct Writer {
        var out = ""
        var first = true
        var failed = false

        mutating func key(_ name: String) {
            if !first { out.append(",") }
            first = false
            out.append("\"")
            out.append(name)
            out.append("\":")
        }

        mutating func number(_ value: Double) {
            guard value.isFinite else {
                failed = true
                return
            }
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            out.append(text)
        }

        mutating func strings(_ values: [String]) {
            out.append("[")
            for (i, v) in values.enumerated() {
                if i > 0 { out.append(",") }
                string(v)
            }
            out.append("]")
        }

        mutating func intake(_ intake: Intake) {
            // An object of its own: its first key has no comma before it.
            let outer = first
            first = true
            out.append("{")
            key("category"); string(intake.category)
            if let v = intake.description { key("description"); string(v) }
            if let v = intake.latitude { key("latitude"); number(v) }
            if let v = intake.location { key("location"); string(v) }
            if let v = intake.longitude { key("longitude"); number(v) }
            key("media"); strings(intake.media)
            if let v = intake.name { key("name"); string(v) }
            key("nameAsked"); out.append(intake.nameAsked ? "true" : "false")
            if let v = intake.reopen { key("reopen"); string(v) }
            key("step"); string(intake.step.rawValue)
            out.append("}")
            first = outer
        }

        mutating func string(_ value: String) {
            out.append("\"")
            // Most values need no escaping: append them whole.
            if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x2F }) {
                out.append(value)
            } else {
                for scalar in value.unicodeScalars {
                    switch scalar {
                    case "\"": out.append("\\\"")
                    case "\\": out.append("\\\\")
                    case "/": out.append("\\/")
                    case "\n": out.append("\\n")
                    case "\r": out.append("\\r")
                    case "\t": out.append("\\t")
                    case "\u{08}": out.append("\\b")
                    case "\u{0C}": out.append("\\f")
                    case _ where scalar.value < 0x20:
                        let hex = String(scalar.value, radix: 16)
                        out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                    default: out.unicodeScalars.append(scalar)
                    }
                }
            }
            out.append("\"")
        }
    }
}
