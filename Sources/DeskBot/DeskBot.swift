import DeskCore
import ArgumentParser

@main
struct DeskBot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deskbot",
        abstract: "A multilingual service desk for local governments.",
        subcommands: [Chat.self, Classify.self, Explain.self, Check.self, Eval.self, CrossValidate.self, Bench.self, SMS.self, Serve.self, Complaints.self, Stats.self, Unmatched.self, Privacy.self, Migrate.self, Open311Command.self, Staff.self],
        defaultSubcommand: Chat.self
    )
}
