import DeskCore
import ArgumentParser
import Foundation
import Intents
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the webhook server for SMS/chat gateways (Twilio, WhatsApp, Telegram, Africa's Talking, Kannel, generic JSON).")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Server configuration (YAML): public URL, limits, provider secrets. Secrets may come from DESKBOT_* variables instead.")
    var config: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Flag(help: "Validate the server configuration (keys, values, channel authentication) and exit without starting.")
    var checkConfig = false

    func run() async throws {
        var logger = Logger(label: "deskbot")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let settings: ServerConfiguration
        do {
            settings = try ServerConfiguration.load(file: config, environment: ProcessInfo.processInfo.environment)
            // Fail closed: an enabled channel without authentication refuses the start unless it says insecure.
            let (errors, warnings) = settings.securityProblems()
            if !errors.isEmpty { throw ConfigError(problems: errors) }
            for warning in warnings { logger.warning("\(warning)") }
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        if checkConfig {
            print("configuration OK" + (config.map { ": \($0)" } ?? ""))
            return
        }
        let (store, hasher) = try options.openStore()
        try await options.prepare(store)
        let corpus = try options.loadCorpus()
        let desk = try Desk(
            corpus: corpus, configuration: DeskConfiguration(), store: store, hasher: hasher,
            engine: Classifier.loaded(corpus: corpus, directory: options.corpora))
        let services = DeskServices(desk: desk, config: settings, logger: logger, singleNode: !options.usesPostgres)
        let app = buildApplication(
            services: services, config: settings, host: host, port: port, logger: logger, corpora: options.corpora)
        do {
            try await app.runService()
        } catch is CancellationError {
            // SIGTERM/SIGINT: a graceful shutdown, not an error.
        }
        // After the services stopped: the PostgreSQL pool's connections close.
        await options.close(store)
    }
}
