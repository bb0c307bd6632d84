using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Paloma.Queue;
using Paloma.Tests.Smtp;
using Paloma.Tests.Support;

namespace Paloma.Tests.Queue;

/// <summary>
/// Issue 6 interop with Postfix from Debian (package postfix): Paloma's queue delivers to Postfix's
/// <c>smtp-sink</c>, which writes each transaction to a file, and Postfix's <c>smtp-source</c> delivers to
/// Paloma's SMTP server. Both on 127.0.0.1 with ports the OS picks. Skipped when the binaries are missing.
/// </summary>
public sealed class PostfixInteropTests : IAsyncLifetime
{
    private const string SinkPath = "/usr/sbin/smtp-sink";
    private const string SourcePath = "/usr/sbin/smtp-source";

    private readonly string _dir = Directory.CreateTempSubdirectory("paloma-postfix-").FullName;
    private readonly List<Process> _processes = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private TestServer? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [FactRequiringFiles("postfix", SinkPath)]
    public async Task QueueDeliversToPostfixSmtpSink()
    {
        var dumps = Path.Combine(_dir, "sink");
        Directory.CreateDirectory(dumps);
        // smtp-sink started as root drops to the postfix user, which must be able to reach and write the dumps
        // (a temporary directory is created 0700).
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(dumps, (UnixFileMode)0b111_111_111);
        var port = FreePort();
        string[] privileges = Environment.UserName == "root" ? ["-u", "postfix"] : [];
        Start(SinkPath, [.. privileges, "-d", Path.Combine(dumps, "msg."), $"127.0.0.1:{port}", "10"]);
        await WaitForListenerAsync(port);

        _server = await TestServer.StartAsync(c =>
        {
            c.Access.Rules = ["Connect:127.0.0.1 RELAY"];
            c.Transport.Routes["example.org"] = $"127.0.0.1:{port}";
            c.Queue.ScanInterval = TimeSpan.FromSeconds(1);
        });
        const int count = 3;
        await using (var client = await SmtpTestClient.ConnectAsync(_server))
        {
            for (var i = 0; i < count; i++)
            {
                await client.ExpectAsync("MAIL FROM:<alice@example.com> ENVID=pf" + i, "250 2.1.0");
                await client.ExpectAsync($"RCPT TO:<r{i}@example.org> NOTIFY=FAILURE", "250 2.1.5");
                await client.ExpectAsync($"RCPT TO:<s{i}@example.org>", "250 2.1.5");
                await client.ExpectAsync("DATA", "354");
                await client.ExpectRawAsync($"Subject: to postfix {i}\r\n\r\nbody {i}\r\n.\r\n", "250 2.0.0");
            }
        }

        var queue = (QueueStore)_server.Server.Context.Queue!;
        await PollAsync(async () => (await queue.ListAsync()).Count == 0, () => string.Join("\n",
            _server.Logs.Entries.Where(e => e.Category.Contains("Queue")).Select(e => e.Message).Concat(_output)));

        var files = Directory.GetFiles(dumps).Select(File.ReadAllText).ToList();
        Assert.Equal(count, files.Count);
        for (var i = 0; i < count; i++)
        {
            var dump = Assert.Single(files, f => f.Contains($"Subject: to postfix {i}\n")
                || f.Contains($"Subject: to postfix {i}\r\n"));
            Assert.Contains("X-Mail-Args: <alice@example.com>", dump);
            Assert.Contains($"ENVID=pf{i}", dump);
            Assert.Contains($"X-Rcpt-Args: <r{i}@example.org> NOTIFY=FAILURE", dump);
            Assert.Contains($"X-Rcpt-Args: <s{i}@example.org>", dump);
            Assert.Contains("by mx.example.com", dump);
        }
    }

    [FactRequiringFiles("postfix", SourcePath)]
    public async Task PostfixSmtpSourceDeliversToPaloma()
    {
        _server = await TestServer.StartAsync();
        const int count = 5;

        var source = Start(SourcePath, ["-c", "-m", $"{count}", "-f", "from@example.net", "-t", "alice@example.com",
            $"127.0.0.1:{_server.Smtp.Port}"]);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await source.WaitForExitAsync(timeout.Token);
        }

        Assert.Equal(0, source.ExitCode);
        var inbox = await Inbox.ReadAsync(_server, "alice@example.com");
        Assert.Equal(count, inbox.Count);
        Assert.All(inbox, m =>
        {
            Assert.StartsWith("Return-Path: <from@example.net>\r\n", m);
            Assert.Contains("To: <alice@example.com>\r\n", m);
        });
    }

    private Process Start(string file, string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        _processes.Add(process);
        process.OutputDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A port the OS has just handed out and taken back; smtp-sink cannot be told to pick one.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task WaitForListenerAsync(int port) => PollAsync(async () =>
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    });

    private static async Task PollAsync(Func<Task<bool>> done, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out " + describe?.Invoke());
            await Task.Delay(200);
        }
    }
}
