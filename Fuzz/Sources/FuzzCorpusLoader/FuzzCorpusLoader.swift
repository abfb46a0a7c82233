
import Foundation
import FuzzSupport
import Intents
import Locales
import Yams

// The corpus loader on arbitrary bytes: the YAML reader with its typed access on any document, and DeskBot's
// locale-pack reader on a real pack whose intents.yaml (or replies.yaml, sms.yaml: the input's first byte picks)
// is the input. Problems must be reported with a place in the file, never by crashing.

let scratch: String = {
    let dir = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/deskbot-fuzz-loader-\(getpid())"
    let fm = FileManager.default
    try? fm.removeItem(atPath: dir)
    do {
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try fm.copyItem(atPath: FuzzCorpora.directory + "/settings.yaml", toPath: dir + "/settings.yaml")
        try fm.copyItem(atPath: FuzzCorpora.directory + "/en", toPath: dir + "/en")
    } catch {
        FileHandle.standardError.write(Data("fuzz: cannot prepare \(dir): \(error)\n".utf8))
        exit(2)
    }
    return dir
}()
let files = ["intents.yaml", "replies.yaml", "sms.yaml", "locale.yaml"]
let originals = files.map { (try? Data(contentsOf: URL(fileURLWithPath: scratch + "/en/" + $0))) ?? Data() }


func fuzzCorpusLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Data(UnsafeBufferPointer(start: $0, count: size)) } ?? Data()
    // The YAML reader alone, with typed access over the top level.
    let yaml = YAMLFile(path: "fuzz.yaml", text: String(data: bytes, encoding: .utf8))
    for (key, node) in yaml.topMapping() {
        _ = yaml.string(node, key)
        _ = yaml.strings(node, key)
        if let mapping = node.mapping { _ = yaml.pairs(mapping) }
    }
    for problem in yaml.problems { require(problem.file == "fuzz.yaml", "problem without its file: \(problem)") }

    // The whole loader, on a real pack with one file replaced by the input.
    let which = size > 0 ? Int(bytes[bytes.startIndex]) % files.count : 0
    let path = scratch + "/en/" + files[which]
    try? bytes.write(to: URL(fileURLWithPath: path))
    let result = CorpusLoader(directory: scratch).read()
    for problem in result.problems { require(!problem.message.isEmpty, "a problem with no message") }
    try? originals[which].write(to: URL(fileURLWithPath: path))
    return 0
}
