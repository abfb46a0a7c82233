import DeskCore
import Foundation
import Metrics
import Prometheus

/// Prometheus metrics through swift-metrics, on a registry of our own (no global bootstrap).
struct DeskMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                                   .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                                   .milliseconds(500), .seconds(1), .seconds(5)]
        self.factory = factory
    }

    func message(channel: String, intent: String?, locale: String) {
        Counter(label: "deskbot_messages_total", dimensions: [("channel", channel), ("intent", intent ?? "fallback"), ("locale", locale)], factory: factory).increment()
    }

    func latency(channel: String, nanoseconds: Int64) {
        Metrics.Timer(label: "deskbot_reply_seconds", dimensions: [("channel", channel)], factory: factory).recordNanoseconds(nanoseconds)
    }

    func rejected(channel: String, reason: String) {
        Counter(label: "deskbot_rejected_requests_total", dimensions: [("channel", channel), ("reason", reason)], factory: factory).increment()
    }

    /// An outbox send: `sent`, `retry`, `failed`, `blocked` (opted out / provider says blocked) or `expired` (gave up).
    func delivery(channel: String, result: String) {
        Counter(label: "deskbot_outbound_total", dimensions: [("channel", channel), ("result", result)], factory: factory).increment()
    }

    /// A provider's delivery receipt, by the status it reports.
    func receipt(channel: String, status: String) {
        Counter(label: "deskbot_delivery_receipts_total", dimensions: [("channel", channel), ("status", status)], factory: factory).increment()
    }

    func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
