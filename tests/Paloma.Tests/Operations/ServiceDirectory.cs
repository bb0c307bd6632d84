using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Paloma.Tests.Support;

namespace Paloma.Tests.Operations;

/// <summary>
/// A temporary directory with a paloma.toml (POP3 on 127.0.0.1:0, nothing else) for running the real service
/// commands. Every server started from it is killed on dispose, whatever the test did.
/// </summary>
public sealed partial class ServiceDirectory : IAsyncDisposable
{
    private readonly HashSet<int> _pids = [];

    public ServiceDirectory()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("paloma-ops-").FullName;
        ConfigFile = Path.Combine(Directory, "paloma.toml");
        WriteConfig();
    }

    public string Directory { get; }

    public string ConfigFile { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public string PidFile => Path.Combine(DataDirectory, "paloma.pid");

    /// <summary>Writes the configuration: <paramref name="pop3"/> and <paramref name="smtp"/> listen addresses,
    /// then any extra tables.</summary>
    public void WriteConfig(string pop3 = "\"127.0.0.1:0\"", string extra = "", string smtp = "") =>
        File.WriteAllText(ConfigFile, $"""
            [server]
            hostname = "mx.example.com"
            data_dir = "data"
            stop_grace = 10
            [listen]
            smtp = [{smtp}]
            imap = []
            pop3 = [{pop3}]
            submission = []
            submissions = []
            imaps = []
            pop3s = []
            {extra}
            """);

    /// <summary>Runs <c>paloma ARGS --config paloma.toml</c> and remembers any server pid it reports.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var result = await PalomaProcess.RunAsync(Directory, null, [.. args, "--config", ConfigFile]);
        foreach (Match match in PidLine().Matches(result.Stdout))
        {
            _pids.Add(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        return result;
    }

    /// <summary>The address of the first listener of <paramref name="protocol"/> that status lists.</summary>
    public static IPEndPoint Listener(string statusOutput, string protocol, int index = 0) =>
        IPEndPoint.Parse(Regex.Matches(statusOutput, $@"listener: {protocol} (\S+)")[index].Groups[1].Value);

    public static int Pid(string statusOutput) =>
        int.Parse(Regex.Match(statusOutput, @"pid: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>Polls <c>paloma status</c> until its output satisfies <paramref name="done"/>.</summary>
    public async Task<string> WaitForStatusAsync(Func<string, bool> done)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = await RunAsync("status");
            if (done(status.Stdout))
            {
                return status.Stdout;
            }

            await Task.Delay(100, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var fromFile))
        {
            _pids.Add(fromFile);
        }

        foreach (var pid in _pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                if (process.ProcessName is "dotnet" or "paloma")
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"pid:? (\d+)")]
    private static partial Regex PidLine();
}
