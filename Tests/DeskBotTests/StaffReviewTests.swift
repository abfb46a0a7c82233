import Foundation
import Intents
import Locales
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// Issue 12, staff side: teaching the desk from unmatched messages, reopening, read-only commands on a mistyped
/// database, and figures that do not mislead.
@Suite struct StaffReviewTests {
    @Test func promoteMakesTheMessageMatchAndNeverAddsItTwice() throws {
        let dir = try scratchCorpus()
        let teacher = CorpusTeacher(directory: dir)
        let text = "where do i pay parking fines"
        let file = "\(dir)/en/intents.yaml"
        let before = try String(contentsOfFile: file, encoding: .utf8)

        let first = try teacher.promote(text, to: "property_tax", locale: "en")
        #expect(first.change == .added)
        let engine = try Classifier.loaded(corpus: CorpusLoader(directory: dir).load(), directory: dir)
        #expect(engine.classify(text, preferred: "en").intent == "property_tax")
        let once = try String(contentsOfFile: file, encoding: .utf8)
        #expect(once.components(separatedBy: "\n").count == before.components(separatedBy: "\n").count + 1)

        // The same words again (different case and spacing): nothing added, and it already matches.
        let again = try teacher.promote("Where do I  pay parking FINES", to: "property_tax", locale: "en")
        #expect(again.change == .alreadyMatches)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == once)
    }

    @Test func promoteThatCannotWorkIsUndoneWithTheReason() throws {
        let dir = try scratchCorpus(locales: ["en", "fr"])
        let file = "\(dir)/fr/intents.yaml"
        let before = try String(contentsOfFile: file, encoding: .utf8)
        // An English sentence promoted into French: the desk reads it as English, so a French example cannot help.
        #expect {
            try CorpusTeacher(directory: dir).promote("i want to adopt a dog from the shelter", to: "office_hours", locale: "fr")
        } throws: { error in
            guard case CorpusTeacher.TeachError.stillNotMatching(let reason, let explanation) = error else { return false }
            return reason.contains("reads this message as en") && explanation.contains { $0.hasPrefix("decision:") }
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
        #expect {
            try CorpusTeacher(directory: dir).promote("hello", to: "no_such_intent", locale: "en")
        } throws: { error in "\(error)".contains("no intent `no_such_intent`") }
    }

    @Test(arguments: StoreFactory.all) func promotedAndDismissedMessagesLeaveTheList(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            for text in ["where do i pay parking fines", "where do i pay my parking fines", "goats on the roof"] {
                var turn = DeskStoreContractTests.turn(.none)
                turn.unmatched = UnmatchedRecord(locale: "en", text: text, createdAt: Repo.fixedNow)
                _ = try await store.commit(turn)
            }
            let groups = UnmatchedGroups.group(try await store.unmatched())
            #expect(groups.map(\.count) == [2, 1])
            #expect(try await store.removeUnmatched(ids: groups[0].ids) == 2)
            #expect(try await store.unmatched().map(\.text) == ["goats on the roof"])
            #expect(try await store.removeUnmatched(ids: []) == 0)
        }
    }

    @Test func staffReopenClosedAndRejectedComplaints() {
        #expect(ComplaintStatus.closed.next.contains(.inProgress))
        #expect(ComplaintStatus.rejected.next.contains(.inProgress))
        #expect(ComplaintStatus.duplicate.next.contains(.received))
        let message = StoreError.transitionNotAllowed(reference: "CMP-2026-000001", from: "in_progress", to: "received").description
        #expect(message.contains("it can become: resolved, rejected, duplicate"))
        #expect(!message.contains("()"))
    }

    @Test func readOnlyCommandsDoNotCreateAMistypedDatabase() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deskbot-nodb-\(UUID().uuidString)").path
        let path = dir + "/typo.sqlite"
        for arguments in [["complaints", "list"], ["stats"], ["unmatched", "list"], ["complaints", "show", "CMP-2026-000001"]] {
            var command = try DeskBot.parseAsRoot(arguments + ["--db", path])
            let failure = #expect(throws: CommandFailure.self) {
                // The commands are async; `openExistingStore` fails before any await.
                if let c = command as? Complaints.List { _ = try c.options.openExistingStore() }
                else if let c = command as? Stats { _ = try c.options.openExistingStore() }
                else if let c = command as? Unmatched.List { _ = try c.options.openExistingStore() }
                else if let c = command as? Complaints.Show { _ = try c.options.openExistingStore() }
                else { command = command; throw CommandFailure(message: "no database at (unexpected command)") }
            }
            #expect(failure?.message.contains("no database at \(path)") == true)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + ".key"))
    }

    @Test func statsCountAReopenedComplaintAsOpenAndRoundDays() {
        let created = Repo.fixedNow
        let complaints = [
            ComplaintRecord(id: 1, reference: "CMP-2026-000001", year: 2026, serial: 1, category: "water", status: "in_progress",
                            locale: "en", channel: "chat", citizen: "a", description: "no water", createdAt: created, updatedAt: created),
            ComplaintRecord(id: 2, reference: "CMP-2026-000002", year: 2026, serial: 2, category: "water", status: "closed",
                            locale: "en", channel: "chat", citizen: "b", description: "no water", createdAt: created, updatedAt: created),
        ]
        let history = [
            StatusChangeRecord(id: 1, complaintId: 1, fromStatus: "received", toStatus: "resolved", changedBy: "staff", changedAt: created + 3600),
            StatusChangeRecord(id: 2, complaintId: 1, fromStatus: "resolved", toStatus: "in_progress", changedBy: "citizen", changedAt: created + 7200),
            StatusChangeRecord(id: 3, complaintId: 2, fromStatus: "received", toStatus: "resolved", changedBy: "staff", changedAt: created + 6.5),
            StatusChangeRecord(id: 4, complaintId: 2, fromStatus: "resolved", toStatus: "closed", changedBy: "citizen", changedAt: created + 100),
        ]
        let rows = OpenData.rows(complaints: complaints, history: history, feedback: [], by: "category")
        #expect(rows.count == 1)
        #expect(rows[0].resolved == 1)
        #expect(rows[0].open == 1)
        #expect(rows[0].dictionary["median_days_to_resolution"] as? Double == 0)
        #expect(rows[0].fields[4] == "0.00")
    }
}

/// `deskbot check`: every problem has file:line:column and a sentence a clerk can act on; an error in one locale
/// does not hide the others' warnings.
@Suite struct CheckMessageTests {
    @Test func aYAMLErrorIsExplainedAndDoesNotHideOtherWarnings() throws {
        let dir = try scratchCorpus(locales: ["en", "fr"])
        try CorpusEditor(directory: dir).add("where is the municipal office located", to: "examples", of: "goodbye", locale: "en")
        let file = "\(dir)/fr/intents.yaml"
        var lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        let at = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- ") })
        lines[at] += " : oops: here"
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)

        let problems = CorpusChecker(directory: dir).check()
        let error = try #require(problems.first { $0.severity == .error })
        #expect(error.file == file && error.line == at + 1 && error.column != nil)
        #expect(error.message.contains("put the whole text in double quotes"))
        #expect(problems.contains { $0.severity == .warning && $0.file.hasSuffix("en/intents.yaml") && $0.message.contains("`goodbye`") })
        #expect(problems.allSatisfy { $0.line != nil || $0.severity == .error })
    }

    @Test(arguments: [
        ("greeting:\n  keywords: [hello, hi\n", "is not closed"),
        ("greeting:\n  keywords: hello: hi\n", "double quotes"),
        ("greeting:\n\tkeywords: [hello]\n", "tab"),
        ("greeting:\n  examples:\n    - \"hello \\q\"\n", "backslash"),
    ])
    func libyamlProblemsReadAsSentences(_ source: String, _ expected: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("deskbot-yaml-\(UUID().uuidString).yaml").path
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        let problem = try #require(YAMLFile(path: path).problems.first)
        #expect(problem.line != nil && problem.column != nil)
        #expect(problem.message.contains(expected), "\(problem)")
    }
}

@Suite struct StaffAddedIntentTests {
    @Test func anFAQInOneLocaleIsAWarningAndANewComplaintCategoryAnError() throws {
        let dir = try scratchCorpus(locales: ["en", "fr"])
        let keywords = "[parking fine, parking ticket, clamped, towed, traffic fine, penalty notice, wheel clamp, parking meter]"
        let examples = ["where do I pay a parking fine", "my car was clamped", "how to pay a parking ticket", "my car was towed away", "I got a penalty notice"]
        func add(_ id: String) throws {
            let block = "\n\(id):\n  keywords: \(keywords)\n  examples:\n" + examples.map { "    - \($0)\n" }.joined()
            let handle = try #require(FileHandle(forWritingAtPath: "\(dir)/en/intents.yaml"))
            handle.seekToEndOfFile()
            handle.write(Data(block.utf8))
            try handle.close()
            let replies = try #require(FileHandle(forWritingAtPath: "\(dir)/en/replies.yaml"))
            replies.seekToEndOfFile()
            replies.write(Data("\n\(id): \"Pay parking fines at the {office_name}.\"\n".utf8))
            try replies.close()
        }
        try add("parking_fines")
        var problems = CorpusChecker(directory: dir).check()
        let warning = try #require(problems.first { $0.message.contains("`parking_fines`") })
        #expect(warning.severity == .warning && warning.line != nil && warning.message.contains("not in fr"))
        #expect(!problems.contains { $0.severity == .error })

        try add("complaint_parking")
        problems = CorpusChecker(directory: dir).check()
        #expect(problems.contains { $0.severity == .error && $0.message.contains("`complaint_parking` is not in the catalog") })
    }
}
