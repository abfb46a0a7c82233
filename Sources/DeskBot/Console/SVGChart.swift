import Foundation

/// Charts drawn on the server as inline SVG (no scripts, no external assets); they scale to the page width, so
/// they stay readable on a phone. Every label is XML-escaped.
enum SVGChart {
    static let palette = ["#0b5cad", "#d4691b", "#2e8540", "#8250df", "#bf3989", "#1b7c83", "#9a6700", "#57606a", "#cf222e"]

    /// Horizontal bars, one per item, the value written after each bar.
    static func bars(_ items: [(String, Double)], format: (Double) -> String = { String(Int($0.rounded())) }, title: String) -> String {
        guard !items.isEmpty else { return empty(title) }
        let rowHeight = 26.0, labelWidth = 130.0, width = 420.0
        let maxValue = max(items.map { $0.1 }.max() ?? 1, 0.0001)
        let height = Double(items.count) * rowHeight + 8
        var out = "<svg direction=\"ltr\" role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
        for (i, item) in items.enumerated() {
            let y = Double(i) * rowHeight + 4
            let (label, value) = item
            let barWidth = (width - labelWidth - 60) * value / maxValue
            out += "<text x=\"0\" y=\"\(y + 16)\">\(escape(String(label.prefix(18))))</text>"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(String(format: "%.1f", max(barWidth, 1)))\" height=\"18\" fill=\"\(palette[i % palette.count])\"/>"
            out += "<text x=\"\(String(format: "%.1f", labelWidth + barWidth + 6))\" y=\"\(y + 16)\">\(escape(format(value)))</text>"
        }
        return out + "</svg>"
    }

    /// Stacked columns: one column per x value (weeks), one colour per series (categories), with a legend.
    static func stacked(columns: [String], series: [(String, [Double])], title: String) -> String {
        guard !columns.isEmpty, !series.isEmpty else { return empty(title) }
        let width = 420.0, plotHeight = 180.0, top = 10.0
        let legendRows = Double((series.count + 2) / 3)
        let height = top + plotHeight + 40 + legendRows * 18
        let totals = columns.indices.map { c in series.reduce(0) { $0 + ($1.1.indices.contains(c) ? $1.1[c] : 0) } }
        let maxTotal = max(totals.max() ?? 1, 1)
        let step = (width - 30) / Double(columns.count)
        let barWidth = max(step * 0.7, 4)
        var out = "<svg direction=\"ltr\" role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
        out += "<line x1=\"28\" y1=\"\(top + plotHeight)\" x2=\"\(width)\" y2=\"\(top + plotHeight)\" stroke=\"#d0d7de\"/>"
        out += "<text x=\"0\" y=\"\(top + 10)\">\(Int(maxTotal))</text><text x=\"0\" y=\"\(top + plotHeight)\">0</text>"
        for (c, column) in columns.enumerated() {
            var y = top + plotHeight
            let x = 30 + Double(c) * step + (step - barWidth) / 2
            for (s, (name, values)) in series.enumerated() {
                let value = values.indices.contains(c) ? values[c] : 0
                guard value > 0 else { continue }
                let h = plotHeight * value / maxTotal
                y -= h
                out += "<rect x=\"\(String(format: "%.1f", x))\" y=\"\(String(format: "%.1f", y))\" width=\"\(String(format: "%.1f", barWidth))\" height=\"\(String(format: "%.1f", h))\" fill=\"\(palette[s % palette.count])\"><title>\(escape(name)) \(escape(column)): \(Int(value))</title></rect>"
            }
            if columns.count <= 12 || c % 2 == 0 {
                out += "<text x=\"\(String(format: "%.1f", x))\" y=\"\(top + plotHeight + 16)\">\(escape(Self.short(column)))</text>"
            }
        }
        for (s, (name, _)) in series.enumerated() {
            let x = Double(s % 3) * 140, y = top + plotHeight + 30 + Double(s / 3) * 18
            out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"12\" height=\"12\" fill=\"\(palette[s % palette.count])\"/><text x=\"\(x + 16)\" y=\"\(y + 11)\">\(escape(name))</text>"
        }
        return out + "</svg>"
    }

    /// A column's label under its bar: the week of `2026-W49`, or the first characters.
    static func short(_ column: String) -> String {
        column.contains("-W") ? String(column.suffix(3)) : String(column.prefix(9))
    }

    static func empty(_ title: String) -> String {
        "<svg direction=\"ltr\" role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 420 30\" xmlns=\"http://www.w3.org/2000/svg\"><text x=\"0\" y=\"20\">–</text></svg>"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
