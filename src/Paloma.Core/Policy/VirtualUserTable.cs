namespace Paloma.Policy;

/// <summary>Sendmail's virtusertable in text form (cf/README, FEATURE(`virtusertable')): "user@domain target"
/// for one address, "@domain target" as the catch-all for a domain, where "%1" in the target stands for the
/// user part; a target "error:nouser text" or "error:D.S.N:### text" refuses the address. An exact address
/// takes precedence over the domain's catch-all. Lookups ignore case.</summary>
public sealed class VirtualUserTable
{
    private readonly Dictionary<string, VirtualUserEntry> _entries;

    private VirtualUserTable(Dictionary<string, VirtualUserEntry> entries)
    {
        _entries = entries;
    }

    public static VirtualUserTable Empty { get; } = new(new(StringComparer.OrdinalIgnoreCase));

    public int Count => _entries.Count;

    public static VirtualUserTable Load(string path) => Parse(MapLines.ReadFile(path), path);

    public static VirtualUserTable Parse(string text, string source)
    {
        var entries = new Dictionary<string, VirtualUserEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in MapLines.Split(text, source))
        {
            var (key, value) = MapLines.SplitKeyValue(line.Text);
            var normalizedKey = NormalizeKey(key)
                ?? throw new MapParseException(source, line.Number,
                    $"\"{key}\" is not a virtusertable key (user@domain or @domain)");
            if (value.Length == 0)
            {
                throw new MapParseException(source, line.Number, $"\"{key}\" has no target");
            }

            var entry = value.StartsWith("error:", StringComparison.OrdinalIgnoreCase)
                ? new VirtualUserEntry(key, null, ParseError(value[6..], source, line.Number), source, line.Number)
                : new VirtualUserEntry(key, ParseTarget(value, source, line.Number), null, source, line.Number);
            if (!entries.TryAdd(normalizedKey, entry))
            {
                throw new MapParseException(source, line.Number, $"duplicate key \"{key}\"");
            }
        }

        return new VirtualUserTable(entries);
    }

    /// <summary>The entry for local@domain: the exact address first, then "@domain". The returned target has
    /// "%1" replaced by the local part. <paramref name="domain"/> must be normalised (as EnvelopeAddress gives
    /// it).</summary>
    public VirtualUserEntry? Find(string localPart, string domain)
    {
        if (_entries.Count == 0)
        {
            return null;
        }

        if (_entries.TryGetValue(localPart + "@" + domain, out var exact))
        {
            return exact;
        }

        if (!_entries.TryGetValue("@" + domain, out var catchAll))
        {
            return null;
        }

        return catchAll.Target is null ? catchAll : catchAll with { Target = catchAll.Target.Replace("%1", localPart) };
    }

    private static string? NormalizeKey(string key)
    {
        var at = key.LastIndexOf('@');
        if (at < 0 || at == key.Length - 1)
        {
            return null;
        }

        var domain = DomainName.Normalize(key.AsSpan(at + 1));
        if (domain is null)
        {
            return null;
        }

        if (at == 0)
        {
            return "@" + domain;
        }

        return EnvelopeAddress.TryParse(key, out var address, out _) ? address.Address : null;
    }

    private static string ParseTarget(string value, string source, int line)
    {
        // Check the syntax with a stand-in for %1, since the user part is only known at lookup time.
        var probe = value.Replace("%1", "user");
        string? error = null;
        if (value.Contains(',') || !EnvelopeAddress.TryParse(probe, out var address, out error) || address.IsNull)
        {
            throw new MapParseException(source, line,
                $"invalid target \"{value}\" (one address or local name; use an alias for several)"
                + (error is null ? "" : ": " + error));
        }

        var at = value.LastIndexOf('@');
        return at < 0 ? value : value[..(at + 1)] + address.Domain;
    }

    /// <summary>"error:nouser text" uses a sysexits name as Sendmail's error mailer does; the other forms are
    /// the access map's ERROR: syntax ("5.1.1:550 text", "550 text").</summary>
    private static PolicyDecision ParseError(string rest, string source, int line)
    {
        var (word, text) = MapLines.SplitKeyValue(rest.Trim());
        var reason = $"{source}:{line}";
        switch (word.ToLowerInvariant())
        {
            case "nouser":
                return PolicyDecision.Reject(550, "5.1.1", text.Length > 0 ? text : "User unknown", reason);
            case "nohost":
                return PolicyDecision.Reject(550, "5.1.2", text.Length > 0 ? text : "Host unknown", reason);
            case "unavailable":
                return PolicyDecision.Reject(550, "5.0.0", text.Length > 0 ? text : "Service unavailable", reason);
            case "tempfail":
                return PolicyDecision.TempFail(451, "4.0.0", text.Length > 0 ? text : "Try again later", reason);
        }

        var action = AccessAction.TryParse("ERROR:" + rest, out var error)
            ?? throw new MapParseException(source, line,
                $"invalid error target (expected error:nouser text or error:D.S.N:### text): {error}");
        return action.ToDecision(reason);
    }
}
