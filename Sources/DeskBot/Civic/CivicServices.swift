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

/// The civic workflow's services in `serve`: the escalation scheduler and the department messages' deliverer (e-mail
/// through the SMTP relay, SMS through the gateway), both on the desk's clock.
func civicServices(desk: Desk, config: ServerConfiguration, logger: Logger) -> [any Service] {
    var list: [any Service] = [
        EscalationScheduler(
            desk: desk, logger: logger, interval: .milliseconds(Int64(config.civic.escalationIntervalSeconds * 1000)), now: desk.now)
    ]
    // Department SMS go through the gateway `sms_channel` names (departments.yaml), if it is configured.
    let sms = Gateways.senders(config).filter { $0.channel.rawValue == desk.corpus.civic.smsChannel }
    if config.civic.smtp == nil { logger.notice("no civic.smtp_host configured: department e-mail stays queued") }
    // Open311 API keys of departments.yaml's `api_key_env` names: the server configuration's, else the environment's.
    let keys = config.civic.open311Keys
    let environment = ProcessInfo.processInfo.environment
    list.append(
        DepartmentDeliverer(
            store: desk.store, smtp: config.civic.smtp, senders: sms, logger: logger,
            open311Keys: { keys[$0] ?? environment[$0] }, now: desk.now))
    return list
}
