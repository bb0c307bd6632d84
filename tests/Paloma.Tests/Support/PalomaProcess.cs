using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Paloma.Tests.Support;

/// <summary>
/// Runs the real <c>paloma</c> program (paloma.dll next to the tests) as a child process: for CLI tests, and
/// for tests that must kill the server the hard way.
/// </summary>
public sealed partial class PalomaProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private PalomaProcess(Process process)
    {
        _process = process;
    }

    public IReadOnlyCollection<string> Output => _output;

    public Dictionary<string, IPEndPoint> Listeners { get; } = [];

    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "paloma.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PALOMA_CONFIG");
        return start;
    }

    /// <summary>Runs one CLI command to completion.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory,
        string? stdin, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts <c>paloma run</c> and waits until it has logged a listening line for every protocol in
    /// <paramref name="protocols"/>.</summary>
    public static async Task<PalomaProcess> StartServerAsync(string workingDirectory, string configFile,
        params string[] protocols)
    {
        var process = Process.Start(StartInfo(workingDirectory, ["run", "--config", configFile]))!;
        var server = new PalomaProcess(process);
        var ready = new TaskCompletionSource();
        void OnLine(string? line)
        {
            if (line is null)
            {
                ready.TrySetException(new InvalidOperationException("paloma exited: "
                    + string.Join("\n", server._output)));
                return;
            }

            server._output.Enqueue(line);
            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                lock (server.Listeners)
                {
                    server.Listeners[match.Groups[1].Value] = IPEndPoint.Parse(match.Groups[2].Value);
                    if (protocols.All(server.Listeners.ContainsKey))
                    {
                        ready.TrySetResult();
                    }
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                server._output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    public int Id => _process.Id;

    /// <summary>Waits for the process to end by itself (after a signal, say) and returns its exit status.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or power cut of the process.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"listening protocol=(\w+) endpoint=(\S+)")]
    private static partial Regex ListeningLine();
}
