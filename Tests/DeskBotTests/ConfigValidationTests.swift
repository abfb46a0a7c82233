import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// The server configuration is validated like the corpora, and `serve` fails closed.
@Suite struct ConfigValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let yaml: String
        let line: Int
        let message: String
        var testDescription: String { message }
    }

    /// One case per configuration error message.
    static let errors: [Case] = [
        Case(yaml: "public_url: https://desk.example.gov\ntwillio:\n  auth_token: x\n", line: 2, message: "unknown key twillio; did you mean twilio?"),
        Case(yaml: "rate_limit_per_min: 10\n", line: 1, message: "unknown key rate_limit_per_min; did you mean rate_limit_per_minute?"),
        Case(yaml: "twilio:\n  auth_tokn: x\n", line: 2, message: "unknown key twilio.auth_tokn; did you mean auth_token?"),
        Case(yaml: "colour: blue\n", line: 1, message: "unknown key colour"),
        Case(yaml: "body_limit: big\n", line: 1, message: "body_limit: expected a whole number"),
        Case(yaml: "body_limit: 10\n", line: 1, message: "body_limit: 10 is out of range 1024…100000000"),
        Case(yaml: "request_timeout_seconds: soon\n", line: 1, message: "request_timeout_seconds: expected a number"),
        Case(yaml: "public_url: desk.example.gov\n", line: 1, message: "public_url: expected an http:// or https:// URL, got \"desk.example.gov\""),
        Case(yaml: "kannel:\n  token: t\n  insecure: maybe\n", line: 3, message: "kannel.insecure: expected true or false"),
        Case(yaml: "ussd:\n  notify_via: kanel\n", line: 2, message: "ussd.notify_via: expected one of africastalking, twilio, kannel; did you mean kannel?"),
        Case(yaml: "twilio: yes please\n", line: 1, message: "twilio: expected a section of keys"),
        Case(yaml: "whatsapp:\n  templates:\n    ur:\n      nam: x\n", line: 4, message: "unknown key whatsapp.templates.ur.nam; did you mean name?"),
        Case(yaml: "kannel:\n  token: \"\"\n", line: 2, message: "kannel.token: is empty"),
        Case(yaml: "twilio:\n  auth_token: [unclosed\n", line: 3, message: "not valid YAML"),
        Case(yaml: "- a list\n", line: 1, message: "the configuration must be a mapping of keys to values"),
    ]

    @Test(arguments: errors) func namesTheKeyTheLineAndASuggestion(_ c: Case) throws {
        // Given a configuration file with one mistake
        // When it is loaded
        let error = try #require(throws: ConfigError.self) { try ServerConfiguration.parse(c.yaml, file: "deskbot-server.yaml") }
        // Then the problem names the file, the line and the key, with a suggestion
        let problem = try #require(error.problems.first)
        #expect(problem.description.hasPrefix("deskbot-server.yaml:\(c.line): "), "\(problem)")
        #expect(problem.message.contains(c.message), "\(problem)")
        #expect(!error.description.contains("DecodingError"))
    }

    @Test func reportsEveryProblemAtOnce() throws {
        let error = try #require(throws: ConfigError.self) {
            try ServerConfiguration.parse("twillio: {}\nrate_limit_per_min: 3\nbody_limit: x\n", file: "c.yaml")
        }
        #expect(error.problems.map(\.line) == [1, 2, 3])
    }

    @Test func aValidFileDecodesWithDefaults() throws {
        let config = try ServerConfiguration.parse(
            """
            public_url: https://desk.example.gov
            kannel:
              token: k
              username: desk
              password: pw
            whatsapp:
              app_secret: s
              verify_token: v
              templates:
                ur: {name: status_update, language: ur}
            outbox:
              give_up_after_seconds: 3600
            """, file: "ok.yaml")
        #expect(config.kannel.sendURL == "http://127.0.0.1:13013")
        #expect(config.kannel.dlrMask == 31)
        #expect(config.whatsapp.templates["ur"]?.language == "ur")
        #expect(config.outbox.giveUpAfterSeconds == 3600)
        #expect(config.sections["kannel"] == 2)
        #expect(config.securityProblems().errors.isEmpty)
    }

    // MARK: - Fail closed

    struct Rule: Sendable, CustomTestStringConvertible {
        let section: String
        let yaml: String
        var testDescription: String { section }
    }

    /// One rule per channel: enabled without its secret refuses to start.
    static let rules: [Rule] = [
        Rule(section: "twilio", yaml: "twilio:\n  account_sid: AC1\n"),
        Rule(section: "whatsapp", yaml: "whatsapp:\n  access_token: t\n  phone_number_id: \"1\"\n"),
        Rule(section: "telegram", yaml: "telegram:\n  bot_token: \"1:A\"\n"),
        Rule(section: "africastalking", yaml: "africastalking:\n  username: app\n  api_key: k\n"),
        Rule(section: "kannel", yaml: "kannel:\n  username: desk\n  password: pw\n"),
        Rule(section: "generic", yaml: "generic:\n"),
    ]

    @Test(arguments: rules) func anEnabledChannelWithoutAuthenticationRefusesToStart(_ rule: Rule) throws {
        let config = try ServerConfiguration.parse(rule.yaml, file: "s.yaml")
        let (errors, warnings) = config.securityProblems()
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(warnings.isEmpty)
        #expect(error.key == rule.section)
        #expect(error.description.hasPrefix("s.yaml:1: \(rule.section) is enabled without authentication"), "\(error)")
        #expect(error.message.contains("insecure: true"))
    }

    @Test(arguments: rules) func insecureTrueStartsWithAWarning(_ rule: Rule) throws {
        let yaml = rule.yaml.hasSuffix(":\n") ? rule.yaml + "  insecure: true\n" : rule.yaml + "  insecure: true\n"
        let config = try ServerConfiguration.parse(yaml, file: "s.yaml")
        let (errors, warnings) = config.securityProblems()
        #expect(errors.isEmpty)
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("\(rule.section) accepts unauthenticated requests") == true)
    }

    @Test func aSecretFromTheEnvironmentSatisfiesTheRule() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("deskbot-env-\(UUID().uuidString).yaml")
        try "kannel:\n  username: desk\n  password: pw\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let config = try ServerConfiguration.load(file: file.path, environment: ["DESKBOT_KANNEL_TOKEN": "from-env"])
        #expect(config.securityProblems().errors.isEmpty)
    }

    @Test func noFileMeansNoChannelEnabled() throws {
        let config = try ServerConfiguration.load(file: nil, environment: [:])
        #expect(config.securityProblems().errors.isEmpty)
    }

    @Test func unconfiguredKannelAndAfricasTalkingCallbacksAreRefused() async throws {
        var config = WebhookFixture.config
        config.kannel.insecure = false
        config.africastalking.insecure = false
        let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory(), config: config)
        try await app.test(.router) { client in
            try await client.execute(uri: "/webhook/kannel?sender=%2B254700000001&id=x1&text=hello", method: .get) { r in
                #expect(r.status == .serviceUnavailable)
            }
            let form = WebhookFixture.form([("from", "+254711082999"), ("to", "20880"), ("text", "STOP"), ("id", "ATX9")])
            try await client.execute(uri: "/webhook/africastalking/sms", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: form) { r in
                #expect(r.status == .serviceUnavailable)
            }
        }
    }

    // MARK: - serve --check-config

    func file(_ yaml: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("deskbot-check-\(UUID().uuidString).yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func checkConfigAcceptsAGoodFileWithoutStarting() async throws {
        let path = try file("kannel:\n  token: t\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let serve = try Serve.parse(["--check-config", "--config", path, "--db", ":memory:"])
        try await serve.run()
    }

    @Test func checkConfigRejectsATypoAndAnOpenChannel() async throws {
        for yaml in ["twillio:\n  auth_token: x\n", "kannel:\n  username: desk\n"] {
            let path = try file(yaml)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let serve = try Serve.parse(["--check-config", "--config", path, "--db", ":memory:"])
            await #expect(throws: ExitCode.self) { try await serve.run() }
        }
    }
}
