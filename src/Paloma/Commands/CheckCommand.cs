using System.CommandLine;
using Paloma.Config;

namespace Paloma.Cli.Commands;

/// <summary><c>paloma check</c>: validate the configuration and print the effective settings.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var command = new Command("check", "Validate the configuration and print the effective settings");
        command.SetAction(result =>
        {
            var config = PalomaCli.LoadConfig(result);
            Console.Write(ConfigPrinter.ToToml(config));
            Console.Error.WriteLine("configuration OK");
            return PalomaCli.Success;
        });
        return command;
    }
}
