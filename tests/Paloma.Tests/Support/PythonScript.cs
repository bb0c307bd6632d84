using System.Diagnostics;

namespace Paloma.Tests.Support;

/// <summary>
/// Runs a client script from tests/python with the machine's python3, so that end-to-end tests also use
/// Python's own smtplib, imaplib and poplib. A script reports failure by exiting non-zero; its output is
/// returned so the assertion message shows what went wrong.
/// </summary>
public static class PythonScript
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, params string[] args)
    {
        var path = Path.Combine(FindScriptsDirectory(), script);
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(path);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 2 minutes\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindScriptsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "python");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/python not found above " + AppContext.BaseDirectory);
    }
}
