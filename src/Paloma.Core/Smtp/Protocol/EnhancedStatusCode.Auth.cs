namespace Paloma.Smtp.Protocol;

/// <summary>The enhanced status codes of AUTH (RFC 4954 §6), STARTTLS and submission.</summary>
public readonly partial record struct EnhancedStatusCode
{
    /// <summary>2.7.0 Authentication succeeded (RFC 4954 §6).</summary>
    public static readonly EnhancedStatusCode AuthSucceeded = new(2, 7, 0);

    /// <summary>4.4.0 Other or undefined network or routing status.</summary>
    public static readonly EnhancedStatusCode RoutingServerFailure = new(4, 4, 0);

    /// <summary>5.0.0 Other undefined status (AUTH cancelled, RFC 4954 §4).</summary>
    public static readonly EnhancedStatusCode OtherUndefined = new(5, 0, 0);

    /// <summary>5.5.6 Authentication exchange line is too long (RFC 4954 §6).</summary>
    public static readonly EnhancedStatusCode AuthLineTooLong = new(5, 5, 6);

    /// <summary>5.7.0 Other or undefined security status: authentication required (RFC 4954 §6).</summary>
    public static readonly EnhancedStatusCode SecurityPolicy = new(5, 7, 0);

    /// <summary>5.7.1 Delivery not authorized: the sender is not the authenticated user's.</summary>
    public static readonly EnhancedStatusCode SenderNotAuthorized = new(5, 7, 1);

    /// <summary>5.7.8 Authentication credentials invalid (RFC 4954 §6).</summary>
    public static readonly EnhancedStatusCode AuthCredentialsInvalid = new(5, 7, 8);

    /// <summary>5.7.11 Encryption required for requested authentication mechanism (RFC 4954 §6, RFC 5248).
    /// </summary>
    public static readonly EnhancedStatusCode EncryptionRequired = new(5, 7, 11);
}
