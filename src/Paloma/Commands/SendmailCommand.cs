using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Paloma.Config;
using Paloma.Hosting;
using Paloma.Policy;
using Paloma.Sendmail;
using Paloma.Smtp.Policy;

namespace Paloma.Cli.Commands;

/// <summary>
/// <c>paloma sendmail</c>, and the program run under the names sendmail, mailq and newaliases. It parses
/// sendmail's own command line (not System.CommandLine's: "-oi" and "-bs" are not POSIX options) and exits
/// with sendmail's status codes (<see cref="SendmailExit"/>). It opens the data directory itself, as the
/// other commands do; a message goes to the queue, which the running server works.
/// </summary>
internal static class SendmailCommand
{
    private const string Usage = """
        usage: paloma sendmail [-t] [-i] [-f sender] [-F fullname] [-v] [-C config] [recipient ...]
               paloma sendmail -bs | -bp | -bv recipient ... | -bi | -q
        Also run as 'sendmail', 'mailq' (= -bp) and 'newaliases' (= -bi) through a symlink to paloma.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, string invokedAs)
    {
        var name = invokedAs == "paloma" ? "paloma sendmail" : invokedAs;
        SendmailOptions options;
        try
        {
            options = SendmailArguments.Parse(args, invokedAs);
        }
        catch (SendmailUsageException e)
        {
            await Console.Error.WriteLineAsync($"{name}: {e.Message}{Environment.NewLine}{Usage}")
                .ConfigureAwait(false);
            return SendmailExit.Usage;
        }

        foreach (var note in options.Notes)
        {
            await Console.Error.WriteLineAsync($"{name}: note: {note}").ConfigureAwait(false);
        }

        var config = options.ConfigFile is null ? [] : new[] { "--config", options.ConfigFile };
        switch (options.Mode)
        {
            case SendmailMode.Help:
                Console.WriteLine(Usage);
                return SendmailExit.Ok;
            case SendmailMode.PrintQueue:
                return await PalomaCli.RunAsync(["queue", "list", .. config]).ConfigureAwait(false);
            case SendmailMode.RunQueue:
                return await PalomaCli.RunAsync(["queue", "flush", .. config]).ConfigureAwait(false);
        }

        try
        {
            return await RunWithConfigAsync(options, ConfigLoader.Load(options.ConfigFile), name)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is ConfigException or MapParseException)
        {
            await Console.Error.WriteLineAsync($"{name}: configuration error:{Environment.NewLine}{e.Message}")
                .ConfigureAwait(false);
            return SendmailExit.Config;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"{name}: {e.Message}").ConfigureAwait(false);
            return SendmailExit.TempFail;
        }
    }

    private static async Task<int> RunWithConfigAsync(SendmailOptions options, PalomaConfig config, string name)
    {
        if (options.Mode == SendmailMode.InitAliases)
        {
            return NewAliases(config, name);
        }

        // Logs go to stderr only, and only with -v: stdout carries the SMTP session of -bs.
        using var loggers = options.Verbose
            ? LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
            : (ILoggerFactory)NullLoggerFactory.Instance;
        await using var server = PalomaServer.Create(config, loggers);
        var context = server.Context;
        switch (options.Mode)
        {
            case SendmailMode.Smtp:
                await StdioSmtpSession.RunAsync(context, Console.OpenStandardInput(), Console.OpenStandardOutput(),
                    CancellationToken.None).ConfigureAwait(false);
                return SendmailExit.Ok;
            case SendmailMode.Verify:
                return await VerifyAsync(options, new LocalRecipients(context)).ConfigureAwait(false);
        }

        var submission = new LocalSubmission(context, new LocalRecipients(context), Console.Error);
        var result = await submission.SubmitAsync(options, Console.OpenStandardInput(), CancellationToken.None)
            .ConfigureAwait(false);
        foreach (var error in result.Errors)
        {
            await Console.Error.WriteLineAsync($"{name}: {error}").ConfigureAwait(false);
        }

        return result.ExitCode;
    }

    /// <summary>-bv: one line per address, as sendmail prints them, from the same resolution as delivery.
    /// </summary>
    private static async Task<int> VerifyAsync(SendmailOptions options, LocalRecipients recipients)
    {
        if (options.Recipients.Count == 0)
        {
            await Console.Error.WriteLineAsync("-bv: no addresses to verify").ConfigureAwait(false);
            return SendmailExit.Usage;
        }

        await recipients.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        var exit = SendmailExit.Ok;
        foreach (var address in options.Recipients)
        {
            var outcome = await recipients.ResolveAsync(address, CancellationToken.None).ConfigureAwait(false);
            if (!outcome.IsDeliverable)
            {
                Console.WriteLine($"{address}... undeliverable: {outcome.Failure}");
                exit = SendmailExit.NoUser;
                continue;
            }

            var parts = outcome.Targets.Select(t => outcome.LocalUsers.Contains(t)
                ? $"local user {t}"
                : $"remote {t} (queue)");
            Console.WriteLine(outcome.Targets.Count == 0
                ? $"{address}... deliverable: discarded by the access map"
                : $"{address}... deliverable: {string.Join(", ", parts)}");
        }

        return exit;
    }

    /// <summary>-bi: Paloma reads the aliases file as text at every change, so there is no database to
    /// rebuild; this only checks the file and counts its entries.</summary>
    private static int NewAliases(PalomaConfig config, string name)
    {
        var maps = PolicyMaps.Load(config);
        var file = config.Aliases.File ?? "(no [aliases] file configured)";
        Console.WriteLine($"{file}: {maps.Aliases.Current.Count} aliases");
        Console.Error.WriteLine($"{name}: Paloma reads the aliases file directly; no database rebuild is needed");
        return SendmailExit.Ok;
    }
}
