import Foundation

/// GeoReport v2's XML format (the specification's required one): a root element holding one element per item,
/// each holding its fields in order. Missing values are empty elements; lists nest (`formats/format`).
package enum Open311XML {
    /// An ordered field list: `(name, value)`, where a value is a `String`, `Bool`, number, `NSNull`, a nested
    /// `Fields` list, or a `[Fields]`/`[String]` list rendered as repeated `item` elements.
    package typealias Fields = [(String, Any)]

    package static func document(root: String, item: String, _ items: [Fields]) -> String {
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<\(root)>" + items.map { element(item, $0) }.joined() + "</\(root)>\n"
    }

    package static func document(root: String, _ fields: Fields) -> String {
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + element(root, fields) + "\n"
    }

    /// A nested list of repeated elements, e.g. `List(item: "format", ["text/xml"])`.
    package struct List {
        let item: String
        let values: [Any]
        package init(item: String, _ values: [Any]) {
            self.item = item
            self.values = values
        }
    }

    static func element(_ name: String, _ fields: Fields) -> String {
        "<\(name)>" + fields.map { value($0.0, $0.1) }.joined() + "</\(name)>"
    }

    static func value(_ name: String, _ value: Any) -> String {
        switch value {
        case is NSNull: return "<\(name)/>"
        case let fields as Fields: return element(name, fields)
        case let list as List: return "<\(name)>" + list.values.map { Self.value(list.item, $0) }.joined() + "</\(name)>"
        case let flag as Bool: return "<\(name)>\(flag ? "true" : "false")</\(name)>"
        case let number as Double: return "<\(name)>\(number)</\(name)>"
        case let number as Int: return "<\(name)>\(number)</\(name)>"
        case let number as Int64: return "<\(name)>\(number)</\(name)>"
        default: return "<\(name)>\(escape("\(value)"))</\(name)>"
        }
    }

    package static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // Characters XML 1.0 cannot carry are dropped.
            case _ where scalar.value < 0x20 && ![0x9, 0xA, 0xD].contains(scalar.value): continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
