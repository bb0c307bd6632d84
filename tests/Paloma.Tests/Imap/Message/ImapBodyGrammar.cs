using System.Text;

namespace Paloma.Tests.Imap.Message;

/// <summary>
/// A strict reader of the RFC 3501 §9 productions body and envelope, used as the oracle "a strict IMAP client
/// can parse this" (case C36). It works on the UTF-8 octets the server sends, so literal counts are checked.
/// </summary>
internal sealed class ImapBodyGrammar
{
    private readonly byte[] _text;
    private int _position;

    private ImapBodyGrammar(string text)
    {
        _text = Encoding.UTF8.GetBytes(text);
    }

    public static void AssertBody(string text, bool extended)
    {
        var reader = new ImapBodyGrammar(text);
        reader.Body(extended);
        reader.End();
    }

    public static void AssertEnvelope(string text)
    {
        var reader = new ImapBodyGrammar(text);
        reader.Envelope();
        reader.End();
    }

    private void Body(bool extended)
    {
        Expect('(');
        if (Peek() == '(')
        {
            // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
            while (Peek() == '(')
            {
                Body(extended);
            }

            Expect(' ');
            String();
            if (extended)
            {
                Expect(' ');
                Parameters();
                DispositionLanguageLocation();
            }

            Expect(')');
            return;
        }

        var type = String();
        Expect(' ');
        var subtype = String();
        Expect(' ');
        Parameters();
        Expect(' ');
        NString();
        Expect(' ');
        NString();
        Expect(' ');
        String();
        Expect(' ');
        Number();
        if (type.Equals("MESSAGE", StringComparison.OrdinalIgnoreCase)
            && subtype.Equals("RFC822", StringComparison.OrdinalIgnoreCase))
        {
            Expect(' ');
            Envelope();
            Expect(' ');
            Body(extended);
            Expect(' ');
            Number();
        }
        else if (type.Equals("TEXT", StringComparison.OrdinalIgnoreCase))
        {
            Expect(' ');
            Number();
        }

        if (extended)
        {
            Expect(' ');
            NString();
            DispositionLanguageLocation();
        }

        Expect(')');
    }

    private void DispositionLanguageLocation()
    {
        Expect(' ');
        if (!TryNil())
        {
            Expect('(');
            String();
            Expect(' ');
            Parameters();
            Expect(')');
        }

        Expect(' ');
        if (Peek() == '(')
        {
            Expect('(');
            String();
            while (Peek() == ' ')
            {
                Expect(' ');
                String();
            }

            Expect(')');
        }
        else
        {
            NString();
        }

        Expect(' ');
        NString();
    }

    private void Parameters()
    {
        if (TryNil())
        {
            return;
        }

        Expect('(');
        String();
        Expect(' ');
        String();
        while (Peek() == ' ')
        {
            Expect(' ');
            String();
            Expect(' ');
            String();
        }

        Expect(')');
    }

    private void Envelope()
    {
        Expect('(');
        NString();
        Expect(' ');
        NString();
        for (var i = 0; i < 6; i++)
        {
            Expect(' ');
            AddressList();
        }

        Expect(' ');
        NString();
        Expect(' ');
        NString();
        Expect(')');
    }

    private void AddressList()
    {
        if (TryNil())
        {
            return;
        }

        Expect('(');
        do
        {
            Expect('(');
            NString();
            Expect(' ');
            NString();
            Expect(' ');
            NString();
            Expect(' ');
            NString();
            Expect(')');
        }
        while (Peek() == '(');
        Expect(')');
    }

    private void NString()
    {
        if (!TryNil())
        {
            String();
        }
    }

    private string String()
    {
        if (Peek() == '"')
        {
            _position++;
            var value = new StringBuilder();
            while (Peek() != '"')
            {
                var c = Next();
                if (c == '\\')
                {
                    c = Next();
                    Assert.True(c is '"' or '\\', $"bad quoted escape at {_position}");
                }

                Assert.True(c is > '\0' and < '\x80' and not '\r' and not '\n', $"bad quoted char at {_position}");
                value.Append(c);
            }

            _position++;
            return value.ToString();
        }

        Expect('{');
        var count = Number();
        Expect('}');
        Expect('\r');
        Expect('\n');
        Assert.True(_position + count <= _text.Length, "literal runs past the end");
        var literal = Encoding.UTF8.GetString(_text, _position, count);
        _position += count;
        return literal;
    }

    private int Number()
    {
        var start = _position;
        while (_position < _text.Length && _text[_position] is >= (byte)'0' and <= (byte)'9')
        {
            _position++;
        }

        Assert.True(_position > start, $"number expected at {start}: {Context()}");
        return int.Parse(Encoding.ASCII.GetString(_text, start, _position - start));
    }

    private bool TryNil()
    {
        if (_text.AsSpan(_position).StartsWith("NIL"u8))
        {
            _position += 3;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        Assert.True(Peek() == c, $"'{c}' expected at {_position}: {Context()}");
        _position++;
    }

    private char Peek() => _position < _text.Length ? (char)_text[_position] : '\0';

    private char Next()
    {
        Assert.True(_position < _text.Length, "unexpected end");
        return (char)_text[_position++];
    }

    private void End() => Assert.True(_position == _text.Length, $"trailing text at {_position}: {Context()}");

    private string Context() => Encoding.UTF8.GetString(_text, 0, Math.Min(_text.Length, _position + 20));
}
