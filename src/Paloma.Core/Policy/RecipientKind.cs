namespace Paloma.Policy;

/// <summary>What a recipient is, from the relay policy's point of view.</summary>
public enum RecipientKind
{
    /// <summary>&lt;Postmaster&gt; without a domain (RFC 5321 §4.5.1): always accepted.</summary>
    Postmaster,

    /// <summary>local-part@local-domain with a clean local part: deliver locally (if the user exists).</summary>
    Local,

    /// <summary>At a local domain, but the local part holds '%', '!' or '@' (the "%" hack, bang paths, quoted
    /// addresses): refused, since we never route on the local part.</summary>
    LocalWithRoutingCharacters,

    /// <summary>No domain and not Postmaster: RFC 5321 §4.1.2 requires a domain.</summary>
    Unqualified,

    /// <summary>Any other domain or address literal: accepted only if relaying is allowed.</summary>
    Remote,
}
