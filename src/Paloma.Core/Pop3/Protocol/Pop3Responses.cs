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

    /// <summary>
    /// RFC 2449 §5: one capability per line. The list is the same in AUTHORIZATION and TRANSACTION, which
    /// §5 requires for anything announced before authentication.
    /// </summary>
    public static readonly byte[] CapabilityList = Encoding.ASCII.GetBytes(
        "TOP\r\nUIDL\r\nUSER\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nIMPLEMENTATION Paloma\r\n.\r\n");

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
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };

    private static byte[] Line(string text) => Encoding.UTF8.GetBytes(text + "\r\n");
}
