import Foundation
import Intents
import Locales
import Yams

/// Reads `corpora/` (settings.yaml and one folder per locale) into a `Corpus`, checking every file and reporting
/// all problems at once.
package struct CorpusLoader {
    package let directory: String
    package init(directory: String) { self.directory = directory }

    package struct Result {
        package let corpus: Corpus
        package let problems: [CorpusProblem]
        package var errors: [CorpusProblem] { problems.filter { $0.severity == .error } }
    }

    /// Loads and checks; throws `CorpusError.invalid` when any error was found.
    package func load() throws(CorpusError) -> Corpus {
        let result = read()
        guard result.errors.isEmpty else { throw .invalid(result.problems) }
        return result.corpus
    }

    /// Loads whatever can be loaded and returns it with every problem found.
    package func read() -> Result {
        var problems: [CorpusProblem] = []
        let settingsFile = YAMLFile(path: path("settings.yaml"))
        let settings = readSettings(settingsFile)
        problems += settingsFile.problems

        var packs: [LocaleID: LocalePack] = [:]
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        if folders.isEmpty {
            problems.append(CorpusProblem(file: directory, line: nil, column: nil, message: "no corpora folder here"))
        }
        for folder in folders.sorted() {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path(folder), isDirectory: &isDir), isDir.boolValue,
                FileManager.default.fileExists(atPath: path(folder, "locale.yaml"))
            else { continue }
            let (pack, packProblems) = LocalePackReader(directory: path(folder), folder: folder, settings: settings).read()
            problems += packProblems
            if var pack {
                pack.ratingWords = DialogueWordsReader(path: path(folder, "ratings.yaml")).read(&problems)
                pack.topicOrder = DialogueWordsReader.topicOrder(smsFile: path(folder, "sms.yaml"))
                packs[pack.info.code] = pack
            }
        }
        if packs.isEmpty {
            problems.append(CorpusProblem(file: directory, line: nil, column: nil, message: "no locale folder with a locale.yaml"))
        }
        var corpus = Corpus(settings: settings, packs: packs)
        problems += CivicLoader(directory: directory).attach(to: &corpus)
        return Result(corpus: corpus, problems: problems)
    }

    private func readSettings(_ file: YAMLFile) -> [String: SettingValue] {
        var settings: [String: SettingValue] = [:]
        var typed: [(String, Node.Mapping, Node)] = []
        for (key, node) in file.topMapping() {
            if let text = node.scalar?.string {
                settings[key] = SettingValue(text)
            } else if let mapping = node.mapping, SettingsReader.isTyped(file.pairs(mapping).map(\.0)) {
                typed.append((key, mapping, node))
            } else if let mapping = node.mapping {
                var perLocale: [LocaleID: String] = [:]
                var fallback: String?
                for (code, value) in file.pairs(mapping) {
                    guard let text = file.string(value, "\(key).\(code)") else { continue }
                    if code == "default" { fallback = text } else { perLocale[LocaleID(code)] = text }
                }
                if fallback == nil { file.report("setting `\(key)` needs a `default` value", at: node) }
                settings[key] = SettingValue(fallback ?? "", perLocale: perLocale)
            } else {
                file.report("setting `\(key)` must be a text or a map of language → text", at: node)
            }
        }
        // Typed facts after the texts: money takes its currency from the `currency` setting.
        let reader = SettingsReader(file: file, currency: settings["currency"]?.defaultText)
        for (key, mapping, node) in typed {
            if let value = reader.typed(key, mapping, at: node) { settings[key] = value }
        }
        return settings
    }

    private func path(_ parts: String...) -> String {
        ([directory] + parts).joined(separator: "/")
    }
}
