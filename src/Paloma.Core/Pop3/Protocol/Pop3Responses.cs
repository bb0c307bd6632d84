using System.Text;

namespace Paloma.Pop3.Protocol;

/// <summary>
/// Every status line the POP3 server sends, with the RFC 2449 §8 response codes. Handlers never spell
/// <c>+OK</c>/<c>-ERR</c> text themselves. Fixed replies are encoded once.
/// </summary>
public static class Pop3Responses
{
    // RFC 2449 §8: response codes in square brackets right after -ERR.
    private const string InUse = "[IN-USE]";
    private const string Auth = "[AUTH]";
    private const string SysTemp = "[SYS/TEMP]";

    // No APOP timestamp in the banner: APOP is not offered (RFC 1939 §7 makes it optional).
    public static readonly byte[] Greeting = Line("+OK Paloma POP3 server ready");

    public static readonly byte[] UserAccepted = Line("+OK send PASS");

    public static readonly byte[] MaildropReady = Line("+OK maildrop locked and ready");

    public static readonly byte[] Noop = Line("+OK");

    public static readonly byte[] QuitAuthorization = Line("+OK Paloma POP3 server signing off");

    public static readonly byte[] Capabilities = Line("+OK capability list follows");

    public static readonly byte[] TopFollows = Line("+OK top of message follows");

    public static readonly byte[] End = Line(".");

    public static readonly byte[] BeginTls = Line("+OK begin TLS negotiation");

    public static readonly byte[] MechanismsFollow = Line("+OK SASL mechanisms follow");

    /// <summary>
    /// RFC 2449 §5: one capability per line, the same in AUTHORIZATION and TRANSACTION except what TLS changed.
    /// USER only where a password may be sent (RFC 2595 §4), SASL with the mechanisms usable on this connection
    /// (RFC 5034 §5), STLS before TLS (RFC 2595 §4).
    /// </summary>
    public static byte[] CapabilityList(bool user, IReadOnlyList<string> sasl, bool stls)
    {
        var text = new StringBuilder("TOP\r\nUIDL\r\n");
        if (user)
        {
            text.Append("USER\r\n");
        }

        if (sasl.Count > 0)
        {
            text.Append("SASL ").AppendJoin(' ', sasl).Append("\r\n");
        }

        if (stls)
        {
            text.Append("STLS\r\n");
        }

        text.Append("RESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nIMPLEMENTATION Paloma\r\n.\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>The plain mechanism list answering a bare AUTH (RFC 1734 usage still sent by some clients).
    /// </summary>
    public static byte[] MechanismList(IReadOnlyList<string> sasl) =>
        Encoding.ASCII.GetBytes(string.Concat(sasl.Select(m => m + "\r\n")) + ".\r\n");

    /// <summary>RFC 5034 §4: a server challenge, "+ " and base64 (possibly empty).</summary>
    public static byte[] Challenge(string base64) => Line("+ " + base64);

    public static byte[] Ok(string text) => Line("+OK " + text);

    public static byte[] Error(Pop3Error error, string? detail = null)
    {
        var text = ErrorText(error);
        return Line(detail is null ? "-ERR " + text : $"-ERR {text}: {detail}");
    }

    /// <summary>The one table from refusal reason to reply text.</summary>
    public static string ErrorText(Pop3Error error) => error switch
    {
        Pop3Error.LineTooLong => "line too long",
        Pop3Error.BareLineFeed => "command line must end with CRLF",
        Pop3Error.NulOctet => "NUL octet in command",
        Pop3Error.ControlCharacter => "control character in command",
        Pop3Error.InvalidUtf8 => "command is not valid UTF-8",
        Pop3Error.UnknownCommand => "unknown command",
        Pop3Error.WrongState => "command not valid in this state",
        Pop3Error.MissingArgument => "missing argument",
        Pop3Error.TooManyArguments => "too many arguments",
        Pop3Error.NotANumber => "not a decimal number",
        Pop3Error.MessageNumberZero => "invalid message number: messages are numbered from 1",
        Pop3Error.NoSuchMessage => "no such message",
        Pop3Error.MessageDeleted => "message already deleted",
        Pop3Error.UserFirst => "send USER first",
        Pop3Error.AuthenticationFailed => Auth + " invalid user name or password",
        Pop3Error.MaildropLocked => InUse + " maildrop already locked",
        Pop3Error.MaildropUnavailable => SysTemp + " maildrop not available",
        Pop3Error.MessageUnavailable => "message was removed by another session",
        Pop3Error.InternalError => SysTemp + " internal error",
        Pop3Error.ServerShuttingDown => SysTemp + " server shutting down",
        Pop3Error.Autologout => "autologout",
        Pop3Error.UpdateFailed => SysTemp + " some deleted messages not removed",

        // RFC 2449 §8.1 [AUTH] and RFC 2595 §4: a password is not accepted in the clear.
        Pop3Error.PlaintextDisabled => Auth + " plaintext authentication disallowed without TLS; use STLS",
        Pop3Error.TlsAlreadyActive => "TLS already active",
        Pop3Error.TlsUnavailable => SysTemp + " TLS not available",
        Pop3Error.UnknownMechanism => "unknown or unavailable authentication mechanism",
        Pop3Error.AuthCancelled => "authentication cancelled",
        Pop3Error.InvalidBase64 => "invalid base64 data",
        Pop3Error.AuthMalformed => "malformed authentication response",
        Pop3Error.AuthLineTooLong => "authentication response too long",
        Pop3Error.TooManyFailures => Auth + " too many authentication failures, closing",
        Pop3Error.AlreadyAuthenticated => "already authenticated",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };

    private static byte[] Line(string text) => Encoding.UTF8.GetBytes(text + "\r\n");
}
