using System.CommandLine;
using Paloma.Import;

namespace Paloma.Cli.Commands;

/// <summary><c>paloma import sendmail DIR</c> and <c>paloma import maildir DIR --user ADDRESS</c>.</summary>
internal static class ImportCommands
{
    public static Command Create()
    {
        var import = new Command("import", "Import a Sendmail configuration or a Maildir");
        import.Subcommands.Add(Sendmail());
        return import;
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
