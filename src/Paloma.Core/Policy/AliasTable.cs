namespace Paloma.Policy;

/// <summary>The /etc/aliases format (aliases(5)): "name: target, target, ...", '#' comment lines, continuation
/// lines starting with white space, targets optionally in double quotes. Targets are local names, addresses or
/// "\user". Program ("|cmd"), file ("/path") and ":include:" targets are refused at load time: Paloma runs no
/// programs and writes no files on behalf of mail, and silently dropping such a line would lose mail.</summary>
public sealed class AliasTable
{
    private readonly Dictionary<string, IReadOnlyList<AliasTarget>> _aliases;

    private AliasTable(Dictionary<string, IReadOnlyList<AliasTarget>> aliases)
    {
        _aliases = aliases;
    }

    public static AliasTable Empty { get; } = new(new(StringComparer.OrdinalIgnoreCase));

    public int Count => _aliases.Count;

    public IEnumerable<string> Names => _aliases.Keys;

    public static AliasTable Load(string path) => Parse(MapLines.ReadFile(path), path);

    /// <summary>Parses aliases text; <see cref="MapParseException"/> names the line of any bad entry.</summary>
    public static AliasTable Parse(string text, string source)
    {
        var aliases = new Dictionary<string, IReadOnlyList<AliasTarget>>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in MapLines.Split(text, source))
        {
            var colon = line.Text.IndexOf(':');
            if (colon < 0)
            {
                throw new MapParseException(source, line.Number,
                    $"expected \"name: target, ...\", got \"{line.Text}\"");
            }

            var name = line.Text[..colon].Trim();
            if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c is '@' or '"' or ','))
            {
                throw new MapParseException(source, line.Number,
                    $"\"{name}\" is not a valid alias name (a local name without '@' or spaces)");
            }

            var targets = ParseTargets(line.Text[(colon + 1)..], source, line.Number);
            if (targets.Count == 0)
            {
                throw new MapParseException(source, line.Number, $"alias \"{name}\" has no targets");
            }

            if (!aliases.TryAdd(name, targets))
            {
                throw new MapParseException(source, line.Number, $"duplicate alias \"{name}\"");
            }
        }

        return new AliasTable(aliases);
    }

    /// <summary>This table with the entries of <paramref name="overrides"/> added; a name in both takes the
    /// targets of <paramref name="overrides"/> (the aliases of `paloma alias add` override the file).</summary>
    public AliasTable Union(AliasTable overrides)
    {
        if (overrides.Count == 0)
        {
            return this;
        }

        var merged = new Dictionary<string, IReadOnlyList<AliasTarget>>(_aliases, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, targets) in overrides._aliases)
        {
            merged[name] = targets;
        }

        return new AliasTable(merged);
    }

    /// <summary>The targets of an alias; the name is matched case-insensitively.</summary>
    public bool TryGetTargets(string name, out IReadOnlyList<AliasTarget> targets)
    {
        if (_aliases.TryGetValue(name, out var found))
        {
            targets = found;
            return true;
        }

        targets = [];
        return false;
    }

    private static List<AliasTarget> ParseTargets(string text, string source, int line)
    {
        var targets = new List<AliasTarget>();
        foreach (var item in SplitOutsideQuotes(text, source, line))
        {
            var value = item.Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1].Trim();
            }

            if (value.Length == 0)
            {
                continue;
            }

            targets.Add(ParseTarget(value, source, line));
        }

        return targets;
    }

    private static AliasTarget ParseTarget(string value, string source, int line)
    {
        if (value[0] == '|')
        {
            throw new MapParseException(source, line,
                $"program target \"{value}\" is not supported: Paloma does not pipe mail to programs");
        }

        if (value[0] == '/')
        {
            throw new MapParseException(source, line,
                $"file target \"{value}\" is not supported: Paloma does not append mail to files");
        }

        if (value.StartsWith(":include:", StringComparison.OrdinalIgnoreCase))
        {
            throw new MapParseException(source, line,
                $"\"{value}\" is not supported: list the addresses in the alias itself");
        }

        var verbatim = value[0] == '\\';
        var name = verbatim ? value[1..] : value;
        if (!EnvelopeAddress.TryParse(name, out var address, out var error) || address.IsNull
            || verbatim && address.Domain is not null)
        {
            throw new MapParseException(source, line,
                $"invalid alias target \"{value}\": {error ?? "not a local name"}");
        }

        return new AliasTarget(address.Address, verbatim);
    }

    private static IEnumerable<string> SplitOutsideQuotes(string text, string source, int line)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && quoted)
            {
                i++;
            }
            else if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (text[i] == ',' && !quoted)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        if (quoted)
        {
            throw new MapParseException(source, line, "unterminated quoted target");
        }

        parts.Add(text[start..]);
        return parts;
    }
}
