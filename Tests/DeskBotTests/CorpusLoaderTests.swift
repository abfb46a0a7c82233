import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// Broken fixture corpora: every problem is reported at once, with file and line.
@Suite struct CorpusLoaderTests {
    let broken = CorpusLoader(directory: "\(Repo.fixtures)/broken").read().problems

    private func find(_ file: String, _ text: String) -> CorpusProblem? {
        broken.first { $0.file.hasSuffix(file) && $0.message.contains(text) }
    }

    @Test func malformedYAMLNamesFileAndLine() async throws {
        let problems = CorpusLoader(directory: "\(Repo.fixtures)/syntax").read().problems
        let problem = try #require(problems.first { $0.file.hasSuffix("en/intents.yaml") })
        #expect(problem.message.contains("(YAML: "))
        #expect(problem.line == 3)
        #expect(problem.description.hasPrefix("\(Repo.fixtures)/syntax/en/intents.yaml:3:"))
    }

    @Test func settingWithoutDefaultIsAnError() async throws {
        let p = try #require(find("settings.yaml", "needs a `default`"))
        #expect(p.line == 3 && p.severity == .error)
    }

    @Test func unknownKeyIsAWarningWithItsLine() async throws {
        let p = try #require(find("en/locale.yaml", "unknown key `colour`"))
        #expect(p.line == 6 && p.severity == .warning)
    }

    @Test func badWeightIsAnError() async throws {
        let p = try #require(find("en/intents.yaml", "weight of `hours`"))
        #expect(p.line == 7 && p.severity == .error)
    }

    @Test func unknownPlaceholderIsAnError() async throws {
        let p = try #require(find("en/replies.yaml", "{opening_time}"))
        #expect(p.line == 2)
    }

    @Test func missingCatalogIntentsAndRepliesAreAllReported() {
        #expect(find("en/intents.yaml", "catalog intent `complaint_status` is missing") != nil)
        #expect(find("en/replies.yaml", "required reply `fallback` is missing") != nil)
        #expect(find("en/replies.yaml", "no reply for intent `water_bill`") != nil)
        #expect(find("en/out_of_scope.yaml", "at least 20") != nil)
        #expect(find("en/intents.yaml", "at least 8") != nil)
        #expect(broken.filter { $0.severity == .error }.count > 20)
    }

    @Test func loadThrowsWithEveryProblem() {
        #expect(throws: CorpusError.self) { try CorpusLoader(directory: "\(Repo.fixtures)/broken").load() }
    }
}
