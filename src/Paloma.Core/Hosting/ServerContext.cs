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

    /// <summary>TLS certificate, SASL mechanisms and the authentication throttle.</summary>
    public required AuthServices Auth { get; init; }
}
