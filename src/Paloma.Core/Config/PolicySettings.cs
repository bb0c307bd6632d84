namespace Paloma.Config;

/// <summary>[domains]: local-host-names and relay-domains (docs/configuration.md).</summary>
public sealed class DomainSettings
{
    /// <summary>Domains delivered locally, in addition to those of <c>paloma domain add</c> (class {w}).</summary>
    public List<string> Local { get; set; } = [];

    /// <summary>A local-host-names file: one name a line, '#' comments.</summary>
    public string? LocalFile { get; set; }

    /// <summary>Domains (and their subdomains) we relay for (relay-domains, class {R}).</summary>
    public List<string> Relay { get; set; } = [];

    /// <summary>A relay-domains file.</summary>
    public string? RelayFile { get; set; }
}

/// <summary>[access]: Sendmail's access map, as a text file and inline rules.</summary>
public sealed class AccessSettings
{
    public string? File { get; set; }

    /// <summary>Inline entries, each "key action"; they replace file entries with the same key.</summary>
    public List<string> Rules { get; set; } = [];
}

/// <summary>[aliases]: an /etc/aliases file and a virtusertable file, both read as text.</summary>
public sealed class AliasSettings
{
    public string? File { get; set; }

    public string? VirtualFile { get; set; }
}

/// <summary>[masquerade]: Sendmail's MASQUERADE_AS, FEATURE(masquerade_envelope) and
/// FEATURE(masquerade_entire_domain).</summary>
public sealed class MasqueradeSettings
{
    /// <summary>The domain header senders of local mail are rewritten to; null disables masquerading.</summary>
    public string? As { get; set; }

    public bool Envelope { get; set; }

    public bool EntireDomain { get; set; }
}
