import DeskCore
import ArgumentParser
import Foundation
import Intents
import Locales

struct Chat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chat with the desk on standard input: one reply block per line; `/explain` toggles explanations.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "`auto` to detect the language of every message, or a locale code to fix it.")
    var locale: LocaleOption = LocaleOption(argument: "auto")!

    @Option(help: "The citizen's address for this chat session.")
    var from: String = "local"

    func validate() throws {
        if let code = locale.locale, !FileManager.default.fileExists(atPath: "\(options.corpora)/\(code)/locale.yaml") {
            throw ValidationError("no locale `\(code)` in \(options.corpora)")
        }
    }

    func run() async throws {
        let desk = try options.makeDesk(DeskConfiguration(locale: locale.locale))
        let interactive = isatty(STDIN_FILENO) == 1
        var explain = false
        if interactive { print("DeskBot — type a message, /explain to toggle explanations, Ctrl-D to quit.") }
        while true {
            if interactive { print("> ", terminator: ""); fflush(nil) }
            guard let line = readLine(strippingNewline: true) else { break }
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if text == "/explain" {
                explain.toggle()
                print("explanations \(explain ? "on" : "off")\n")
                continue
            }
            let reply = try await desk.handle(Inbound(channel: .chat, sender: from, text: text))
            print(reply.fullText)
            if explain, let c = reply.classification {
                for line in Explanation.lines(for: c) { print("  · \(line)") }
            }
            print("")
            fflush(nil)
        }
    }
}
