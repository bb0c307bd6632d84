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
    public PalomaConfig Config { get; } = config;

    public IAccountStore Accounts { get; } = accounts;

    public IMailStore Store { get; } = store;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where SMTP hands messages for remote recipients (and aliases pointing off-site); null only in
    /// contexts built without a queue.</summary>
    public Queue.IOutboundQueue? Queue { get; init; }
}
