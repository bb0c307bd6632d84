namespace Paloma.Policy;

/// <summary>A set of domain names: Sendmail's class {w} (local-host-names, the domains we deliver for) or class
/// {R} (relay-domains). Names are matched case-insensitively, with a trailing dot ignored and internationalised
/// names compared in A-label form. Address literals such as "[192.0.2.1]" may be listed too.</summary>
public sealed class DomainSet
{
    private readonly HashSet<string> _names;

    private DomainSet(HashSet<string> names)
    {
        _names = names;
    }

    public static DomainSet Empty { get; } = new(new HashSet<string>(StringComparer.OrdinalIgnoreCase));

    public int Count => _names.Count;

    /// <summary>The normalised names (lower case, A-labels).</summary>
    public IEnumerable<string> Names => _names;

    /// <summary>A set from configuration values (the [domains] local or relay list). <paramref name="source"/>
    /// names the setting in errors; the line is the 1-based position in the list.</summary>
    public static DomainSet Create(IEnumerable<string> names, string source)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        foreach (var name in names)
        {
            position++;
            AddName(set, name.Trim(), source, position);
        }

        return new DomainSet(set);
    }

    /// <summary>Reads the local-host-names / relay-domains format: names separated by white space, usually one a
    /// line, lines starting with '#' are comments (sendmail's F class files read every word of a line).</summary>
    public static DomainSet Parse(string text, string source)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in MapLines.Split(text, source))
        {
            foreach (var word in line.Text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                AddName(set, word, source, line.Number);
            }
        }

        return new DomainSet(set);
    }

    public static DomainSet Load(string path) => Parse(MapLines.ReadFile(path), path);

    /// <summary>The [domains] setting: the inline names plus the file's, if a file is given.</summary>
    public static DomainSet Load(IEnumerable<string>? names, string? path, string namesSource)
    {
        var inline = Create(names ?? [], namesSource);
        return path is null ? inline : inline.Union(Load(path));
    }

    public DomainSet Union(DomainSet other)
    {
        var set = new HashSet<string>(_names, StringComparer.OrdinalIgnoreCase);
        set.UnionWith(other._names);
        return new DomainSet(set);
    }

    /// <summary>True when the domain itself is listed (the local-host-names rule: no subdomains).</summary>
    public bool Contains(string domain)
    {
        if (_names.Count == 0)
        {
            return false;
        }

        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        var canonical = Canonical(domain);
        return canonical is not null && lookup.Contains(canonical);
    }

    /// <summary>True when the domain or one of its parent domains is listed: the relay-domains rule. Sendmail
    /// treats class {R} entries as domains, not host names: cf/README, FEATURE(`relay_hosts_only'): "By default,
    /// names that are listed as RELAY in the access db and class {R} are treated as domain names, not host names.
    /// For example, if you specify ``foo.com'', then mail to or from foo.com, abc.foo.com, or
    /// a.very.deep.domain.foo.com will all be accepted for relaying."</summary>
    public bool ContainsDomainOrParent(string domain)
    {
        if (_names.Count == 0)
        {
            return false;
        }

        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        var name = Canonical(domain);
        if (name is null)
        {
            return false;
        }

        if (name[0] == '[')
        {
            return lookup.Contains(name);
        }

        var span = name.AsSpan();
        while (span.Length > 0)
        {
            if (lookup.Contains(span))
            {
                return true;
            }

            var dot = span.IndexOf('.');
            span = dot < 0 ? [] : span[(dot + 1)..];
        }

        return false;
    }

    /// <summary>Plain ASCII names without a trailing dot are used as given (the set ignores case); anything else
    /// goes through full normalisation.</summary>
    private static string? Canonical(string domain)
    {
        foreach (var c in domain)
        {
            if (c > 127 || c == '[')
            {
                return DomainName.Normalize(domain);
            }
        }

        return domain.EndsWith('.') ? DomainName.Normalize(domain) : domain.Length == 0 ? null : domain;
    }

    private static void AddName(HashSet<string> set, string name, string source, int line)
    {
        var normalized = DomainName.Normalize(name)
            ?? throw new MapParseException(source, line, $"\"{name}\" is not a valid domain name or address literal");
        set.Add(normalized);
    }
}
