using System.CommandLine;
using Paloma.Config;
using Paloma.Policy;
using Paloma.Smtp.Policy;

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

            // The maps are read as the server would read them; a bad line fails here with file and line.
            PolicyMaps maps;
            try
            {
                maps = PolicyMaps.Load(config);
            }
            catch (MapParseException e)
            {
                throw new ConfigException(e.Message);
            }

            // The certificate pair too: a pair the server could not load would stop its start.
            try
            {
                Paloma.Tls.TlsCertificateProvider.Validate(config);
            }
            catch (Paloma.Tls.TlsCertificateException e)
            {
                throw new ConfigException($"{config.SourceFile ?? "configuration"}: {e.Message}");
            }

            Console.Write(ConfigPrinter.ToToml(config));
            foreach (var warning in maps.Warnings)
            {
                Console.Error.WriteLine("warning: " + warning);
            }

            Console.Error.WriteLine("configuration OK");
            return PalomaCli.Success;
        });
        return command;
    }
}
