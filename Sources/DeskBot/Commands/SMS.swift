import DeskCore
import ArgumentParser
import Foundation
import Locales

struct SMS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send one SMS to the desk as a feature phone would, and print the reply.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "The sender's phone number.")
    var from: String

    @Option(help: "`auto` to detect the language, or a locale code.")
    var locale: LocaleOption = LocaleOption(argument: "auto")!

    @Option(help: "The most SMS segments one reply may use.")
    var maxSegments: Int = 3

    @Flag(help: "Also print the reply's encoding, character count and segment count.")
    var segments = false

    @Argument(help: "The message text, e.g. \"C WATER no water in block 6\".")
    var text: String

    func validate() throws {
        guard maxSegments >= 1 && maxSegments <= 10 else { throw ValidationError("--max-segments must be 1…10") }
    }

    func run() async throws {
        let desk = try options.makeDesk(DeskConfiguration(locale: locale.locale, maxSegments: maxSegments))
        let reply = try await desk.handle(Inbound(channel: .sms, sender: from, text: text))
        print(reply.text)
        if segments { print("-- \(SMSAnalysis(reply.text))") }
    }
}
