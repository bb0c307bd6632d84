using System.Diagnostics.Metrics;

namespace Paloma.Metrics;

/// <summary>
/// Every counter and gauge Paloma publishes, as <see cref="System.Diagnostics.Metrics"/> instruments on one
/// meter. Protocol code calls the Record methods; <see cref="PrometheusExporter"/> listens to the meter. The
/// names, types and labels are documented in docs/telemetry.md, which is the contract for dashboards: rename
/// nothing without updating it.
/// </summary>
public static class PalomaMetrics
{
    public const string MeterName = "Paloma";

    /// <summary>The tag that carries the protocol name ("smtp", "imap", "pop3").</summary>
    public const string ProtocolTag = "protocol";

    private static readonly Meter s_meter = new(MeterName);

    internal static readonly Counter<long> Connections = s_meter.CreateCounter<long>("paloma.connections",
        description: "Connections accepted");

    internal static readonly UpDownCounter<long> SessionsOpen = s_meter.CreateUpDownCounter<long>(
        "paloma.sessions.open", description: "Sessions running now");

    internal static readonly Counter<long> MessagesReceived = s_meter.CreateCounter<long>(
        "paloma.messages.received", description: "Messages accepted (SMTP 250 after DATA, sendmail)");

    internal static readonly Counter<long> MessagesDelivered = s_meter.CreateCounter<long>(
        "paloma.messages.delivered", description: "Deliveries completed, local or remote");

    internal static readonly Counter<long> MessagesDeferred = s_meter.CreateCounter<long>(
        "paloma.messages.deferred", description: "Delivery attempts that failed transiently");

    internal static readonly Counter<long> MessagesBounced = s_meter.CreateCounter<long>(
        "paloma.messages.bounced", description: "Deliveries failed permanently");

    internal static readonly Counter<long> AuthFailures = s_meter.CreateCounter<long>("paloma.auth.failures",
        description: "Failed authentication attempts");

    public static void RecordConnection(string protocol) =>
        Connections.Add(1, new KeyValuePair<string, object?>(ProtocolTag, protocol));

    public static void RecordSessionOpened(string protocol) =>
        SessionsOpen.Add(1, new KeyValuePair<string, object?>(ProtocolTag, protocol));

    public static void RecordSessionClosed(string protocol) =>
        SessionsOpen.Add(-1, new KeyValuePair<string, object?>(ProtocolTag, protocol));

    public static void RecordMessageReceived() => MessagesReceived.Add(1);

    public static void RecordMessageDelivered() => MessagesDelivered.Add(1);

    public static void RecordMessageDeferred() => MessagesDeferred.Add(1);

    public static void RecordMessageBounced() => MessagesBounced.Add(1);

    public static void RecordAuthFailure(string protocol) =>
        AuthFailures.Add(1, new KeyValuePair<string, object?>(ProtocolTag, protocol));
}
