using System.Diagnostics;
using System.Globalization;
using Paloma.Tests.Support;

namespace Paloma.Tests.Operations;

/// <summary><c>paloma run</c> in the foreground, driven by signals as systemd and an init script drive it.</summary>
public sealed class SignalTests : IAsyncLifetime
{
    private readonly ServiceDirectory _dir = new();

    [Fact]
    public async Task SighupReloadsTheConfiguration()
    {
        await using var server = await PalomaProcess.StartServerAsync(_dir.Directory, _dir.ConfigFile, "pop3");
        _dir.WriteConfig("\"127.0.0.1:0\", \"127.0.0.1:0\"");

        await SignalAsync(server.Id, "HUP");

        var status = await _dir.WaitForStatusAsync(s => s.Contains("last reload: ok"));
        Assert.Equal(2, status.Split('\n').Count(l => l.StartsWith("listener: pop3", StringComparison.Ordinal)));
        Assert.Contains(server.Output, l => l.Contains("reload requested by=SIGHUP"));
    }

    [Fact]
    public async Task SigtermStopsGracefullyWithExitStatus0()
    {
        await using var server = await PalomaProcess.StartServerAsync(_dir.Directory, _dir.ConfigFile, "pop3");
        await using var client = await RawClient.ConnectAsync(server.Listeners["pop3"]);
        Assert.StartsWith("+OK", await client.ReadLineAsync());

        await SignalAsync(server.Id, "TERM");

        Assert.StartsWith("-ERR [SYS/TEMP] server shutting down", await client.ReadLineAsync());
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(server.Output, l => l.Contains("stopped protocol=pop3"));
        Assert.False(File.Exists(_dir.PidFile));
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xUnit 2 calls only this one, and it must kill the daemons.
    public async Task DisposeAsync() => await _dir.DisposeAsync();
}
