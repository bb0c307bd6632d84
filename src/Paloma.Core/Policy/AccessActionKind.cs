namespace Paloma.Policy;

/// <summary>The right-hand sides of Sendmail's access database (cf/README, "The access database").</summary>
public enum AccessActionKind
{
    /// <summary>Accept even if other rules would reject; does not grant relaying ("OK allows less than
    /// RELAY").</summary>
    Ok,

    /// <summary>Accept and allow relaying through us; for a sender-only key it acts as OK.</summary>
    Relay,

    /// <summary>Refuse with 550 5.7.1.</summary>
    Reject,

    /// <summary>Accept and drop the message.</summary>
    Discard,

    /// <summary>Refuse with the code and text given in the entry (4xx codes give a temporary failure).</summary>
    Error,

    /// <summary>Stop the search for this key without a verdict: less specific entries (parent domains, shorter
    /// networks, untagged keys) are not consulted. Sendmail allows it for host, domain and network keys.</summary>
    Skip,
}
