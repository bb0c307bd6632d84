using Paloma.Config;

namespace Paloma.Hosting;

/// <summary>
/// Reload: a new configuration is validated completely before anything changes, so a file that fails to load
/// or changes a static setting leaves the running configuration in force. Sessions keep the configuration they
/// started with; new sessions see the new one.
/// </summary>
public sealed partial class PalomaServer
{
    private readonly SemaphoreSlim _reloadLock = new(1, 1);
    private ReloadResult? _lastReload;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The most recent reload, or null if there was none.</summary>
    public ReloadResult? LastReload => Volatile.Read(ref _lastReload);

    /// <summary>Loads a configuration with <paramref name="load"/> and applies it: listeners added and removed,
    /// then the configuration swapped. One reload runs at a time.</summary>
    public async Task<ReloadResult> ReloadAsync(Func<PalomaConfig> load)
    {
        await _reloadLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var result = await TryReloadAsync(load).ConfigureAwait(false);
            if (result.Succeeded)
            {
                OperationsLog.Reloaded(_logger, result.Message);
            }
            else
            {
                OperationsLog.ReloadFailed(_logger, result.Message);
            }

            Volatile.Write(ref _lastReload, result);
            return result;
        }
        finally
        {
            _reloadLock.Release();
        }
    }

    private async Task<ReloadResult> TryReloadAsync(Func<PalomaConfig> load)
    {
        PalomaConfig next;
        try
        {
            next = load();
        }
        catch (ConfigException e)
        {
            return Failed(e.Message);
        }

        var running = Context.Config;
        var changed = StaticSettings.Changed(running, next);
        if (changed.Count > 0)
        {
            return Failed($"{next.SourceFile ?? "configuration"}: {string.Join(", ", changed)} changed; "
                + "this takes effect only at a restart (paloma restart); the running configuration is unchanged");
        }

        try
        {
            // As the maps are (by load), the certificate pair is checked before anything changes: a pair that would
            // stop a start must not be reported as reloaded (the previous one would stay in use unnoticed).
            Tls.TlsCertificateProvider.Validate(next);
        }
        catch (Tls.TlsCertificateException e)
        {
            return Failed($"{next.SourceFile ?? "configuration"}: {e.Message}; the running configuration is unchanged");
        }

        try
        {
            OpenListeners(next);
        }
        catch (InvalidOperationException e)
        {
            return Failed(e.Message + "; the running configuration is unchanged");
        }

        await CloseRemovedListenersAsync(next).ConfigureAwait(false);
        Context.Replace(next);
        return new ReloadResult(true, $"reloaded {next.SourceFile ?? "embedded defaults"}", DateTimeOffset.UtcNow);
    }

    private static ReloadResult Failed(string message) => new(false, message, DateTimeOffset.UtcNow);
}
