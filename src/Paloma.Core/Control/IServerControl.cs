namespace Paloma.Control;

/// <summary>What the control socket (and SIGHUP) can ask of the process hosting the server.</summary>
public interface IServerControl
{
    ServerStatus GetStatus();

    /// <summary>Re-reads the configuration file and applies it; <paramref name="source"/> is logged.</summary>
    Task<Hosting.ReloadResult> ReloadAsync(string source);

    /// <summary>Begins a graceful stop and returns at once; the process exits when sessions have ended.</summary>
    void RequestStop(string source);
}
