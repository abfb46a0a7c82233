import Foundation
import Intents
import Locales
import Testing

@testable import DeskBot
@testable import DeskCore

/// Routing from the bundled departments.yaml, places across scripts and spellings, and `deskbot check`'s
/// file:line reports for a broken departments.yaml.
@Suite struct CivicRoutingTests {
    static let router = CivicRouter(directory: Repo.corpus.civic, words: { Repo.engine.words($0, in: $1) })

    struct Place: Sendable, CustomTestStringConvertible {
        let locale: LocaleID
        let text: String
        let area: String?
        var testDescription: String { "\(locale): \(text)" }
    }

    static let places: [Place] = [
        Place(locale: "en", text: "no water in G-9 Markaz since Monday", area: "g9-markaz"),
        Place(locale: "en", text: "g9 markaz, near the mosque", area: "g9-markaz"),
        Place(locale: "ur-Latn", text: "G9 markaz mein pani nahi aa raha", area: "g9-markaz"),
        Place(locale: "ur", text: "جی نائن مرکز میں پانی نہیں آ رہا", area: "g9-markaz"),
        Place(locale: "ur", text: "جی-9 مرکز", area: "g9-markaz"),
        Place(locale: "hi", text: "जी-9 मरकज़ में पानी नहीं आ रहा", area: "g9-markaz"),
        // The nukta is written or left out: the same place.
        Place(locale: "hi", text: "जी-9 मरकज में पानी नहीं", area: "g9-markaz"),
        Place(locale: "ar", text: "لا يوجد ماء في بلوك 4", area: "block-4"),
        Place(locale: "fr", text: "pas d'eau au Bloc 4", area: "block-4"),
        Place(locale: "en", text: "pothole on Market Road", area: "market-road"),
        // Not G-9 Markaz: G-10, and a "9" that is not a place.
        Place(locale: "en", text: "no water in G-10 for 9 days", area: "g10"),
        Place(locale: "en", text: "no water for 9 days in the market", area: nil),
    ]

    @Test(arguments: places) func findsTheAreaAcrossScriptsAndSpellings(_ p: Place) {
        #expect(Self.router.area(in: p.text, locale: p.locale)?.code == p.area)
    }

    struct Route: Sendable, CustomTestStringConvertible {
        let category: String
        let text: String
        let department: String
        var testDescription: String { "\(category): \(text) → \(department)" }
    }

    static let routes: [Route] = [
        Route(category: "water", text: "no water in G-9 Markaz", department: "water"),
        Route(category: "sewage", text: "drain blocked in Block 4", department: "water"),
        Route(category: "garbage", text: "bins overflowing", department: "sanitation"),
        Route(category: "streetlight", text: "light off on Market Road", department: "roads"),
        // Area rule: noise on Market Road goes to markets; elsewhere to the default.
        Route(category: "noise", text: "loud music on Market Road every night", department: "markets"),
        Route(category: "noise", text: "loud music in G-9 Markaz", department: "municipal"),
        // Word rule.
        Route(category: "general", text: "a vendor blocks the pavement", department: "markets"),
        Route(category: "general", text: "the park is not maintained", department: "municipal"),
        Route(category: "corruption", text: "an officer asked for a bribe", department: "integrity"),
    ]

    @Test(arguments: routes) func routesByTheRulesFirstMatchWinsElseTheDefault(_ r: Route) {
        let area = Self.router.area(in: r.text, locale: "en")
        #expect(Self.router.department(category: r.category, area: area, text: r.text, locale: "en")?.code == r.department)
    }

    @Test func bundledDepartmentsAndServiceLevelsLoadClean() {
        let (civic, problems) = CivicLoader(directory: Repo.corpora).read()
        #expect(problems.isEmpty, "\(problems)")
        #expect(civic?.serviceLevelDays("water") == 3)
        #expect(civic?.serviceLevelDays("streetlight") == 7)
        #expect(civic?.serviceLevelDays("road") == 20)
        #expect(civic?.departments["water"]?.supervisor == .email("water.director@riverside.example.org"))
        #expect(civic?.departments["sanitation"]?.contact == .sms("+15550100201"))
    }

    // MARK: - deskbot check

    static let broken = """
        sms_channel: kannel
        default: nowhere
        departments:
          water:
            name: Water
            contact: {email: water@example.org}
            supervisor: {email: boss@example.org}
          roads:
            name: Roads
            supervisor: {sms: "12345"}
        areas:
          g9:
            - G-9 Markaz
          g9-again:
            - g9 markaz
        rules:
          - category: watr
            department: water
          - category: road
            areas: [g11]
            department: highways
        """

    @Test func checkReportsEveryDepartmentsProblemWithFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("civic-check-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.broken.write(toFile: "\(dir)/departments.yaml", atomically: true, encoding: .utf8)
        try "service_level_days_water: \"3\"\nservice_level_days_parks: \"5\"\nduplicate_window_days: soon\n"
            .write(toFile: "\(dir)/settings.yaml", atomically: true, encoding: .utf8)
        let (_, problems) = CivicLoader(directory: dir).read()
        let lines = problems.map { "\(($0.file as NSString).lastPathComponent):\($0.line.map(String.init) ?? "?") \($0.message)" }
        func has(_ file: String, _ line: Int, _ words: String) -> Bool {
            lines.contains { $0.hasPrefix("\(file):\(line) ") && $0.contains(words) }
        }
        // Lines as an editor numbers them (from 1), as `deskbot check` prints them.
        #expect(has("departments.yaml", 2, "default department `nowhere`"), "\(lines)")
        #expect(has("departments.yaml", 9, "department `roads`: contact is missing"), "\(lines)")
        #expect(has("departments.yaml", 10, "international form"), "\(lines)")
        #expect(has("departments.yaml", 15, "duplicate area spelling `g9 markaz`"), "\(lines)")
        #expect(has("departments.yaml", 17, "unknown category `watr`"), "\(lines)")
        #expect(has("departments.yaml", 20, "unknown area `g11`"), "\(lines)")
        #expect(has("departments.yaml", 21, "unknown department `highways`"), "\(lines)")
        #expect(has("settings.yaml", 2, "unknown category `parks`"), "\(lines)")
        #expect(has("settings.yaml", 3, "`duplicate_window_days` must be a whole number"), "\(lines)")
        #expect(problems.allSatisfy { $0.severity == .error })
    }

    @Test func checkOnTheBundledCorporaStaysClean() {
        let problems = CorpusChecker(directory: Repo.corpora).check().filter { $0.severity == .error }
        #expect(problems.isEmpty, "\(problems)")
    }
}
