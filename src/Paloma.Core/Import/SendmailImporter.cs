using System.Text;
using Paloma.Config;
using Paloma.Policy;
using Paloma.Smtp.Policy;

namespace Paloma.Import;

/// <summary>
/// <c>paloma import sendmail DIR</c>: turns an /etc/mail directory into a paloma.toml and the map files it
/// names, all in the output directory. Sendmail's hashed .db files are not read; their text sources are
/// (access, aliases, virtusertable, mailertable, local-host-names, relay-domains, sendmail.mc). The result is
/// loaded with <see cref="ConfigLoader"/> and <see cref="PolicyMaps"/> before the import reports success.
/// </summary>
public static class SendmailImporter
{
    public static ImportReport Import(string sourceDirectory, string outputDirectory)
    {
        var output = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(output);
        var toml = new TomlDocument();
        var unmapped = new List<string>();
        var mc = new SendmailMcImporter(toml);
        var mcPath = Path.Combine(sourceDirectory, "sendmail.mc");
        var hasMc = File.Exists(mcPath);
        if (hasMc)
        {
            mc.Import(M4Parser.Parse(File.ReadAllText(mcPath)));
            unmapped.AddRange(mc.Unmapped);
        }
        else
        {
            unmapped.Add("sendmail.mc: not found; limits, listeners and masquerading keep Paloma's defaults "
                + "(sendmail.cf is not read)");
        }

        ConvertMap(sourceDirectory, output, "local-host-names", "domains", "local_file", true, toml, unmapped,
            (line, source) => DomainSet.Parse(line, source));
        ConvertMap(sourceDirectory, output, "relay-domains", "domains", "relay_file", true, toml, unmapped,
            (line, source) => DomainSet.Parse(line, source));
        ConvertMap(sourceDirectory, output, "access", "access", "file", !hasMc || mc.AccessDb, toml, unmapped,
            (line, source) => AccessMap.Parse(line, source));
        ConvertMap(sourceDirectory, output, "virtusertable", "aliases", "virtual_file", !hasMc || mc.VirtUserTable,
            toml, unmapped, (line, source) => VirtualUserTable.Parse(line, source));
        var aliases = Path.Combine(sourceDirectory, "aliases");
        if (File.Exists(aliases))
        {
            var target = Path.Combine(output, "aliases");
            File.WriteAllText(target, MapFileConverter.ConvertAliases(File.ReadAllText(aliases), unmapped));
            toml.Set("aliases", "file", target, "aliases");
        }

        var mailertable = Path.Combine(sourceDirectory, "mailertable");
        if (File.Exists(mailertable) && (!hasMc || mc.MailerTable))
        {
            MailertableConverter.Convert(File.ReadAllText(mailertable), toml, unmapped);
        }

        var configPath = Path.Combine(output, "paloma.toml");
        File.WriteAllText(configPath, toml.Format(
            $"# paloma.toml written by 'paloma import sendmail {sourceDirectory}'\n"
            + "# Set [server] data_dir and check the [listen] addresses before starting.\n"), new UTF8Encoding(false));

        // The import only counts as done when Paloma itself accepts the result.
        var config = ConfigLoader.LoadFile(configPath);
        PolicyMaps.Load(config);
        return new ImportReport(configPath, unmapped);
    }

    private static void ConvertMap(string source, string output, string name, string table, string key, bool used,
        TomlDocument toml, List<string> unmapped, Action<string, string> check)
    {
        var path = Path.Combine(source, name);
        if (!File.Exists(path))
        {
            return;
        }

        if (!used)
        {
            unmapped.Add($"{name}: present, but sendmail.mc does not enable it (FEATURE); not imported");
            return;
        }

        var target = Path.Combine(output, name);
        File.WriteAllText(target, MapFileConverter.Convert(File.ReadAllText(path), name, check, unmapped));
        toml.Set(table, key, target, name);
    }
}

/// <summary>What an import wrote, and one line per setting or entry it could not map, with the reason.
/// </summary>
public sealed record ImportReport(string ConfigFile, IReadOnlyList<string> Unmapped);
