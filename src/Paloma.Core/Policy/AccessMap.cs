using System.Net;

namespace Paloma.Policy;

/// <summary>Sendmail's access map, read from its text form (the file makemap(8) would compile) and from inline
/// rules. Lookups follow cf/README, "The access database": the most specific key wins; at each level a tagged
/// key is consulted before the untagged one. All tables are built at parse time; lookups do not allocate for
/// plain ASCII input.</summary>
public sealed class AccessMap
{
    private readonly Dictionary<string, AccessEntry> _connectHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly IpNetworkTable _connectNetworks = new();
    private readonly Dictionary<string, AccessEntry> _from = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, AccessEntry> _to = new(StringComparer.OrdinalIgnoreCase);

    private AccessMap(List<ParsedAccessEntry> entries, List<string> warnings)
    {
        // Untagged first, tagged second: a tagged key replaces an untagged one with the same text, which is the
        // "tagged before untagged at the same level" order of Sendmail's lookups. Within one kind a later source
        // replaces an earlier one (inline rules after the file).
        foreach (var parsed in entries.Where(e => e.Entry.Kind == AccessKeyKind.Untagged))
        {
            Add(parsed);
        }

        foreach (var parsed in entries.Where(e => e.Entry.Kind != AccessKeyKind.Untagged))
        {
            Add(parsed);
        }

        _connectNetworks.Freeze();
        Count = entries.Count;
        Warnings = warnings;
    }

    public static AccessMap Empty { get; } = new([], []);

    /// <summary>Number of entries read (ignored tags not counted).</summary>
    public int Count { get; }

    /// <summary>Entries that were read but have no effect in Paloma (Sendmail tags such as Spam: or
    /// GreetPause:), each naming file and line.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Parses access map text. <paramref name="source"/> names it in errors (a path or "[access] rules").
    /// Throws <see cref="MapParseException"/> with the line for an unknown action, bad key or duplicate key.</summary>
    public static AccessMap Parse(string text, string source) => Create([(text, source)]);

    public static AccessMap Load(string path) => Parse(MapLines.ReadFile(path), path);

    /// <summary>The map of the configuration's [access] table: the file (if any) and then the inline rules, one
    /// rule per string, which replace file entries with the same key.</summary>
    public static AccessMap Load(string? path, IEnumerable<string>? rules, string rulesSource = "[access] rules")
    {
        var sources = new List<(string, string)>();
        if (path is not null)
        {
            sources.Add((MapLines.ReadFile(path), path));
        }

        if (rules is not null)
        {
            sources.Add((string.Join('\n', rules.Select(r => r.Trim())), rulesSource));
        }

        return Create(sources);
    }

    /// <summary>The most specific entry for a connecting client, or null. As in Sendmail's check_relay, the host
    /// name and its parent domains are looked up first, then the address and its networks, longest first.
    /// <paramref name="hostName"/> must be a verified (forward-confirmed) name, or null.</summary>
    public AccessEntry? FindConnect(IPAddress address, string? hostName)
    {
        if (hostName is not null && FindDomain(_connectHosts, hostName) is { } byName)
        {
            return byName;
        }

        var byAddress = _connectNetworks.Find(address);
        return byAddress?.Action.Kind == AccessActionKind.Skip ? null : byAddress;
    }

    /// <summary>The most specific entry for an envelope sender ("From:" and untagged keys), or null.</summary>
    public AccessEntry? FindFrom(string address) => FindAddress(_from, address);

    /// <summary>The most specific entry for an envelope recipient ("To:" and untagged keys), or null.</summary>
    public AccessEntry? FindTo(string address) => FindAddress(_to, address);

    private static AccessMap Create(IEnumerable<(string Text, string Source)> sources)
    {
        var entries = new List<ParsedAccessEntry>();
        var warnings = new List<string>();
        foreach (var (text, source) in sources)
        {
            AccessMapParser.ParseSource(text, source, entries, warnings);
        }

        return new AccessMap(entries, warnings);
    }

    private void Add(ParsedAccessEntry parsed)
    {
        var entry = parsed.Entry;
        if (parsed.Network is not null)
        {
            _connectNetworks.Set(parsed.Network, parsed.PrefixLength, entry);
            return;
        }

        var key = parsed.NormalizedKey;
        var isDomain = !key.Contains('@');
        if (entry.Kind == AccessKeyKind.Connect || entry.Kind == AccessKeyKind.Untagged && isDomain)
        {
            _connectHosts[key] = entry;
        }

        if (entry.Kind is AccessKeyKind.From or AccessKeyKind.Untagged)
        {
            _from[key] = entry;
        }

        if (entry.Kind is AccessKeyKind.To or AccessKeyKind.Untagged)
        {
            _to[key] = entry;
        }
    }

    /// <summary>Sendmail's order for addresses (cf/README, access database, "From:" and "To:"): the full address
    /// "user@host.domain", then "host.domain" and each parent domain, then "user@".</summary>
    private static AccessEntry? FindAddress(Dictionary<string, AccessEntry> table, string address)
    {
        if (table.Count == 0)
        {
            return null;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return null;
        }

        var lookup = table.GetAlternateLookup<ReadOnlySpan<char>>();
        var domain = CanonicalDomain(address.AsSpan(at + 1));
        var full = domain.SequenceEqual(address.AsSpan(at + 1))
            ? address.AsSpan()
            : string.Concat(address.AsSpan(0, at + 1), domain).AsSpan();
        if (lookup.TryGetValue(full, out var exact))
        {
            return exact.Action.Kind == AccessActionKind.Skip ? null : exact;
        }

        if (FindDomain(table, domain) is { } byDomain)
        {
            return byDomain;
        }

        return lookup.TryGetValue(address.AsSpan(0, at + 1), out var user)
            && user.Action.Kind != AccessActionKind.Skip
            ? user
            : null;
    }

    /// <summary>The name, then each parent domain ("a.b.example" → "b.example" → "example"). A SKIP entry ends
    /// the walk without a result.</summary>
    private static AccessEntry? FindDomain(Dictionary<string, AccessEntry> table, ReadOnlySpan<char> name)
    {
        if (table.Count == 0 || name.Length == 0)
        {
            return null;
        }

        name = CanonicalDomain(name);
        var lookup = table.GetAlternateLookup<ReadOnlySpan<char>>();
        while (name.Length > 0)
        {
            if (lookup.TryGetValue(name, out var entry))
            {
                return entry.Action.Kind == AccessActionKind.Skip ? null : entry;
            }

            // An address literal such as "[192.0.2.1]" has no parent domains.
            var dot = name[0] == '[' ? -1 : name.IndexOf('.');
            name = dot < 0 ? [] : name[(dot + 1)..];
        }

        return null;
    }

    /// <summary>The domain as the keys hold it: ASCII names are used as they are (the tables ignore case) with a
    /// trailing dot dropped; only internationalised names and literals are converted, which allocates.</summary>
    private static ReadOnlySpan<char> CanonicalDomain(ReadOnlySpan<char> domain)
    {
        if (domain.EndsWith(".") && !domain.EndsWith(".."))
        {
            domain = domain[..^1];
        }

        foreach (var c in domain)
        {
            if (c > 127 || c == '[')
            {
                return DomainName.Normalize(domain) ?? domain;
            }
        }

        return domain;
    }
}
