namespace Paloma.Policy;

public enum PolicyVerdict
{
    /// <summary>Go on with the command; the SMTP layer writes its usual positive reply.</summary>
    Accept,

    /// <summary>Refuse with a 5xx reply.</summary>
    Reject,

    /// <summary>Refuse with a 4xx reply; the client may retry later.</summary>
    TempFail,

    /// <summary>Accept the message, then drop it silently (Sendmail's DISCARD).</summary>
    Discard,
}
