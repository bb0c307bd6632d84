using System.Diagnostics;
using Paloma.Queue;
using Paloma.Tests.Smtp;
using Paloma.Tests.Support;

namespace Paloma.Tests.Sendmail;

/// <summary>
/// A <see cref="TestServer"/> (users alice, bob and postmaster at example.com) whose data directory the real
/// <c>paloma sendmail</c> program shares through a configuration file, with an aliases file (info: alice). The
/// server's queue runner only runs when a test calls <see cref="RunQueueAsync"/>, so what the command queued
/// can be looked at first.
/// </summary>
internal sealed class SendmailHarness : IAsyncDisposable
{
    private SendmailHarness(TestServer server, string configFile)
    {
        Server = server;
        ConfigFile = configFile;
    }

    public TestServer Server { get; }

    public string ConfigFile { get; }

    public string Directory => Server.DataDirectory;

    public QueueStore Queue => (QueueStore)Server.Server.Context.Queue!;

    public static async Task<SendmailHarness> StartAsync()
    {
        var server = await TestServer.StartAsync(c => c.Queue.ScanInterval = TimeSpan.FromHours(1));
        var dir = server.DataDirectory;
        var aliases = Path.Combine(dir, "aliases");
        await File.WriteAllTextAsync(aliases, "# test aliases\ninfo: alice\nteam: alice, bob\n");
        var config = Path.Combine(dir, "paloma.toml");
        await File.WriteAllTextAsync(config, $"""
            [server]
            hostname = "mx.example.com"
            data_dir = "{dir}"

            [smtp]
            accept_unresolvable_domains = true

            [aliases]
            file = "{aliases}"
            """);
        return new SendmailHarness(server, config);
    }

    /// <summary>Runs <c>paloma sendmail ARGS -C config</c>.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> SendmailAsync(string? stdin, params string[] args) =>
        PalomaProcess.RunAsync(Directory, stdin, ["sendmail", "-C", ConfigFile, .. args]);

    /// <summary>Runs the program under another name (sendmail, mailq, newaliases): through a symlink to the
    /// apphost that the SDK puts next to paloma.dll, the way /usr/sbin/sendmail is installed.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsAsync(string name, string? stdin,
        params string[] args)
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, "paloma");
        Assert.True(File.Exists(apphost), "the SDK produced no apphost next to paloma.dll");
        var link = Path.Combine(Directory, "bin", name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, apphost);
        }

        var start = new ProcessStartInfo(link)
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(ConfigFile);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>What the server's queue runner does at its next scan: deliver what is due.</summary>
    public Task RunQueueAsync() => Server.Server.QueueRunner.RunDueAsync();

    public Task<List<string>> InboxAsync(string address) => Inbox.ReadAsync(Server, address);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
