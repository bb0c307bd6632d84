using System.Text.Json;
using System.Text.Json.Serialization;
using Paloma.Hosting;

namespace Paloma.Control;

/// <summary>
/// The control socket's line protocol: the client sends one JSON object on one line,
/// <c>{"command":"status"}</c>, <c>{"command":"reload"}</c> or <c>{"command":"stop"}</c>; the server answers
/// with one <see cref="ControlReply"/> on one line and closes the connection.
/// </summary>
public sealed record ControlRequest(string Command);

/// <summary>The answer to a control request; <see cref="Status"/> is set for "status".</summary>
public sealed record ControlReply(bool Ok, string? Message, ServerStatus? Status = null);

public sealed record ListenerStatus(string Protocol, string EndPoint);

/// <summary>What <c>paloma status</c> shows about the running server.</summary>
public sealed record ServerStatus(
    int Pid,
    DateTimeOffset Started,
    long UptimeSeconds,
    string Version,
    string? ConfigFile,
    IReadOnlyList<ListenerStatus> Listeners,
    IReadOnlyDictionary<string, int> Sessions,
    long? QueueSize,
    ReloadResult? LastReload);

public static class ControlProtocol
{
    /// <summary>A request or reply longer than this is refused; real ones are a few hundred bytes.</summary>
    public const int MaxLineBytes = 64 * 1024;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public const string Status = "status";

    public const string Reload = "reload";

    public const string Stop = "stop";
}
