import Foundation
import Intents
import Locales
import Yams

/// Reads and checks one locale folder.
package struct LocalePackReader {
    package let directory: String
    package let folder: String
    package let settings: [String: SettingValue]

    package static let localeKeys: Set<String> = [
        "code", "name", "native_name", "script", "direction", "names", "stop_words", "yes", "no", "cancel", "not_fixed",
        "location_markers", "location_postposition", "icu_locale", "weekday_range",
    ]
    package static let intentKeys: Set<String> = ["keywords", "phrases", "patterns", "negative", "examples"]
    package static let smsKeys: Set<String> = ["help", "complaint", "status", "language", "info", "stop", "start", "forget", "categories", "topics"]

    package func read() -> (LocalePack?, [CorpusProblem]) {
        let localeFile = YAMLFile(path: "\(directory)/locale.yaml")
        let intentsFile = YAMLFile(path: "\(directory)/intents.yaml")
        let repliesFile = YAMLFile(path: "\(directory)/replies.yaml")
        let scopeFile = YAMLFile(path: "\(directory)/out_of_scope.yaml")
        let smsFile = YAMLFile(path: "\(directory)/sms.yaml", required: false)

        let info = readInfo(localeFile)
        let rules = readIntents(intentsFile)
        let (replies, smsReplies) = readReplies(repliesFile, intents: rules.map(\.id))
        let outOfScope = readOutOfScope(scopeFile)
        let sms = readSMS(smsFile)
        let variantsPath = "\(directory)/variants.txt"
        let variants = try? String(contentsOfFile: variantsPath, encoding: .utf8)
        var problems = [localeFile, intentsFile, repliesFile, scopeFile, smsFile].flatMap(\.problems)
        if let variants, let code = info?.code {
            do { _ = try Normalizer(locale: code, variantRules: variants) } catch {
                problems.append(CorpusProblem(file: variantsPath, line: nil, column: nil, message: error.description))
            }
        }
        guard let info else { return (nil, problems) }
        let pack = LocalePack(
            info: info, rules: rules, replies: replies, smsReplies: smsReplies, outOfScope: outOfScope, sms: sms,
            variantRules: variants)
        return (pack, problems)
    }

    // MARK: - locale.yaml

    private func readInfo(_ file: YAMLFile) -> LocaleInfo? {
        guard file.root != nil else { return nil }
        let fields = Dictionary(file.topMapping(), uniquingKeysWith: { first, _ in first })
        for (key, node) in fields where !Self.localeKeys.contains(key) {
            file.report("unknown key `\(key)` (known: \(Self.localeKeys.sorted().joined(separator: ", ")))", at: node, severity: .warning)
        }
        func required(_ key: String) -> String? {
            guard let node = fields[key] else {
                file.report("`\(key)` is required", at: file.root)
                return nil
            }
            return file.string(node, key)
        }
        guard let code = required("code"), let name = required("name"), let scriptText = required("script") else { return nil }
        if code != folder { file.report("code `\(code)` does not match the folder name `\(folder)`", at: fields["code"]) }
        guard let script = Script(rawValue: scriptText) else {
            file.report("script must be Latn, Arab or Deva, not `\(scriptText)`", at: fields["script"])
            return nil
        }
        let direction = file.string(fields["direction"], "direction") ?? "ltr"
        if direction != "ltr" && direction != "rtl" { file.report("direction must be ltr or rtl", at: fields["direction"]) }
        let postposition = file.string(fields["location_postposition"], "location_postposition")
        let (icuLocale, weekdayRange) = readFormatting(file, fields, code: LocaleID(code))
        return LocaleInfo(
            code: LocaleID(code), name: name, nativeName: file.string(fields["native_name"], "native_name") ?? name,
            script: script, rightToLeft: direction == "rtl", names: file.strings(fields["names"], "names"),
            stopWords: file.strings(fields["stop_words"], "stop_words"), yes: file.strings(fields["yes"], "yes"),
            no: file.strings(fields["no"], "no"), cancel: file.strings(fields["cancel"], "cancel"),
            notFixed: file.strings(fields["not_fixed"], "not_fixed"),
            locationMarkers: file.strings(fields["location_markers"], "location_markers"),
            locationPostposition: postposition == "true" || postposition == "yes", icuLocale: icuLocale,
            weekdayRange: weekdayRange)
    }

    /// `icu_locale:` (the ICU locale that writes this language's numbers, money and dates) and `weekday_range:`
    /// (how the language says "Monday to Friday", with {first} and {last}).
    private func readFormatting(_ file: YAMLFile, _ fields: [String: Node], code: LocaleID) -> (String?, String?) {
        let icuLocale = file.string(fields["icu_locale"], "icu_locale")
        if let icuLocale, !LocaleFormatter.hasData(icuLocale) {
            file.report(
                "icu_locale `\(icuLocale)` is not a locale ICU has data for; write one such as `en_PK` or `es_MX`",
                at: fields["icu_locale"])
        } else if icuLocale == nil, !LocaleFormatter.hasData(LocaleFormatter.icuLocale(for: code)) {
            file.report(
                "ICU has no number and date formats for `\(code)`; add `icu_locale:` naming a locale that writes them "
                    + "the same way (for example `en_PK`)", at: fields["code"], severity: .warning)
        }
        let range = file.string(fields["weekday_range"], "weekday_range")
        if let range, !(range.contains("{first}") && range.contains("{last}")) {
            file.report(
                "weekday_range must say how this language joins two weekdays, with {first} and {last} "
                    + "(for example \"{first} to {last}\")", at: fields["weekday_range"])
        }
        let usesWeekdays = settings.values.contains { if case .weekdays = $0.fact { true } else { false } }
        if range == nil, usesWeekdays {
            file.report(
                "settings.yaml has weekdays (such as monday-friday); add `weekday_range:` saying how this language "
                    + "joins two weekdays, e.g. \"{first} to {last}\" (otherwise they are written \"Monday–Friday\")",
                at: fields["code"], severity: .warning)
        }
        return (icuLocale, range)
    }

    // MARK: - intents.yaml

    private func readIntents(_ file: YAMLFile) -> [IntentRule] {
        var rules: [IntentRule] = []
        var seen = Set<IntentID>()
        for (id, node) in file.topMapping() {
            let intent = IntentID(id)
            guard seen.insert(intent).inserted else {
                file.report("intent `\(id)` is declared twice", at: node)
                continue
            }
            guard let mapping = node.mapping else {
                file.report("intent `\(id)` must be a mapping with keywords/phrases/patterns/negative/examples", at: node)
                continue
            }
            var rule = IntentRule(id: intent)
            for (key, value) in file.pairs(mapping) {
                switch key {
                case "keywords": rule.keywords = terms(file, value, "\(id).keywords")
                case "phrases": rule.phrases = terms(file, value, "\(id).phrases")
                case "patterns": rule.patterns = terms(file, value, "\(id).patterns")
                case "negative": rule.negative = file.strings(value, "\(id).negative")
                case "examples": rule.examples = file.strings(value, "\(id).examples")
                default:
                    file.report("unknown key `\(key)` in intent `\(id)` (known: \(Self.intentKeys.sorted().joined(separator: ", ")))", at: value, severity: .warning)
                }
            }
            let termCount = rule.keywords.count + rule.phrases.count + rule.patterns.count
            if termCount < 8 { file.report("intent `\(id)` has \(termCount) keywords/phrases/patterns; at least 8 are expected", at: node, severity: .warning) }
            if rule.examples.count < 5 { file.report("intent `\(id)` has \(rule.examples.count) examples; at least 5 are expected", at: node, severity: .warning) }
            rules.append(rule)
        }
        if file.root != nil {
            for id in Catalog.intents where !seen.contains(id) {
                file.report("catalog intent `\(id)` is missing", at: nil)
            }
        }
        return rules
    }

    /// A term is `word` or `word: weight`.
    private func terms(_ file: YAMLFile, _ node: Node, _ what: String) -> [Term] {
        guard let sequence = node.sequence else {
            if node.scalar?.string == "" { return [] }
            file.report("\(what) must be a list", at: node)
            return []
        }
        return sequence.compactMap { item in
            if let text = item.scalar?.string { return Term(text) }
            if let mapping = item.mapping, mapping.count == 1, let (key, value) = mapping.first.map({ ($0.key, $0.value) }),
                let text = key.string
            {
                guard let weight = value.scalar.flatMap({ Double($0.string) }), weight > 0, weight <= 10 else {
                    file.report("the weight of `\(text)` in \(what) must be a number between 0 and 10", at: value)
                    return nil
                }
                return Term(text, weight: weight)
            }
            file.report("each item of \(what) must be a text or `text: weight`", at: item)
            return nil
        }
    }

    // MARK: - replies.yaml

    private func readReplies(_ file: YAMLFile, intents: [IntentID]) -> ([String: String], [String: String]) {
        var replies: [String: String] = [:]
        var sms: [String: String] = [:]
        var nodes: [String: Node] = [:]
        for (key, node) in file.topMapping() {
            if key == "sms" {
                guard let mapping = node.mapping else {
                    file.report("`sms` must map reply keys to short texts", at: node)
                    continue
                }
                for (k, v) in file.pairs(mapping) {
                    if let text = file.string(v, "sms.\(k)") { sms[k] = text; checkPlaceholders(file, text, key: k, node: v) }
                }
                continue
            }
            guard let text = file.string(node, "reply `\(key)`") else { continue }
            replies[key] = text
            nodes[key] = node
            checkPlaceholders(file, text, key: key, node: node)
        }
        guard file.root != nil else { return (replies, sms) }
        for id in Set(intents).union(Catalog.intents).sorted() where replies[id.rawValue] == nil {
            file.report("no reply for intent `\(id)`", at: nil)
        }
        for key in Catalog.systemReplies.keys.sorted() where replies[key] == nil {
            file.report("required reply `\(key)` is missing", at: nil)
        }
        if let changed = replies["language_changed"], !changed.contains("{language}") {
            file.report("reply `language_changed` must contain {language}", at: nodes["language_changed"])
        }
        for key in sms.keys.sorted() where replies[key] == nil {
            file.report("sms reply `\(key)` has no full reply of the same key", at: nil, severity: .warning)
        }
        return (replies, sms)
    }

    private func checkPlaceholders(_ file: YAMLFile, _ text: String, key: String, node: Node) {
        for name in Templates.placeholders(in: text)
        where settings[name] == nil && !Catalog.conversationValues.contains(name) {
            file.report("reply `\(key)` refers to unknown placeholder {\(name)}", at: node)
        }
        // An amount already shows its currency as the language writes it: "{currency} {fee}" would say it twice.
        guard text.contains("{currency}") else { return }
        for name in Templates.placeholders(in: text) {
            guard case .money = settings[name]?.fact else { continue }
            for glued in ["{currency} {\(name)}", "{\(name)} {currency}", "{currency}{\(name)}", "{\(name)}{currency}"]
            where text.contains(glued) {
                file.report(
                    "reply `\(key)` writes {currency} beside {\(name)}, an amount that already shows its currency; "
                        + "write {\(name)} alone", at: node, severity: .warning)
            }
        }
    }

    // MARK: - out_of_scope.yaml and sms.yaml

    private func readOutOfScope(_ file: YAMLFile) -> [String] {
        let fields = Dictionary(file.topMapping(), uniquingKeysWith: { first, _ in first })
        guard file.root != nil else { return [] }
        guard let list = fields["out_of_scope"] else {
            file.report("expected `out_of_scope:` followed by a list of messages", at: file.root)
            return []
        }
        let messages = file.strings(list, "out_of_scope")
        if messages.count < 20 { file.report("\(messages.count) out-of-scope messages; at least 20 are expected", at: list, severity: .warning) }
        return messages
    }

    private func readSMS(_ file: YAMLFile) -> SMSKeywords {
        var keywords = SMSKeywords()
        for (key, node) in file.topMapping() {
            switch key {
            case "categories":
                for (code, words) in node.mapping.map(file.pairs) ?? [] {
                    keywords.categories[code] = file.strings(words, "categories.\(code)")
                }
            case "topics":
                for (topic, intent) in node.mapping.map(file.pairs) ?? [] {
                    if let id = file.string(intent, "topics.\(topic)") { keywords.topics[topic] = IntentID(id) }
                }
            case _ where Self.smsKeys.contains(key):
                keywords.commands[key] = file.strings(node, key)
            default:
                file.report("unknown key `\(key)` (known: \(Self.smsKeys.sorted().joined(separator: ", ")))", at: node, severity: .warning)
            }
        }
        return keywords
    }
}
