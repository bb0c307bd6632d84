namespace Paloma.Config;

/// <summary>[submission]: rules of the message submission listeners (RFC 6409, PRODUCT B).</summary>
public sealed class SubmissionSettings
{
    /// <summary>The envelope sender must be the authenticated user's own address (RFC 6409 §4.1 lets an MSA
    /// check it). Default true.</summary>
    public bool SenderCheck { get; set; } = true;
}
