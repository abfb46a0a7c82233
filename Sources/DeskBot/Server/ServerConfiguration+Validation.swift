import DeskCore
import Foundation
import Yams

/// One problem in the server configuration, located like a corpus problem.
struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    var file: String?
    var line: Int?
    /// The dotted key (`twilio.auth_token`), when the problem is about one.
    var key: String?
    var message: String

    var description: String {
        let place = [file, line.map(String.init)].compactMap { $0 }.joined(separator: ":")
        return (place.isEmpty ? "" : place + ": ") + message
    }
}

/// The server configuration cannot be used; every problem found is listed.
struct ConfigError: Error, CustomStringConvertible {
    var problems: [ConfigProblem]
    var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// What a configuration key may hold.
indirect enum ConfigValue: Sendable {
    case string, url, bool
    case int(ClosedRange<Int>)
    case number(ClosedRange<Double>)
    case oneOf([String])
    case section([String: ConfigValue])
    /// A mapping with free keys (locales), each holding `value`.
    case map(ConfigValue)
}

extension ServerConfiguration {
    /// Every key the file may have, and what it may hold.
    static let schema: [String: ConfigValue] = {
        let secret = ConfigValue.string
        let insecure = ConfigValue.bool
        return [
            "public_url": .url, "body_limit": .int(1024...100_000_000), "rate_limit_per_minute": .int(0...1_000_000),
            "request_timeout_seconds": .number(0.1...3600),
            // At least a week: gateways retry for days, and the ledger must remember their message ids.
            "retention_days": .int(7...36_500),
            "twilio": .section([
                "auth_token": secret, "account_sid": .string, "from": .string, "whatsapp_from": .string,
                "messaging_service_sid": .string, "api_base_url": .url, "status_callbacks": .bool, "insecure": insecure,
                "whatsapp_window_hours": .number(1...168), "whatsapp_templates": .map(.string),
            ]),
            "whatsapp": .section([
                "verify_token": secret, "app_secret": secret, "access_token": secret, "phone_number_id": .string,
                "api_base_url": .url, "window_hours": .number(1...168), "insecure": insecure,
                "templates": .map(.section(["name": .string, "language": .string])),
            ]),
            "telegram": .section(["bot_token": secret, "secret_token": secret, "api_base_url": .url, "insecure": insecure]),
            "africastalking": .section([
                "username": .string, "api_key": secret, "sender": .string, "callback_token": secret, "api_base_url": .url,
                "insecure": insecure,
            ]),
            "kannel": .section([
                "token": secret, "insecure": insecure, "send_url": .url, "username": .string, "password": secret, "from": .string,
                "dlr_mask": .int(0...31), "dlr_base_url": .url,
            ]),
            "generic": .section(["hmac_key": secret, "insecure": insecure]),
            "ussd": .section(["notify_via": .oneOf(["africastalking", "twilio", "kannel"])]),
            "outbox": .section(["give_up_after_seconds": .number(60...30 * 86400), "lease_seconds": .number(1...3600)]),
            "civic": .section(CivicServerConfiguration.schema),
            "console": Console.schema,
        ]
    }()

    /// Validates and decodes a configuration file's text.
    /// - Throws: `ConfigError` listing every problem: broken YAML (file:line), unknown keys (with "did you mean …?"),
    ///   values of the wrong type or out of range.
    static func parse(_ text: String, file: String?) throws -> ServerConfiguration {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError(problems: [Self.problem(error, file: file)])
        }
        guard let node else { return ServerConfiguration() }
        var problems: [ConfigProblem] = []
        guard case .mapping = node else {
            throw ConfigError(problems: [ConfigProblem(file: file, line: node.mark?.line, key: nil, message: "the configuration must be a mapping of keys to values")])
        }
        check(node, against: .section(schema), path: "", file: file, into: &problems)
        guard problems.isEmpty else { throw ConfigError(problems: problems) }
        var config: ServerConfiguration
        do {
            config = try YAMLDecoder().decode(ServerConfiguration.self, from: text)
        } catch {
            throw ConfigError(problems: [ConfigProblem(file: file, line: nil, key: nil, message: "cannot read the configuration: \(error.localizedDescription)")])
        }
        config.file = file
        for (key, _) in node.mapping ?? [:] { if let name = key.string { config.sections[name] = key.mark?.line } }
        return config
    }

    private static func check(_ node: Node, against value: ConfigValue, path: String, file: String?, into problems: inout [ConfigProblem]) {
        func bad(_ message: String) {
            problems.append(ConfigProblem(file: file, line: node.mark?.line, key: path, message: "\(path): \(message)"))
        }
        let scalar = node.scalar
        // An empty value (`twilio:` alone) is an empty section.
        let isNull = scalar.map { $0.string.isEmpty || $0.string == "~" || $0.string == "null" } ?? false
        switch value {
        case .section(let keys):
            if isNull { return }
            guard let mapping = node.mapping else { return bad("expected a section of keys") }
            for (key, child) in mapping {
                let name = key.string ?? ""
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                guard let expected = keys[name] else {
                    var message = "unknown key \(childPath)"
                    if let suggestion = suggest(name, among: Array(keys.keys)) { message += "; did you mean \(suggestion)?" }
                    problems.append(ConfigProblem(file: file, line: key.mark?.line, key: childPath, message: message))
                    continue
                }
                check(child, against: expected, path: childPath, file: file, into: &problems)
            }
        case .map(let inner):
            if isNull { return }
            guard let mapping = node.mapping else { return bad("expected a mapping (e.g. by locale)") }
            for (key, child) in mapping { check(child, against: inner, path: "\(path).\(key.string ?? "")", file: file, into: &problems) }
        case .string:
            guard let scalar else { return bad("expected text") }
            if scalar.string.isEmpty { bad("is empty") }
        case .url:
            guard let scalar, let url = URL(string: scalar.string), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
            else { return bad("expected an http:// or https:// URL, got \(node.scalar.map { "\"\($0.string)\"" } ?? "a section")") }
        case .bool:
            guard let scalar, Bool.construct(from: scalar) != nil else { return bad("expected true or false") }
        case .int(let range):
            guard let scalar, let n = Int(scalar.string) else { return bad("expected a whole number") }
            if !range.contains(n) { bad("\(n) is out of range \(range.lowerBound)…\(range.upperBound)") }
        case .number(let range):
            guard let scalar, let n = Double(scalar.string) else { return bad("expected a number") }
            if !range.contains(n) { bad("\(scalar.string) is out of range \(range.lowerBound)…\(range.upperBound)") }
        case .oneOf(let choices):
            guard let scalar, choices.contains(scalar.string) else {
                var message = "expected one of \(choices.joined(separator: ", "))"
                if let given = scalar?.string, let suggestion = suggest(given, among: choices) { message += "; did you mean \(suggestion)?" }
                return bad(message)
            }
        }
    }

    /// The closest known name, if it is close enough to be a typo.
    static func suggest(_ name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        var best = ""
        var d = Int.max
        for candidate in candidates.sorted() {
            let distance = distance(lowered, candidate)
            if distance < d { (best, d) = (candidate, distance) }
        }
        guard !best.isEmpty else { return nil }
        if d <= max(2, best.count / 3) || best.hasPrefix(name) || name.hasPrefix(best) { return best }
        return nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a: [Character] = Array(a)
        let b: [Character] = Array(b)
        if a.isEmpty { return b.count }
        var row: [Int] = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let saved = row[j]
                let substitution = previous + (a[i - 1] == b[j - 1] ? 0 : 1)
                row[j] = Swift.min(row[j] + 1, row[j - 1] + 1, substitution)
                previous = saved
            }
        }
        return row[b.count]
    }

    private static func problem(_ error: YamlError, file: String?) -> ConfigProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let started = context.map { $0.text.isEmpty ? nil : "\($0.text) started at line \($0.mark.line)," } ?? nil
            let detail = [started, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return ConfigProblem(file: file, line: mark.line, key: nil, message: "not valid YAML: \(detail) (column \(mark.column))")
        default:
            return ConfigProblem(file: file, line: nil, key: nil, message: "not valid YAML: \(error)")
        }
    }
}
