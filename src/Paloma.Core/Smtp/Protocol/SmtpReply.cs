using System.Text;

namespace Paloma.Smtp.Protocol;

/// <summary>
/// One SMTP reply: a code, an optional enhanced status code and one or more text lines. Handlers use the
/// predefined values below instead of writing reply strings.
/// </summary>
public sealed partial record SmtpReply(SmtpReplyCode Code, EnhancedStatusCode? Status, IReadOnlyList<string> Lines)
{
    public SmtpReply(SmtpReplyCode code, EnhancedStatusCode? status, string text)
        : this(code, status, [text])
    {
    }

    public static readonly SmtpReply Ok = new(SmtpReplyCode.Ok250, EnhancedStatusCode.Success, "Ok");
    public static readonly SmtpReply SenderOk = new(SmtpReplyCode.Ok250, EnhancedStatusCode.SenderOk, "Sender ok");
    public static readonly SmtpReply RecipientOk =
        new(SmtpReplyCode.Ok250, EnhancedStatusCode.DestinationValid, "Recipient ok");
    public static readonly SmtpReply Closing = new(SmtpReplyCode.ServiceClosing221, EnhancedStatusCode.Success, "Bye");
    public static readonly SmtpReply StartMailInput =
        new(SmtpReplyCode.StartMailInput354, null, "End data with <CR><LF>.<CR><LF>");

    // RFC 5321 §3.5.3: VRFY may answer 252 without disclosing whether the user exists.
    public static readonly SmtpReply CannotVerify = new(SmtpReplyCode.CannotVerify252, EnhancedStatusCode.CannotVerify,
        "Cannot VRFY user, but will accept message and attempt delivery");

    public static readonly SmtpReply Help = new(SmtpReplyCode.HelpMessage214, EnhancedStatusCode.Success,
        "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP; see RFC 5321");

    public static readonly SmtpReply ExpnDisabled =
        new(SmtpReplyCode.NotImplemented502, EnhancedStatusCode.InvalidCommand, "EXPN not available");
    public static readonly SmtpReply UnknownCommand =
        new(SmtpReplyCode.SyntaxError500, EnhancedStatusCode.InvalidCommand, "Command not recognized");
    public static readonly SmtpReply LineTooLong =
        new(SmtpReplyCode.SyntaxError500, EnhancedStatusCode.SyntaxError, "Line too long");
    public static readonly SmtpReply BareLineFeed = new(SmtpReplyCode.SyntaxError500, EnhancedStatusCode.SyntaxError,
        "Bare <LF> received; lines must end with <CR><LF>");
    public static readonly SmtpReply InvalidCharacters = new(SmtpReplyCode.SyntaxError500,
        EnhancedStatusCode.SyntaxError, "Command contains invalid characters");
    public static readonly SmtpReply BadSequence =
        new(SmtpReplyCode.BadSequence503, EnhancedStatusCode.InvalidCommand, "Bad sequence of commands");
    public static readonly SmtpReply NeedHelo =
        new(SmtpReplyCode.BadSequence503, EnhancedStatusCode.InvalidCommand, "Send EHLO or HELO first");
    public static readonly SmtpReply NestedMail =
        new(SmtpReplyCode.BadSequence503, EnhancedStatusCode.InvalidCommand, "Sender already given");
    public static readonly SmtpReply NeedMail =
        new(SmtpReplyCode.BadSequence503, EnhancedStatusCode.InvalidCommand, "Need MAIL command first");
    public static readonly SmtpReply NeedRcpt =
        new(SmtpReplyCode.BadSequence503, EnhancedStatusCode.InvalidCommand, "Need RCPT command first");

    // RFC 2920 §3.1: when every RCPT failed, DATA is answered 554 (503 would also be allowed).
    public static readonly SmtpReply NoValidRecipients =
        new(SmtpReplyCode.TransactionFailed554, EnhancedStatusCode.InvalidCommand, "No valid recipients");
    public static readonly SmtpReply NoArgumentsAllowed = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "No arguments allowed");
    public static readonly SmtpReply ArgumentRequired = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "Argument required");
    public static readonly SmtpReply InvalidHeloDomain = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "Invalid domain name");
    public static readonly SmtpReply NoSuchUser = new(SmtpReplyCode.MailboxUnavailable550,
        EnhancedStatusCode.BadDestinationMailbox, "No such user here");
    public static readonly SmtpReply RelayDenied =
        new(SmtpReplyCode.MailboxUnavailable550, EnhancedStatusCode.RelayDenied, "Relaying denied");
    public static readonly SmtpReply TooManyRecipients = new(SmtpReplyCode.InsufficientStorage452,
        EnhancedStatusCode.TooManyRecipients, "Too many recipients");
    public static readonly SmtpReply MailboxFull = new(SmtpReplyCode.ExceededStorage552,
        EnhancedStatusCode.MailboxFull, "Mailbox full: this message would exceed the user's storage quota");
    public static readonly SmtpReply MessageTooBig = new(SmtpReplyCode.ExceededStorage552,
        EnhancedStatusCode.MessageTooBig, "Message size exceeds fixed maximum message size");

    // RFC 5321 §4.5.3.1.10: "500 Line too long" for a text line over the limit, sent after the end of data.
    public static readonly SmtpReply DataLineTooLong = new(SmtpReplyCode.SyntaxError500, EnhancedStatusCode.SyntaxError,
        "Message refused: a line is longer than 1000 octets");
    public static readonly SmtpReply DataBareLineEnd = new(SmtpReplyCode.MailboxUnavailable550,
        EnhancedStatusCode.SyntaxError, "Message refused: bare <CR> or <LF> in data; lines must end with <CR><LF>");
    public static readonly SmtpReply DataContainsNul = new(SmtpReplyCode.TransactionFailed554,
        EnhancedStatusCode.MediaError, "Message refused: NUL octets are not allowed in message data");
    public static readonly SmtpReply LocalError = new(SmtpReplyCode.LocalError451,
        EnhancedStatusCode.TransientSystemError, "Local error in processing, try again later");
    public static readonly SmtpReply Timeout = new(SmtpReplyCode.ServiceNotAvailable421,
        EnhancedStatusCode.ConnectionTimedOut, "Idle timeout, closing connection");
    public static readonly SmtpReply ShuttingDown = new(SmtpReplyCode.ServiceNotAvailable421,
        EnhancedStatusCode.SystemNotAccepting, "Server shutting down, closing connection");
    public static readonly SmtpReply TooManyErrors = new(SmtpReplyCode.ServiceNotAvailable421,
        EnhancedStatusCode.TransientPolicy, "Too many errors, closing connection");
    public static readonly SmtpReply UnknownParameter = new(SmtpReplyCode.ParametersNotRecognized555,
        EnhancedStatusCode.InvalidArguments, "Parameter not recognized");

    public bool IsError => (int)Code >= 400;

    /// <summary>
    /// The wire form. Error replies end with a reference to the session (STYLE §9) so that a user's bounce can
    /// be matched to our logs.
    /// </summary>
    public byte[] Format(string? sessionReference)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < Lines.Count; i++)
        {
            builder.Append((int)Code).Append(i == Lines.Count - 1 ? ' ' : '-');
            if (Status is { } status)
            {
                builder.Append(status).Append(' ');
            }

            builder.Append(Lines[i]);
            if (i == Lines.Count - 1 && IsError && sessionReference is not null)
            {
                builder.Append(" (ref ").Append(sessionReference).Append(')');
            }

            builder.Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>The first line without its reference, for logs.</summary>
    public override string ToString() => Status is { } s ? $"{(int)Code} {s} {Lines[0]}" : $"{(int)Code} {Lines[0]}";
}
