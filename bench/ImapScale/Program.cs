using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Paloma.Bench.ImapScale;

// Usage: ImapScale [message-count]. Fills a fresh data directory with one INBOX of that many messages (100,000 by
// default), starts the real `paloma run` on it as a child process, times SELECT, FETCH 1:* (UID FLAGS),
// UID SEARCH ALL and STATUS over a socket, and prints the server's peak resident memory (VmHWM) after each.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
const string user = "bench@example.com";
const string password = "Bench-password-1";
var directory = Path.Combine(Path.GetTempPath(), "paloma-bench-" + Guid.NewGuid().ToString("N"));
try
{
    var fill = Stopwatch.StartNew();
    await MailboxFiller.FillAsync(directory, user, password, count);
    Console.WriteLine($"filled {count} messages through the store in {fill.Elapsed.TotalSeconds:F1} s");

    var config = Path.Combine(directory, "paloma.toml");
    await File.WriteAllTextAsync(config, $"[server]\nhostname = \"bench.example.com\"\ndata_dir = \"{directory}\"\n"
        + "[listen]\nsmtp = []\npop3 = []\nimap = [\"127.0.0.1:0\"]\n");
    using var server = await StartServerAsync(config);
    var endPoint = await server.EndPoint.Task.WaitAsync(TimeSpan.FromMinutes(1));
    using var probe = await ImapProbe.ConnectAsync(endPoint);
    await probe.RunAsync($"LOGIN {user} {password}");
    Console.WriteLine($"server after login: peak RSS {PeakMiB(server.Process.Id):F0} MiB");
    Console.WriteLine("| command | wall time | response | server peak RSS after |");
    Console.WriteLine("| --- | --- | --- | --- |");
    foreach (var command in (string[])["STATUS INBOX (MESSAGES UNSEEN UIDNEXT SIZE)", "SELECT INBOX",
                 "FETCH 1:* (UID FLAGS)", "UID SEARCH ALL", "STATUS INBOX (MESSAGES UNSEEN UIDNEXT SIZE)"])
    {
        var (elapsed, octets, tagged) = await probe.RunAsync(command);
        if (!tagged.Contains(" OK ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{command}: {tagged}");
        }

        Console.WriteLine($"| `{command}` | {elapsed.TotalMilliseconds:F0} ms | {octets / 1024.0:F0} KiB | "
            + $"{PeakMiB(server.Process.Id):F0} MiB |");
    }

    await probe.RunAsync("LOGOUT");
}
finally
{
    Directory.Delete(directory, recursive: true);
}

static async Task<ServerProcess> StartServerAsync(string config)
{
    var start = new ProcessStartInfo("dotnet")
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "paloma.dll"), "run", "--config", config])
    {
        start.ArgumentList.Add(arg);
    }

    var server = new ServerProcess(Process.Start(start)!);
    server.Process.OutputDataReceived += (_, e) =>
    {
        if (e.Data is { } line && Regex.Match(line, @"listening protocol=imap endpoint=(\S+)") is { Success: true } m)
        {
            server.EndPoint.TrySetResult(IPEndPoint.Parse(m.Groups[1].Value));
        }
    };
    server.Process.ErrorDataReceived += (_, _) => { };
    server.Process.BeginOutputReadLine();
    server.Process.BeginErrorReadLine();
    await Task.Yield();
    return server;
}

// VmHWM: the peak resident set size of the process since it started (proc(5)).
static double PeakMiB(int pid) =>
    File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture))
        .Single() / 1024.0;

/// <summary>The child <c>paloma run</c> process, killed when the benchmark ends.</summary>
internal sealed class ServerProcess(Process process) : IDisposable
{
    public Process Process { get; } = process;

    public TaskCompletionSource<IPEndPoint> EndPoint { get; } = new();

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }
}
