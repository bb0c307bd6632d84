using System.Buffers;
using System.Text;

namespace Paloma.Imap.Protocol;

/// <summary>
/// Reads the tokens of one IMAP command (RFC 3501 §9) from a byte sequence that may be split anywhere. Running
/// out of input throws <see cref="ImapIncompleteException"/>, a grammar violation throws
/// <see cref="ImapSyntaxException"/>; the caller turns these into "need more data" and "BAD".
/// </summary>
public ref struct ImapTokenReader(ReadOnlySequence<byte> input)
{
    private static readonly UTF8Encoding s_strictUtf8 = new(false, throwOnInvalidBytes: true);

    private SequenceReader<byte> _reader = new(input);

    public readonly long Consumed => _reader.Consumed;

    public byte Peek()
    {
        if (!_reader.TryPeek(out var b))
        {
            ImapIncompleteException.Throw();
        }

        return b;
    }

    public bool PeekIs(byte expected) => Peek() == expected;

    public void Expect(byte expected, string what)
    {
        if (Peek() != expected)
        {
            ImapSyntaxException.Throw($"expected {what}");
        }

        _reader.Advance(1);
    }

    public bool TryTake(byte expected)
    {
        if (Peek() != expected)
        {
            return false;
        }

        _reader.Advance(1);
        return true;
    }

    public void Space() => Expect((byte)' ', "a space");

    /// <summary>True (and consumed) when the command ends here with CRLF.</summary>
    public bool TryEnd()
    {
        var b = Peek();
        if (b == (byte)'\n')
        {
            ImapSyntaxException.Throw("bare LF: lines end with CRLF");
        }

        if (b != (byte)'\r')
        {
            return false;
        }

        _reader.Advance(1);
        if (Peek() != (byte)'\n')
        {
            ImapSyntaxException.Throw("bare CR: lines end with CRLF");
        }

        _reader.Advance(1);
        return true;
    }

    public void End()
    {
        if (!TryEnd())
        {
            ImapSyntaxException.Throw(Peek() == 0 ? "NUL is not allowed in a command" : "unexpected text at end");
        }
    }

    /// <summary>RFC 3501 §9: tag = 1*&lt;any ASTRING-CHAR except "+"&gt;.</summary>
    public string Tag()
    {
        var tag = TakeWhile(b => ImapChars.IsAStringChar(b) && b != (byte)'+');
        if (tag.Length == 0)
        {
            ImapSyntaxException.Throw("missing or invalid tag");
        }

        return tag;
    }

    public string Atom()
    {
        var atom = TakeWhile(ImapChars.IsAtomChar);
        if (atom.Length == 0)
        {
            ImapSyntaxException.Throw(Peek() == 0 ? "NUL is not allowed in a command" : "expected an atom");
        }

        return atom;
    }

    /// <summary>An atom possibly followed by a bracketed part, as in "BODY[HEADER]": stops at '[' too.</summary>
    public string AtomUntilBracket() => TakeWhile(b => ImapChars.IsAtomChar(b) && b != (byte)'[');

    public uint Number()
    {
        var digits = TakeWhile(b => b is >= (byte)'0' and <= (byte)'9');
        if (digits.Length is 0 or > 10 || !uint.TryParse(digits, out var value))
        {
            ImapSyntaxException.Throw("expected a number of at most 32 bits");
            return 0;
        }

        return value;
    }

    /// <summary>A 63-bit number (RFC 7162 §7 mod-sequence-value).</summary>
    public ulong Number64()
    {
        var digits = TakeWhile(b => b is >= (byte)'0' and <= (byte)'9');
        if (digits.Length is 0 or > 19 || !ulong.TryParse(digits, out var value) || value > long.MaxValue)
        {
            ImapSyntaxException.Throw("expected a mod-sequence of at most 63 bits");
            return 0;
        }

        return value;
    }

    public uint NzNumber()
    {
        var value = Number();
        if (value == 0)
        {
            ImapSyntaxException.Throw("zero is not allowed here");
        }

        return value;
    }

    /// <summary>quoted / literal, as raw octets.</summary>
    public byte[] StringBytes()
    {
        var b = Peek();
        if (b == (byte)'"')
        {
            return Quoted();
        }

        if (b == (byte)'{')
        {
            return Literal();
        }

        ImapSyntaxException.Throw("expected a quoted string or a literal");
        return [];
    }

    /// <summary>astring = 1*ASTRING-CHAR / string, as raw octets.</summary>
    public byte[] AStringBytes()
    {
        var b = Peek();
        if (b is (byte)'"' or (byte)'{')
        {
            return StringBytes();
        }

        var atom = TakeWhile(ImapChars.IsAStringChar);
        if (atom.Length == 0)
        {
            ImapSyntaxException.Throw(b == 0 ? "NUL is not allowed in a command" : "expected a string");
        }

        return Encoding.ASCII.GetBytes(atom);
    }

    public string AString() => Decode(AStringBytes());

    public string String() => Decode(StringBytes());

    /// <summary>nstring = string / "NIL".</summary>
    public string? NString()
    {
        if (Peek() is (byte)'"' or (byte)'{')
        {
            return String();
        }

        var atom = Atom();
        if (!atom.Equals("NIL", StringComparison.OrdinalIgnoreCase))
        {
            ImapSyntaxException.Throw("expected a string or NIL");
        }

        return null;
    }

    /// <summary>RFC 3501 §9: list-mailbox = 1*list-char / string (list-char adds "%", "*" and "]").</summary>
    public byte[] ListMailboxBytes()
    {
        if (Peek() is (byte)'"' or (byte)'{')
        {
            return StringBytes();
        }

        var text = TakeWhile(b => ImapChars.IsAStringChar(b) || b is (byte)'%' or (byte)'*');
        if (text.Length == 0)
        {
            ImapSyntaxException.Throw("expected a mailbox pattern");
        }

        return Encoding.ASCII.GetBytes(text);
    }

    public static string Decode(byte[] bytes)
    {
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            ImapSyntaxException.Throw("string is not valid UTF-8");
            return "";
        }
    }

    private byte[] Quoted()
    {
        _reader.Advance(1);
        var bytes = new List<byte>();
        while (true)
        {
            var b = Peek();
            _reader.Advance(1);
            switch (b)
            {
                case (byte)'"':
                    return [.. bytes];
                case (byte)'\\':
                    var escaped = Peek();
                    if (escaped is not ((byte)'"' or (byte)'\\'))
                    {
                        ImapSyntaxException.Throw("only \\\" and \\\\ may be escaped in a quoted string");
                    }

                    _reader.Advance(1);
                    bytes.Add(escaped);
                    break;
                case (byte)'\r' or (byte)'\n' or 0:
                    // RFC 3501 §9: QUOTED-CHAR excludes CR, LF and NUL; an unterminated string ends at the line.
                    ImapSyntaxException.Throw("CR, LF or NUL inside a quoted string");
                    break;
                default:
                    bytes.Add(b);
                    break;
            }
        }
    }

    private byte[] Literal()
    {
        _reader.Advance(1);
        var inner = new List<byte>();
        while (true)
        {
            var b = Peek();
            _reader.Advance(1);
            if (b == (byte)'}')
            {
                break;
            }

            if (inner.Count > 11 || !(b is >= (byte)'0' and <= (byte)'9' || b == (byte)'+'))
            {
                ImapSyntaxException.Throw("invalid literal size");
            }

            inner.Add(b);
        }

        if (!LiteralSpec.TryParse(inner.ToArray(), out var spec))
        {
            ImapSyntaxException.Throw("invalid literal size");
        }

        // RFC 3501 §4.3: the octets of a literal follow the CRLF that ends the announcing line.
        if (!TryEnd())
        {
            ImapSyntaxException.Throw("a literal announcement must end the line");
        }

        if (_reader.Remaining < spec.Size)
        {
            ImapIncompleteException.Throw(spec);
        }

        var data = _reader.UnreadSequence.Slice(0, spec.Size).ToArray();
        _reader.Advance(spec.Size);
        if (data.AsSpan().Contains((byte)0))
        {
            // RFC 3501 §9: CHAR8 is %x01-ff; NUL needs literal8 (RFC 3516), which is not offered.
            ImapSyntaxException.Throw("NUL is not allowed in a literal");
        }

        return data;
    }

    /// <summary>
    /// Literal announcement of APPEND's message: "{n}", "{n+}" or the literal8 forms "~{n}", "~{n+}" (RFC 3516
    /// §4.4: the message may hold NUL) then CRLF; the octets are left unread for the session to stream into the
    /// spool.
    /// </summary>
    public LiteralSpec MessageLiteral()
    {
        TryTake((byte)'~');
        Expect((byte)'{', "a literal");
        var inner = TakeWhile(b => b != (byte)'}' && b != (byte)'\r' && b != (byte)'\n');
        Expect((byte)'}', "the end of the literal size");
        if (!LiteralSpec.TryParse(Encoding.ASCII.GetBytes(inner), out var spec))
        {
            ImapSyntaxException.Throw("invalid literal size");
        }

        End();
        return spec;
    }

    private string TakeWhile(Func<byte, bool> accept)
    {
        var text = new StringBuilder();
        while (true)
        {
            var b = Peek();
            if (!accept(b))
            {
                return text.ToString();
            }

            if (text.Length > 1024 * 64)
            {
                ImapSyntaxException.Throw("token too long");
            }

            text.Append((char)b);
            _reader.Advance(1);
        }
    }
}
