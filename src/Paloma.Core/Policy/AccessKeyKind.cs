namespace Paloma.Policy;

/// <summary>The tag of an access map key (cf/README, "The access database": "Connect:", "From:", "To:", or no
/// tag, which Sendmail consults for every kind of check after the tagged key at the same level).</summary>
public enum AccessKeyKind
{
    /// <summary>A key without a tag; it applies to connections, senders and recipients.</summary>
    Untagged,

    /// <summary>"Connect:": the client's IP address, network, host name or domain.</summary>
    Connect,

    /// <summary>"From:": the envelope sender (MAIL FROM).</summary>
    From,

    /// <summary>"To:": the envelope recipient (RCPT TO).</summary>
    To,
}
