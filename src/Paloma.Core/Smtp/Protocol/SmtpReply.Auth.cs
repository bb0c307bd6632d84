namespace Paloma.Smtp.Protocol;

/// <summary>The replies of STARTTLS (RFC 3207), AUTH (RFC 4954) and submission (RFC 6409).</summary>
public sealed partial record SmtpReply
{
    public static readonly SmtpReply ReadyToStartTls =
        new(SmtpReplyCode.ServiceReady220, EnhancedStatusCode.Success, "Ready to start TLS");

    // RFC 3207 §4: 454 when TLS is temporarily unavailable.
    public static readonly SmtpReply TlsNotAvailable = new(SmtpReplyCode.TlsNotAvailable454,
        EnhancedStatusCode.TransientPolicy, "TLS not available due to temporary reason");
    public static readonly SmtpReply TlsAlreadyActive =
        new(SmtpReplyCode.BadSequence503, EnhancedStatusCode.InvalidCommand, "TLS already active");

    public static readonly SmtpReply AuthSucceeded =
        new(SmtpReplyCode.AuthSucceeded235, EnhancedStatusCode.AuthSucceeded, "Authentication successful");
    public static readonly SmtpReply AlreadyAuthenticated =
        new(SmtpReplyCode.BadSequence503, EnhancedStatusCode.InvalidCommand, "Already authenticated");

    // RFC 4954 §4: an unknown or unavailable mechanism is 504 5.5.4.
    public static readonly SmtpReply UnknownMechanism = new(SmtpReplyCode.ParameterNotImplemented504,
        EnhancedStatusCode.InvalidArguments, "Unrecognized authentication type");

    // RFC 4954 §4: "*" cancels with 501; base64 that cannot be decoded is 501 5.5.2.
    public static readonly SmtpReply AuthCancelled = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.OtherUndefined, "Authentication cancelled");
    public static readonly SmtpReply AuthInvalidBase64 = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.SyntaxError, "Invalid base64 data");
    public static readonly SmtpReply AuthMalformed = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.SyntaxError, "Malformed authentication response");

    // RFC 4954 §4: 500 5.5.6 for an authentication line that is too long.
    public static readonly SmtpReply AuthLineTooLong = new(SmtpReplyCode.SyntaxError500,
        EnhancedStatusCode.AuthLineTooLong, "Authentication exchange line is too long");

    // RFC 4954 §6: 535 5.7.8 for wrong credentials; 538 5.7.11 when the mechanism needs encryption first.
    public static readonly SmtpReply AuthFailed = new(SmtpReplyCode.AuthInvalid535,
        EnhancedStatusCode.AuthCredentialsInvalid, "Authentication credentials invalid");
    public static readonly SmtpReply EncryptionRequired = new(SmtpReplyCode.EncryptionRequired538,
        EnhancedStatusCode.EncryptionRequired, "Encryption required for requested authentication mechanism");

    // RFC 4954 §6 and RFC 6409 §4.3: the submission listener needs AUTH before MAIL.
    public static readonly SmtpReply AuthRequired = new(SmtpReplyCode.AuthRequired530,
        EnhancedStatusCode.SecurityPolicy, "Authentication required");
    // RFC 3207 §4 and RFC 8314 §3.3: 530 5.7.0 until STARTTLS on a listener that requires TLS.
    public static readonly SmtpReply StartTlsRequired = new(SmtpReplyCode.AuthRequired530,
        EnhancedStatusCode.SecurityPolicy, "Must issue a STARTTLS command first");
    public static readonly SmtpReply TooManyAuthFailures = new(SmtpReplyCode.ServiceNotAvailable421,
        EnhancedStatusCode.TransientPolicy, "Too many authentication failures, closing connection");

    // RFC 6409 §4.1 and §5: an MSA may refuse a sender the authenticated user does not own.
    public static readonly SmtpReply SenderNotOwned = new(SmtpReplyCode.MailboxNameNotAllowed553,
        EnhancedStatusCode.SenderNotAuthorized, "Sender address not owned by the authenticated user");

    // No outbound queue yet: mail an authenticated user relays to a remote domain cannot be accepted for now.
    public static readonly SmtpReply RelayNotAvailable = new(SmtpReplyCode.LocalError451,
        EnhancedStatusCode.RoutingServerFailure, "Relaying to remote domains is not available yet, try later");
}
