import DeskCore
import Foundation
import Logging
import ServiceLifecycle

extension ServerConfiguration {
    /// The Open311 API's public base URL (for discovery).
    var open311BaseURL: String {
        (publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL) + "/open311/v2"
    }
}

/// The civic workflow's services in `serve`: the escalation scheduler (on the desk's clock) and, when an SMTP relay
/// is configured, the e-mail deliverer for department messages.
func civicServices(desk: Desk, config: ServerConfiguration, logger: Logger) -> [any Service] {
    var list: [any Service] = [
        EscalationScheduler(
            desk: desk, logger: logger, interval: .milliseconds(Int64(config.civic.escalationIntervalSeconds * 1000)), now: desk.now)
    ]
    if let smtp = config.civic.smtp {
        list.append(EmailDeliverer(store: desk.store, smtp: smtp, logger: logger, now: desk.now))
    } else {
        logger.notice("no civic.smtp_host configured: department e-mail stays queued")
    }
    return list
}
