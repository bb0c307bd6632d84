using System.CommandLine;
using Paloma.Accounts;
using Paloma.Cli.Commands;
using Paloma.Config;

namespace Paloma.Cli;

/// <summary>
/// The <c>paloma</c> command line. Exit status follows the product brief: 0 success, 1 runtime failure,
/// 2 usage or configuration error; every error names what is wrong and where.
/// </summary>
public static class PalomaCli
{
    public const int Success = 0;
    public const int RuntimeFailure = 1;
    public const int UsageError = 2;

    /// <summary>--config FILE, accepted by every command.</summary>
    public static readonly Option<string?> ConfigOption = new("--config")
    {
        Description = "Configuration file (default: $PALOMA_CONFIG, ./paloma.toml, /etc/paloma/paloma.toml)",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        // sendmail's command line is not POSIX-style ("-oi", "-bs"), so it bypasses the parser entirely.
        if (args.Length > 0 && args[0] == "sendmail")
        {
            return await SendmailCommand.RunAsync(args[1..], "paloma").ConfigureAwait(false);
        }

        var root = new RootCommand("Paloma: SMTP, IMAP and POP3 mail server in one program");
        root.Options.Add(ConfigOption);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(DomainCommands.Create());
        root.Subcommands.Add(UserCommands.Create());
        root.Subcommands.Add(QueueCommands.Create());
        foreach (var command in ServiceCommands.Create())
        {
            root.Subcommands.Add(command);
        }
        root.Subcommands.Add(AliasCommands.Create());
        root.Subcommands.Add(ImportCommands.Create());

        // No response files: an argument such as "@example.com" (an alias target, a catch-all) is an argument,
        // never the name of a file to read arguments from.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"paloma: {error.Message}");
            }

            Console.Error.WriteLine("Try 'paloma --help'.");
            return UsageError;
        }

        try
        {
            // No ProcessTerminationTimeout: `paloma run` handles SIGINT and SIGTERM itself and must be allowed the
            // whole stop grace period, not System.CommandLine's forced exit after two seconds.
            var invocation = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"paloma: configuration error:{Environment.NewLine}{e.Message}");
            return UsageError;
        }
        catch (Policy.MapParseException e)
        {
            // A map named by the configuration (access, aliases, domain lists) has a bad line: file and line.
            Console.Error.WriteLine($"paloma: configuration error:{Environment.NewLine}{e.Message}");
            return UsageError;
        }
        catch (AccountArgumentException e)
        {
            Console.Error.WriteLine($"paloma: {e.Message}");
            return UsageError;
        }
        catch (AccountException e)
        {
            Console.Error.WriteLine($"paloma: {e.Message}");
            return RuntimeFailure;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"paloma: {e.Message}");
            return UsageError;
        }
    }

    public static PalomaConfig LoadConfig(ParseResult result) => ConfigLoader.Load(result.GetValue(ConfigOption));
}

/// <summary>A command used wrongly in a way the parser cannot see (e.g. no terminal for a password prompt).</summary>
public sealed class UsageException(string message) : Exception(message);
