using System.Text;
using System.Text.Unicode;

namespace Paloma.Pop3.Protocol;

/// <summary>
/// Parses one command line (without its CRLF; the line reader has already bounded its length). Throws
/// <see cref="Pop3ProtocolException"/> with the precise reason for anything malformed.
/// </summary>
public static class Pop3CommandParser
{
    /// <summary>Message numbers above this many digits cannot name a message; they are "no such message".</summary>
    private const int MaxNumberDigits = 9;

    public static Pop3Command Parse(ReadOnlySpan<byte> line)
    {
        CheckOctets(line);
        var text = Encoding.UTF8.GetString(line);
        var space = text.IndexOf(' ');
        var keyword = space < 0 ? text : text[..space];
        var verb = ParseVerb(keyword);

        if (verb == Pop3Verb.Pass)
        {
            // RFC 1939 §7 PASS: the argument is the rest of the line, because passwords may contain spaces.
            var password = space < 0 ? "" : text[(space + 1)..];
            if (password.Length == 0)
            {
                Pop3ProtocolException.Throw(Pop3Error.MissingArgument, "password");
            }

            return new Pop3Command(verb, Text: password);
        }

        if (verb == Pop3Verb.Auth)
        {
            // RFC 5034 §4: AUTH mechanism [initial-response]; the session checks the parts.
            return new Pop3Command(verb, Text: space < 0 ? "" : text[(space + 1)..]);
        }

        // RFC 1939 §3 asks for single spaces; runs of spaces and trailing spaces are tolerated because they
        // cannot change what the command means.
        var args = space < 0 ? [] : text[(space + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return verb switch
        {
            Pop3Verb.User => new Pop3Command(verb, Text: Single(args, "user name")),
            Pop3Verb.Retr or Pop3Verb.Dele => new Pop3Command(verb, MessageNumber: MessageNumber(args, 1)),
            Pop3Verb.List or Pop3Verb.Uidl => new Pop3Command(verb, MessageNumber: OptionalMessageNumber(args)),
            Pop3Verb.Top => Top(args),
            _ => NoArguments(verb, args),
        };
    }

    /// <summary>
    /// RFC 2449 §3 allows printable characters in commands; a NUL, a bare CR or any other control octet, or
    /// octets that are not UTF-8, are refused here rather than left to confuse a decoder or a lookup later
    /// (case C11).
    /// </summary>
    private static void CheckOctets(ReadOnlySpan<byte> line)
    {
        if (line.Contains((byte)0))
        {
            Pop3ProtocolException.Throw(Pop3Error.NulOctet);
        }

        foreach (var b in line)
        {
            if (b < 0x20 || b == 0x7F)
            {
                Pop3ProtocolException.Throw(Pop3Error.ControlCharacter);
            }
        }

        if (!Utf8.IsValid(line))
        {
            Pop3ProtocolException.Throw(Pop3Error.InvalidUtf8);
        }
    }

    /// <summary>RFC 1939 §3: keywords are case-insensitive, three or four characters.</summary>
    private static Pop3Verb ParseVerb(string keyword)
    {
        // The letters-only check keeps Enum.TryParse from accepting numbers or "User,Pass".
        if (keyword.Length is >= 3 and <= 4 && keyword.All(char.IsAsciiLetter)
            && Enum.TryParse<Pop3Verb>(keyword, ignoreCase: true, out var verb))
        {
            return verb;
        }

        Pop3ProtocolException.Throw(Pop3Error.UnknownCommand);
        return default;
    }

    private static Pop3Command Top(string[] args)
    {
        // RFC 1939 §7 TOP msg n: both required, n is a non-negative number of body lines.
        if (args.Length < 2)
        {
            Pop3ProtocolException.Throw(Pop3Error.MissingArgument,
                args.Length == 0 ? "message number" : "number of lines");
        }

        var number = MessageNumber(args, 2);
        var lines = Number(args[1], "number of lines") ?? int.MaxValue;
        return new Pop3Command(Pop3Verb.Top, MessageNumber: number, LineCount: lines);
    }

    private static Pop3Command NoArguments(Pop3Verb verb, string[] args)
    {
        if (args.Length > 0)
        {
            Pop3ProtocolException.Throw(Pop3Error.TooManyArguments, verb.ToString().ToUpperInvariant()
                + " takes none");
        }

        return new Pop3Command(verb);
    }

    private static string Single(string[] args, string what)
    {
        if (args.Length == 0)
        {
            Pop3ProtocolException.Throw(Pop3Error.MissingArgument, what);
        }

        if (args.Length > 1)
        {
            Pop3ProtocolException.Throw(Pop3Error.TooManyArguments, "expected one " + what);
        }

        return args[0];
    }

    private static int? OptionalMessageNumber(string[] args) => args.Length == 0 ? null : MessageNumber(args, 1);

    private static int MessageNumber(string[] args, int expected)
    {
        if (args.Length == 0)
        {
            Pop3ProtocolException.Throw(Pop3Error.MissingArgument, "message number");
        }

        if (args.Length > expected)
        {
            Pop3ProtocolException.Throw(Pop3Error.TooManyArguments);
        }

        var number = Number(args[0], "message number");
        if (number is null)
        {
            Pop3ProtocolException.Throw(Pop3Error.NoSuchMessage);
        }

        if (number == 0)
        {
            Pop3ProtocolException.Throw(Pop3Error.MessageNumberZero);
        }

        return number.Value;
    }

    /// <summary>Digits only (no sign, no spaces); null when too large to be meaningful.</summary>
    private static int? Number(string token, string what)
    {
        if (!token.All(char.IsAsciiDigit))
        {
            Pop3ProtocolException.Throw(Pop3Error.NotANumber, what);
        }

        var digits = token.TrimStart('0');
        return digits.Length > MaxNumberDigits ? null : digits.Length == 0 ? 0 : int.Parse(digits);
    }
}
