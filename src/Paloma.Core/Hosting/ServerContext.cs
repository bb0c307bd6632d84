using Microsoft.Extensions.Logging;
using Paloma.Accounts;
using Paloma.Config;
using Paloma.Storage;

namespace Paloma.Hosting;

/// <summary>What every protocol handler needs from the server: settings, accounts, mailboxes and logging.</summary>
public sealed class ServerContext(
    PalomaConfig config,
    IAccountStore accounts,
    IMailStore store,
    ILoggerFactory loggerFactory)
{
    private volatile PalomaConfig _config = config;

    /// <summary>The configuration in force. A reload replaces it as a whole, so read it once when a session
    /// starts and keep that object: a changed limit then applies from the next session on.</summary>
    public PalomaConfig Config => _config;

    /// <summary>Raised after <see cref="Replace"/> swapped in a new configuration (maps and certificates
    /// re-read themselves here); the argument is the new configuration.</summary>
    public event Action<PalomaConfig>? ConfigChanged;

    /// <summary>Messages waiting in the outbound queue, for <c>paloma status</c> and the metrics endpoint; null
    /// while no queue is attached.</summary>
    public Func<long>? QueueSize { get; set; }

    public IAccountStore Accounts { get; } = accounts;

    public IMailStore Store { get; } = store;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where SMTP hands messages for remote recipients (and aliases pointing off-site); null only in
    /// contexts built without a queue.</summary>
    public Queue.IOutboundQueue? Queue { get; init; }

    /// <summary>Swaps the configuration atomically (called by a reload that validated it).</summary>
    public void Replace(PalomaConfig config)
    {
        _config = config;
        ConfigChanged?.Invoke(config);
    }

    /// <summary>The aliases of <c>paloma alias</c>; null when the server runs without a database of them.</summary>
    public IAliasStore? Aliases { get; init; }

    /// <summary>TLS certificate, SASL mechanisms and the authentication throttle.</summary>
    public required AuthServices Auth { get; init; }
}
