using System.Text;
using Paloma.Policy;

namespace Paloma.Import;

/// <summary>
/// Copies a Sendmail map source (access, aliases, virtusertable, local-host-names, relay-domains) line by
/// line, checking each entry with Paloma's own parser for that map. An entry Paloma cannot use is written as a
/// comment, with the reason, and reported, so that the copy always loads and nothing is dropped silently.
/// </summary>
internal static class MapFileConverter
{
    /// <summary>Returns the converted text; <paramref name="unmapped"/> gets one line per entry left out.
    /// </summary>
    public static string Convert(string text, string name, Action<string, string> check, List<string> unmapped)
    {
        var output = new StringBuilder($"# converted from Sendmail's {name} by paloma import sendmail\n");
        foreach (var line in MapLines.Split(text, name))
        {
            try
            {
                check(line.Text, name);
                output.Append(line.Text).Append('\n');
            }
            catch (MapParseException e)
            {
                unmapped.Add($"{name} line {line.Number}: {line.Text}: {Reason(e)}");
                output.Append("# not imported: ").Append(Reason(e)).Append('\n');
                output.Append("# ").Append(line.Text).Append('\n');
            }
        }

        return output.ToString();
    }

    /// <summary>Aliases are checked target by target: a program, file or :include: target is left out (and
    /// reported) while the alias keeps its other targets.</summary>
    public static string ConvertAliases(string text, List<string> unmapped)
    {
        var output = new StringBuilder("# converted from Sendmail's aliases by paloma import sendmail\n");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in MapLines.Split(text, "aliases"))
        {
            var colon = line.Text.IndexOf(':');
            var name = colon < 0 ? "" : line.Text[..colon].Trim();
            var kept = new List<string>();
            foreach (var target in colon < 0 ? [] : SplitTargets(line.Text[(colon + 1)..]))
            {
                try
                {
                    AliasTable.Parse($"{name}: {target}", "aliases");
                    kept.Add(target);
                }
                catch (MapParseException e)
                {
                    unmapped.Add($"aliases line {line.Number}: {name}: {target}: {Reason(e)}");
                }
            }

            if (kept.Count == 0 || !seen.Add(name))
            {
                unmapped.Add($"aliases line {line.Number}: {line.Text}: "
                    + (kept.Count == 0 ? "no target Paloma can deliver to; alias left out" : "duplicate alias"));
                output.Append("# not imported: ").Append(line.Text).Append('\n');
                continue;
            }

            output.Append(name).Append(": ").Append(string.Join(", ", kept)).Append('\n');
        }

        return output.ToString();
    }

    /// <summary>Splits "a, b, \"|prog arg\"" at commas outside double quotes.</summary>
    private static List<string> SplitTargets(string text)
    {
        var targets = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            if (c == ',' && !quoted)
            {
                targets.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        targets.Add(current.ToString().Trim());
        return targets.Where(t => t.Length > 0).ToList();
    }

    private static string Reason(MapParseException e) => e.Detail;
}
