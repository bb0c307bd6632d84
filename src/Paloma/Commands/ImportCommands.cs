using System.CommandLine;
using Paloma.Accounts;
using Paloma.Import;
using Paloma.Storage;

namespace Paloma.Cli.Commands;

/// <summary><c>paloma import sendmail DIR</c> and <c>paloma import maildir DIR --user ADDRESS</c>.</summary>
internal static class ImportCommands
{
    public static Command Create()
    {
        var import = new Command("import", "Import a Sendmail configuration or a Maildir");
        import.Subcommands.Add(Sendmail());
        import.Subcommands.Add(Maildir());
        return import;
    }

    private static Command Maildir()
    {
        var directory = new Argument<string>("DIR") { Description = "The Maildir, e.g. /home/alice/Maildir" };
        var user = new Option<string>("--user")
        {
            Description = "The Paloma user whose mailboxes receive the messages",
            Required = true,
        };
        var command = new Command("maildir", "Import a Maildir(++) tree: folders, flags and dates; resumable")
        {
            directory,
            user,
        };
        command.SetAction(async (result, ct) =>
        {
            var source = result.GetValue(directory)!;
            if (!Directory.Exists(source))
            {
                throw new UsageException($"{source}: no such directory");
            }

            var config = PalomaCli.LoadConfig(result);
            using var database = SqliteDatabase.Open(config.DataDirectory);
            var store = new SqliteMailStore(database, config.DataDirectory);
            var importer = new MaildirImporter(new SqliteAccountStore(database, store), store, config.DataDirectory);
            var counts = await importer.ImportAsync(source, result.GetValue(user)!, Console.Out, ct)
                .ConfigureAwait(false);
            Console.WriteLine($"imported {counts.Imported} message(s) in {counts.Folders} folder(s); "
                + $"{counts.Skipped} already imported");
            return PalomaCli.Success;
        });
        return command;
    }

    private static Command Sendmail()
    {
        var directory = new Argument<string>("DIR") { Description = "The Sendmail directory, e.g. /etc/mail" };
        var output = new Option<string>("--output")
        {
            Description = "Where paloma.toml and the converted maps are written",
            DefaultValueFactory = _ => "./paloma-import",
        };
        var command = new Command("sendmail", "Write paloma.toml and maps equivalent to a Sendmail /etc/mail")
        {
            directory,
            output,
        };
        command.SetAction(result =>
        {
            var source = result.GetValue(directory)!;
            if (!Directory.Exists(source))
            {
                throw new UsageException($"{source}: no such directory");
            }

            var report = SendmailImporter.Import(source, result.GetValue(output)!);
            foreach (var line in report.Unmapped)
            {
                Console.WriteLine("not mapped: " + line);
            }

            Console.WriteLine($"wrote {report.ConfigFile} ({report.Unmapped.Count} item(s) not mapped)");
            return PalomaCli.Success;
        });
        return command;
    }
}
