using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Paloma.Metrics;

/// <summary>
/// Collects the <see cref="PalomaMetrics"/> instruments through a <see cref="MeterListener"/> and writes them in
/// the Prometheus text exposition format (version 0.0.4). Counts start when the exporter is created, so the
/// server creates it before it opens any listener.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private sealed record Family(string Instrument, string Name, string Type, string Help, bool ByProtocol);

    private static readonly Family[] s_families =
    [
        new("paloma.connections", "paloma_connections_total", "counter", "Connections accepted.", true),
        new("paloma.sessions.open", "paloma_sessions_open", "gauge", "Sessions running now.", true),
        new("paloma.messages.received", "paloma_messages_received_total", "counter", "Messages accepted.", false),
        new("paloma.messages.delivered", "paloma_messages_delivered_total", "counter", "Deliveries completed.",
            false),
        new("paloma.messages.deferred", "paloma_messages_deferred_total", "counter",
            "Delivery attempts that failed transiently.", false),
        new("paloma.messages.bounced", "paloma_messages_bounced_total", "counter", "Deliveries failed permanently.",
            false),
        new("paloma.auth.failures", "paloma_auth_failures_total", "counter", "Failed authentication attempts.",
            true),
    ];

    // Listed even before their first event, so that a dashboard shows 0 rather than "no data".
    private static readonly string[] s_protocols = ["smtp", "imap", "pop3"];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Protocol), long> _values = new();
    private readonly Func<long?> _queueSize;

    /// <param name="queueSize">Reads the queue size at each scrape; null while no queue is attached.</param>
    public PrometheusExporter(Func<long?> queueSize)
    {
        _queueSize = queueSize;
        foreach (var family in s_families)
        {
            foreach (var protocol in family.ByProtocol ? s_protocols : [""])
            {
                _values[(family.Instrument, protocol)] = 0;
            }
        }

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PalomaMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public string Render()
    {
        var text = new StringBuilder();
        var snapshot = _values.ToArray();
        foreach (var family in s_families)
        {
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(family.Help).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
            foreach (var ((_, protocol), value) in snapshot.Where(v => v.Key.Instrument == family.Instrument)
                         .OrderBy(v => v.Key.Protocol, StringComparer.Ordinal))
            {
                text.Append(family.Name);
                if (family.ByProtocol)
                {
                    text.Append("{protocol=\"").Append(Escape(protocol)).Append("\"}");
                }

                text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        text.Append("# HELP paloma_queue_size Messages waiting in the outbound queue.\n");
        text.Append("# TYPE paloma_queue_size gauge\n");
        if (_queueSize() is { } queued)
        {
            text.Append("paloma_queue_size ").Append(queued.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long measurement,
        ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var protocol = "";
        foreach (var tag in tags)
        {
            if (tag.Key == PalomaMetrics.ProtocolTag)
            {
                protocol = tag.Value as string ?? "";
            }
        }

        _values.AddOrUpdate((instrument.Name, protocol), measurement, (_, old) => old + measurement);
    }

    // Prometheus text format: a label value escapes backslash, double quote and line feed.
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
