namespace Paloma.Smtp.Protocol;

/// <summary>
/// An enhanced mail system status code, class.subject.detail (RFC 3463 §2), sent in replies because we
/// advertise ENHANCEDSTATUSCODES (RFC 2034). The named values are the ones Paloma uses.
/// </summary>
public readonly partial record struct EnhancedStatusCode(int Class, int Subject, int Detail)
{
    /// <summary>2.0.0 Other undefined status: success.</summary>
    public static readonly EnhancedStatusCode Success = new(2, 0, 0);

    /// <summary>2.1.0 Other address status: sender accepted.</summary>
    public static readonly EnhancedStatusCode SenderOk = new(2, 1, 0);

    /// <summary>2.1.5 Destination address valid.</summary>
    public static readonly EnhancedStatusCode DestinationValid = new(2, 1, 5);

    /// <summary>2.5.2 (VRFY) cannot verify, will attempt delivery.</summary>
    public static readonly EnhancedStatusCode CannotVerify = new(2, 5, 2);

    /// <summary>4.3.0 Other or undefined mail system status (our own fault).</summary>
    public static readonly EnhancedStatusCode TransientSystemError = new(4, 3, 0);

    /// <summary>4.3.2 System not accepting network messages (shutting down).</summary>
    public static readonly EnhancedStatusCode SystemNotAccepting = new(4, 3, 2);

    /// <summary>4.4.2 Bad connection: the peer was silent too long.</summary>
    public static readonly EnhancedStatusCode ConnectionTimedOut = new(4, 4, 2);

    /// <summary>4.5.3 Too many recipients.</summary>
    public static readonly EnhancedStatusCode TooManyRecipients = new(4, 5, 3);

    /// <summary>4.7.0 Other security or policy status (too many errors).</summary>
    public static readonly EnhancedStatusCode TransientPolicy = new(4, 7, 0);

    /// <summary>5.1.1 Bad destination mailbox address: no such user.</summary>
    public static readonly EnhancedStatusCode BadDestinationMailbox = new(5, 1, 1);

    /// <summary>5.1.3 Bad destination mailbox address syntax.</summary>
    public static readonly EnhancedStatusCode BadDestinationSyntax = new(5, 1, 3);

    /// <summary>5.1.7 Bad sender's mailbox address syntax.</summary>
    public static readonly EnhancedStatusCode BadSenderSyntax = new(5, 1, 7);

    /// <summary>5.3.4 Message too big for system.</summary>
    public static readonly EnhancedStatusCode MessageTooBig = new(5, 3, 4);

    /// <summary>5.2.2 Mailbox full (RFC 3463 §3.3).</summary>
    public static readonly EnhancedStatusCode MailboxFull = new(5, 2, 2);

    /// <summary>5.5.1 Invalid command (unknown, or out of sequence).</summary>
    public static readonly EnhancedStatusCode InvalidCommand = new(5, 5, 1);

    /// <summary>5.5.2 Syntax error (the command line itself is malformed).</summary>
    public static readonly EnhancedStatusCode SyntaxError = new(5, 5, 2);

    /// <summary>5.5.4 Invalid command arguments.</summary>
    public static readonly EnhancedStatusCode InvalidArguments = new(5, 5, 4);

    /// <summary>5.6.0 Other or undefined media error (NUL octets in the content).</summary>
    public static readonly EnhancedStatusCode MediaError = new(5, 6, 0);

    /// <summary>5.6.7 Non-ASCII addresses not permitted without SMTPUTF8 (RFC 6531 §3.5).</summary>
    public static readonly EnhancedStatusCode NonAsciiAddress = new(5, 6, 7);

    /// <summary>5.7.1 Delivery not authorized: relaying denied.</summary>
    public static readonly EnhancedStatusCode RelayDenied = new(5, 7, 1);

    public override string ToString() => $"{Class}.{Subject}.{Detail}";
}
