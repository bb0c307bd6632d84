using Paloma.Tests.Support;

namespace Paloma.Tests.Operations;

/// <summary>
/// The classic service commands against a real daemon: start, status, reload (good, broken, static change),
/// stop, and status once stopped. POP3 stands in for the protocols: its autologout is a limit a reload can
/// change, and a session shows whether it saw the old or the new value.
/// </summary>
public sealed class ServiceLifecycleTests : IAsyncLifetime
{
    private readonly ServiceDirectory _dir = new();

    [Fact]
    public async Task StartStatusReloadStopStatus()
    {
        var start = await _dir.RunAsync("start");
        Assert.True(start.ExitCode == 0, start.Stdout + start.Stderr);
        Assert.Contains("paloma started (pid", start.Stdout);

        var status = await _dir.RunAsync("status");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"pid: {File.ReadAllText(_dir.PidFile).Trim()}", status.Stdout);
        Assert.Matches(@"listener: pop3 127\.0\.0\.1:\d+", status.Stdout);
        Assert.Contains("sessions: pop3=0", status.Stdout);
        Assert.Contains("queue: 0", status.Stdout);
        Assert.Contains("last reload: none", status.Stdout);
        var pop3 = ServiceDirectory.Listener(status.Stdout, "pop3");

        // A session opened before the reload keeps the configuration it started with.
        await using var before = await RawClient.ConnectAsync(pop3);
        Assert.StartsWith("+OK", await before.ReadLineAsync());

        _dir.WriteConfig("\"127.0.0.1:0\", \"127.0.0.1:0\"", "[pop3]\nautologout = 1\n");
        var reload = await _dir.RunAsync("reload");
        Assert.True(reload.ExitCode == 0, reload.Stdout + reload.Stderr);
        status = await _dir.RunAsync("status");
        Assert.Contains("last reload: ok", status.Stdout);
        Assert.Equal(2, status.Stdout.Split('\n').Count(l => l.StartsWith("listener: pop3", StringComparison.Ordinal)));
        Assert.Equal(pop3, ServiceDirectory.Listener(status.Stdout, "pop3"));

        // The next session sees the new one-second autologout.
        await using (var after = await RawClient.ConnectAsync(pop3))
        {
            after.Timeout = TimeSpan.FromSeconds(30);
            Assert.StartsWith("+OK", await after.ReadLineAsync());
            Assert.Equal("-ERR autologout", await after.ReadLineAsync());
            Assert.Null(await after.ReadLineAsync());
        }

        await AssertCapaAnsweredAsync(before);

        await File.AppendAllTextAsync(_dir.ConfigFile, "[limits]\nmax_message_bytes = \"big\"\n");
        reload = await _dir.RunAsync("reload");
        Assert.Equal(1, reload.ExitCode);
        Assert.Contains($"{_dir.ConfigFile}:", reload.Stderr);
        Assert.Contains(": limits.max_message_bytes: expected an integer", reload.Stderr);
        status = await _dir.RunAsync("status");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("last reload: failed", status.Stdout);
        Assert.Equal(2, status.Stdout.Split('\n').Count(l => l.StartsWith("listener: pop3", StringComparison.Ordinal)));

        await AssertCapaAnsweredAsync(before);

        var stop = await _dir.RunAsync("stop");
        Assert.True(stop.ExitCode == 0, stop.Stdout + stop.Stderr);
        Assert.Contains("stopped", stop.Stdout);
        Assert.StartsWith("-ERR", await before.ReadLineAsync());
        Assert.False(File.Exists(_dir.PidFile));

        status = await _dir.RunAsync("status");
        Assert.Equal(3, status.ExitCode);
        Assert.Contains("not running", status.Stdout);
    }

    [Fact]
    public async Task ReloadThatChangesAStaticSettingIsRefused()
    {
        Assert.Equal(0, (await _dir.RunAsync("start")).ExitCode);
        _dir.WriteConfig(extra: "[log]\nlevel = \"debug\"\n");

        var reload = await _dir.RunAsync("reload");

        Assert.Equal(1, reload.ExitCode);
        Assert.Contains("log.level", reload.Stderr);
        Assert.Contains("restart", reload.Stderr);
        Assert.Equal(0, (await _dir.RunAsync("status")).ExitCode);
    }

    [Fact]
    public async Task ReloadAndStopWhenNotRunning()
    {
        var reload = await _dir.RunAsync("reload");
        Assert.Equal(7, reload.ExitCode);
        Assert.Contains("not running", reload.Stderr);

        var stop = await _dir.RunAsync("stop");
        Assert.Equal(0, stop.ExitCode);
        Assert.Contains("not running", stop.Stdout);
    }

    [Fact]
    public async Task StartWhenThePortIsTakenFailsWithTheReason()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        _dir.WriteConfig($"\"127.0.0.1:{port}\"");

        var start = await _dir.RunAsync("start");

        Assert.Equal(1, start.ExitCode);
        Assert.Contains($"cannot listen for pop3 on 127.0.0.1:{port}", start.Stderr);
        Assert.Equal(3, (await _dir.RunAsync("status")).ExitCode);
    }

    [Fact]
    public async Task CondRestartRestartsOnlyARunningServer()
    {
        var idle = await _dir.RunAsync("condrestart");
        Assert.Equal(0, idle.ExitCode);
        Assert.Contains("not running", idle.Stdout);
        Assert.Equal(3, (await _dir.RunAsync("status")).ExitCode);

        Assert.Equal(0, (await _dir.RunAsync("start")).ExitCode);
        var first = ServiceDirectory.Pid((await _dir.RunAsync("status")).Stdout);
        var restart = await _dir.RunAsync("condrestart");
        Assert.True(restart.ExitCode == 0, restart.Stdout + restart.Stderr);
        var status = await _dir.RunAsync("status");
        Assert.Equal(0, status.ExitCode);
        Assert.NotEqual(first, ServiceDirectory.Pid(status.Stdout));
    }

    [Fact]
    public async Task StatusReportsAStalePidFileAsDead()
    {
        Directory.CreateDirectory(_dir.DataDirectory);
        using var gone = System.Diagnostics.Process.Start("true")!;
        await gone.WaitForExitAsync();
        await File.WriteAllTextAsync(_dir.PidFile, $"{gone.Id}\n");

        var status = await _dir.RunAsync("status");

        Assert.Equal(1, status.ExitCode);
        Assert.Contains("dead but pid file exists", status.Stdout);
        Assert.Equal(0, (await _dir.RunAsync("stop")).ExitCode);
        Assert.False(File.Exists(_dir.PidFile));
        Assert.Equal(3, (await _dir.RunAsync("status")).ExitCode);
    }

    private static async Task AssertCapaAnsweredAsync(RawClient client)
    {
        await client.SendAsync("CAPA\r\n");
        Assert.StartsWith("+OK", await client.ReadLineAsync());
        string? line;
        do
        {
            line = await client.ReadLineAsync();
        }
        while (line is not null and not ".");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xUnit 2 calls only this one, and it must kill the daemons.
    public async Task DisposeAsync() => await _dir.DisposeAsync();
}
