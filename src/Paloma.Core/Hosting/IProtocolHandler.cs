namespace Paloma.Hosting;

/// <summary>Runs one protocol's session on an accepted connection.</summary>
public interface IProtocolHandler
{
    /// <summary>The protocol name used in configuration and logs: "smtp", "imap", "pop3".</summary>
    string Protocol { get; }

    /// <summary>Runs the whole session. Must not throw for anything a client does; returns when it ends.</summary>
    Task RunSessionAsync(Connection connection);
}
