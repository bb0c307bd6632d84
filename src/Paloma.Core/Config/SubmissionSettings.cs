namespace Paloma.Config;

/// <summary>[submission]: rules of the message submission listeners (RFC 6409, PRODUCT B).</summary>
public sealed class SubmissionSettings
{
    /// <summary>The envelope sender must be the authenticated user's own address (RFC 6409 §4.1 lets an MSA
    /// check it). Default true.</summary>
    public bool SenderCheck { get; set; } = true;

    /// <summary>On the STARTTLS submission listener (587), AUTH and MAIL are refused with 530 5.7.0 until TLS is
    /// active, so that submission never runs in clear whatever the mechanism (RFC 8314 §3.3 and §4). Default true.
    /// </summary>
    public bool RequireTls { get; set; } = true;
}
