import Foundation
import Intents
import Yams

/// Reads `departments.yaml` (departments, areas, routing rules) and the service levels in `settings.yaml`, and
/// reports every problem with file:line: unknown categories, departments or areas, duplicate areas or spellings,
/// missing contacts, bad numbers.
package struct CivicLoader {
    package static let documentName = "departments"
    package static let topKeys: Set<String> = ["sms_channel", "default", "departments", "areas", "rules"]
    package static let departmentKeys: Set<String> = ["name", "contact", "supervisor"]
    package static let ruleKeys: Set<String> = ["category", "areas", "words", "department"]
    /// Settings keys: `service_level_days_<category>`, `service_level_days_default`, `duplicate_window_days`.
    package static let serviceLevelPrefix = "service_level_days_"

    package let directory: String
    package init(directory: String) { self.directory = directory }

    /// Loads the directory into `corpus.documents` (when departments.yaml exists) and returns the problems found.
    package func attach(to corpus: inout Corpus) -> [CorpusProblem] {
        let (civic, problems) = read()
        if let civic { corpus.documents[Self.documentName] = civic }
        return problems
    }

    package func read() -> (CivicDirectory?, [CorpusProblem]) {
        let path = "\(directory)/departments.yaml"
        var civic = CivicDirectory()
        // settings.yaml's own problems (syntax…) are reported by the corpus loader; only the service levels' here.
        let settings = YAMLFile(path: "\(directory)/settings.yaml", required: false)
        let known = settings.problems.count
        if settings.root?.mapping != nil { readServiceLevels(settings, into: &civic) }
        let settingsProblems = Array(settings.problems.dropFirst(known))
        guard FileManager.default.fileExists(atPath: path) else { return (civic, settingsProblems) }
        let file = YAMLFile(path: path)
        let categories = Set(Catalog.categories.map(\.code))
        let top = file.topMapping()
        var fields: [String: Node] = [:]
        for (key, node) in top {
            if fields[key] != nil { file.report("`\(key)` is given twice", at: node) }
            fields[key] = node
            if !Self.topKeys.contains(key) {
                file.report("unknown key `\(key)` (known: \(Self.topKeys.sorted().joined(separator: ", ")))", at: node)
            }
        }
        if file.root != nil {
            if let channel = file.string(fields["sms_channel"], "sms_channel") {
                if Channel(rawValue: channel) == nil || ["chat", "ussd"].contains(channel) {
                    file.report("sms_channel `\(channel)` is not an SMS gateway (kannel, twilio, africastalking, sms)", at: fields["sms_channel"])
                }
                civic.smsChannel = channel
            }
            readDepartments(file, fields["departments"], into: &civic)
            readAreas(file, fields["areas"], into: &civic)
            readRules(file, fields["rules"], categories: categories, into: &civic)
            if let code = file.string(fields["default"], "default") {
                if civic.departments[code] == nil { file.report("default department `\(code)` is not declared under `departments`", at: fields["default"]) }
                civic.defaultDepartment = code
            } else {
                file.report("`default` (the department for complaints no rule routes) is required", at: file.root)
            }
        }
        return (civic, settingsProblems + file.problems)
    }

    // MARK: - settings.yaml

    private func readServiceLevels(_ file: YAMLFile, into civic: inout CivicDirectory) {
        let categories = Set(Catalog.categories.map(\.code))
        for (key, node) in file.topMapping() {
            func days() -> Int? {
                guard let text = node.scalar?.string, let n = Int(text), n > 0, n <= 3650 else {
                    file.report("`\(key)` must be a whole number of days (1–3650)", at: node)
                    return nil
                }
                return n
            }
            if key == "duplicate_window_days" {
                if let n = days() { civic.duplicateWindow = TimeInterval(n) * 86400 }
            } else if key == Self.serviceLevelPrefix + "default" {
                if let n = days() { civic.serviceLevelDefault = n }
            } else if key.hasPrefix(Self.serviceLevelPrefix) {
                let category = String(key.dropFirst(Self.serviceLevelPrefix.count))
                guard categories.contains(category) else {
                    file.report("`\(key)`: unknown category `\(category)` (known: \(categories.sorted().joined(separator: ", ")))", at: node)
                    continue
                }
                if let n = days() { civic.serviceLevels[category] = n }
            }
        }
    }

    // MARK: - departments.yaml

    private func readDepartments(_ file: YAMLFile, _ node: Node?, into civic: inout CivicDirectory) {
        guard let node else { return file.report("`departments` is required", at: file.root) }
        guard let mapping = node.mapping else { return file.report("`departments` must map a code to name/contact/supervisor", at: node) }
        for (code, value) in file.pairs(mapping) {
            guard civic.departments[code] == nil else {
                file.report("department `\(code)` is declared twice", at: value)
                continue
            }
            guard let fields = value.mapping.map({ Dictionary(file.pairs($0), uniquingKeysWith: { a, _ in a }) }) else {
                file.report("department `\(code)` must be a mapping with name, contact and supervisor", at: value)
                continue
            }
            for (key, v) in fields where !Self.departmentKeys.contains(key) {
                file.report("unknown key `\(key)` in department `\(code)` (known: \(Self.departmentKeys.sorted().joined(separator: ", ")))", at: v)
            }
            let name = file.string(fields["name"], "\(code).name") ?? code
            if fields["name"] == nil { file.report("department `\(code)` has no `name`", at: value) }
            let contact = readContact(file, fields["contact"], "department `\(code)`: contact", at: value, open311: true)
            let supervisor = readContact(file, fields["supervisor"], "department `\(code)`: supervisor", at: value, open311: false)
            civic.departments[code] = Department(code: code, name: name, contact: contact ?? .none, supervisor: supervisor ?? .none)
        }
    }

    /// `none`, `{email: a@b}`, `{sms: "+92…"}` or (a department's contact only) an Open311 endpoint
    /// `{open311: https://…/open311/v2, service_code: …, api_key_env: NAME, jurisdiction_id: …}`.
    private func readContact(_ file: YAMLFile, _ node: Node?, _ what: String, at parent: Node, open311: Bool) -> DepartmentContact? {
        guard let node else {
            file.report("\(what) is missing (write `none`, `email: …` or `sms: \"+…\"`)", at: parent)
            return nil
        }
        if node.scalar?.string == "none" { return DepartmentContact.none }
        if let mapping = node.mapping, file.pairs(mapping).contains(where: { $0.0 == "open311" }) {
            guard open311 else {
                file.report("\(what): escalations go to a person, by e-mail or SMS (an Open311 endpoint is for a department's `contact`)", at: node)
                return nil
            }
            return readOpen311(file, mapping, what, at: node)
        }
        guard let mapping = node.mapping, mapping.count == 1, let (key, value) = file.pairs(mapping).first else {
            file.report("\(what) must be `none`, `email: …` or `sms: \"+…\"`", at: node)
            return nil
        }
        guard let text = file.string(value, what) else { return nil }
        switch key {
        case "email":
            let parts = text.split(separator: "@")
            guard parts.count == 2, parts[1].contains("."), !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) else {
                file.report("\(what): `\(text)` is not an e-mail address", at: value)
                return nil
            }
            return .email(text)
        case "sms":
            let digits = text.filter(\.isNumber)
            guard text.hasPrefix("+"), digits.count >= 7, digits.count == text.count - 1 else {
                file.report("\(what): an SMS number is written in international form, e.g. \"+923001234567\"", at: value)
                return nil
            }
            return .sms(text)
        default:
            file.report("\(what): unknown kind `\(key)` (email, sms or open311)", at: node)
            return nil
        }
    }

    static let open311Keys: Set<String> = ["open311", "service_code", "api_key_env", "jurisdiction_id"]

    /// An Open311 endpoint: an http(s) base URL (plain http only to this machine, since the API key travels with
    /// each request), a service code, the name of the environment variable holding the API key — never the key.
    private func readOpen311(_ file: YAMLFile, _ mapping: Node.Mapping, _ what: String, at node: Node) -> DepartmentContact? {
        let fields = Dictionary(file.pairs(mapping), uniquingKeysWith: { a, _ in a })
        var ok = true
        for (key, v) in fields where !Self.open311Keys.contains(key) {
            if key == "api_key" || key == "key" {
                file.report("\(what): an API key never goes in departments.yaml; set it in the environment variable `api_key_env` names", at: v)
            } else {
                file.report("\(what): unknown key `\(key)` (known: \(Self.open311Keys.sorted().joined(separator: ", ")))", at: v)
            }
            ok = false
        }
        let base = file.string(fields["open311"], "\(what).open311") ?? ""
        let url = URLComponents(string: base)
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(url?.host ?? "")
        if url?.scheme != "https" && !(url?.scheme == "http" && loopback) {
            file.report(
                "\(what): `\(base)` is not an https URL (e.g. https://311.example.org/open311/v2; plain http only to 127.0.0.1)",
                at: fields["open311"])
            ok = false
        } else if (url?.host ?? "").isEmpty || url?.query != nil || url?.fragment != nil || url?.user != nil || url?.password != nil {
            file.report("\(what): `\(base)` must be a base URL with a host and no query, fragment or credentials", at: fields["open311"])
            ok = false
        }
        let code = file.string(fields["service_code"], "\(what).service_code")
        if fields["service_code"] == nil || (code ?? "").isEmpty || code?.contains(where: \.isNewline) == true {
            file.report("\(what): `service_code` (the remote system's service for these complaints) is required", at: fields["service_code"] ?? node)
            ok = false
        }
        let env = file.string(fields["api_key_env"], "\(what).api_key_env")
        if fields["api_key_env"] == nil || !Self.isEnvironmentName(env ?? "") {
            file.report(
                "\(what): `api_key_env` must name the environment variable holding the API key (letters, digits, _), e.g. WATER_311_KEY",
                at: fields["api_key_env"] ?? node)
            ok = false
        }
        let jurisdiction = fields["jurisdiction_id"].flatMap { file.string($0, "\(what).jurisdiction_id") }
        if jurisdiction?.contains(where: \.isNewline) == true || jurisdiction?.isEmpty == true {
            file.report("\(what): `jurisdiction_id` must be one line", at: fields["jurisdiction_id"])
            ok = false
        }
        guard ok, let code, let env else { return nil }
        return .open311(Open311Endpoint(baseURL: base, serviceCode: code, apiKeyEnv: env, jurisdictionID: jurisdiction))
    }

    static func isEnvironmentName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    private func readAreas(_ file: YAMLFile, _ node: Node?, into civic: inout CivicDirectory) {
        guard let node else { return }
        guard let mapping = node.mapping else { return file.report("`areas` must map an area code to its spellings", at: node) }
        var owners: [String: String] = [:]
        for (code, value) in file.pairs(mapping) {
            if civic.areas.contains(where: { $0.code == code }) {
                file.report("area `\(code)` is declared twice", at: value)
                continue
            }
            let spellings = file.strings(value, "area `\(code)`")
            if spellings.isEmpty { file.report("area `\(code)` has no spellings", at: value) }
            for (spelling, item) in zip(spellings, value.sequence ?? []) {
                let key = CivicRouter.fold(spelling)
                if key.isEmpty {
                    file.report("area `\(code)`: spelling `\(spelling)` has no letters or digits", at: item)
                } else if let owner = owners[key], owner != code {
                    file.report("duplicate area spelling `\(spelling)`: already a spelling of `\(owner)`", at: item)
                } else {
                    owners[key] = code
                }
            }
            civic.areas.append(Area(code: code, spellings: spellings))
        }
    }

    private func readRules(_ file: YAMLFile, _ node: Node?, categories: Set<String>, into civic: inout CivicDirectory) {
        guard let node else { return }
        guard let sequence = node.sequence else { return file.report("`rules` must be a list of rules (lines starting with `- `)", at: node) }
        let areaCodes = Set(civic.areas.map(\.code))
        for item in sequence {
            guard let fields = item.mapping.map({ Dictionary(file.pairs($0), uniquingKeysWith: { a, _ in a }) }) else {
                file.report("a rule must be a mapping with category, areas, words and department", at: item)
                continue
            }
            for (key, v) in fields where !Self.ruleKeys.contains(key) {
                file.report("unknown key `\(key)` in a rule (known: \(Self.ruleKeys.sorted().joined(separator: ", ")))", at: v)
            }
            let listed: (String) -> [String] = { key in
                guard let v = fields[key] else { return [] }
                if let s = v.scalar?.string { return [s] }
                return file.strings(v, key)
            }
            let rule = RoutingRule(
                categories: listed("category"), areas: listed("areas"), words: listed("words"),
                department: file.string(fields["department"], "department") ?? "", line: item.mark?.line)
            for category in rule.categories where !categories.contains(category) {
                file.report("unknown category `\(category)` (known: \(categories.sorted().joined(separator: ", ")))", at: fields["category"])
            }
            for area in rule.areas where !areaCodes.contains(area) {
                file.report("unknown area `\(area)` (declare it under `areas`)", at: fields["areas"])
            }
            if fields["department"] == nil {
                file.report("a rule needs a `department`", at: item)
            } else if civic.departments[rule.department] == nil {
                file.report("unknown department `\(rule.department)` (declare it under `departments`)", at: fields["department"])
            }
            civic.rules.append(rule)
        }
    }
}
