using System.CommandLine;
using Paloma.Config;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Paloma.Cli.Service;

/// <summary>
/// Finds the running server for status, reload and stop even when the configuration file has just been broken:
/// those commands need only <c>server.data_dir</c> and <c>server.pid_file</c>, and a reload must reach the
/// server so that the server, which keeps its running configuration, reports the error itself.
/// </summary>
internal static class ServiceConfig
{
    public static PalomaConfig LoadLenient(ParseResult result)
    {
        try
        {
            return PalomaCli.LoadConfig(result);
        }
        catch (ConfigException) when (ConfigLoader.Locate(result.GetValue(PalomaCli.ConfigOption)) is { } path)
        {
            return Locations(path);
        }
    }

    /// <summary>Reads only the [server] file locations, ignoring every other key and any error elsewhere.</summary>
    private static PalomaConfig Locations(string path)
    {
        var config = new PalomaConfig { SourceFile = Path.GetFullPath(path) };
        var document = SyntaxParser.Parse(File.ReadAllText(path), path, true);
        var server = document.Tables.OfType<TableSyntax>().FirstOrDefault(t => t.Name?.ToString().Trim() == "server");
        foreach (var item in server?.Items ?? [])
        {
            var key = item.Key?.ToString().Trim().Trim('"');
            if (item.Value is StringValueSyntax { Value: { Length: > 0 } value })
            {
                switch (key)
                {
                    case "data_dir":
                        config.Server.DataDir = value;
                        break;
                    case "pid_file":
                        config.Server.PidFile = value;
                        break;
                }
            }
        }

        return config;
    }
}
