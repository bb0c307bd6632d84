namespace Paloma.Import;

/// <summary>
/// Reads the part of m4 that sendmail.mc files use: macro calls NAME(arg, ...) whose arguments may be quoted
/// with `...' (nested quotes kept, outer ones removed), "dnl" comments to the end of the line, and "#"
/// comment lines. No macro is expanded: the importer interprets the calls it knows (define, FEATURE,
/// DAEMON_OPTIONS, MASQUERADE_AS, TRUST_AUTH_MECH, ...) and reports the others.
/// </summary>
public static class M4Parser
{
    public static List<M4Call> Parse(string text)
    {
        var calls = new List<M4Call>();
        var position = 0;
        var line = 1;
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '\n')
            {
                line++;
                position++;
            }
            else if (c == '#' || StartsWord(text, position, "dnl"))
            {
                position = SkipToLineEnd(text, position);
            }
            else if (c == '`')
            {
                position = SkipQuoted(text, position, ref line);
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = position;
                while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
                {
                    position++;
                }

                var name = text[start..position];
                var callLine = line;
                var arguments = position < text.Length && text[position] == '('
                    ? ReadArguments(text, ref position, ref line)
                    : [];
                calls.Add(new M4Call(name, arguments, callLine));
            }
            else
            {
                position++;
            }
        }

        return calls;
    }

    /// <summary>Reads "(a, `b, c', d)" from the opening parenthesis; leaves <paramref name="position"/> after the
    /// closing one. m4 drops unquoted white space before each argument.</summary>
    private static List<string> ReadArguments(string text, ref int position, ref int line)
    {
        var arguments = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoteDepth = 0;
        var parenDepth = 0;
        var atStart = true;
        position++;
        for (; position < text.Length; position++)
        {
            var c = text[position];
            if (c == '\n')
            {
                line++;
            }

            if (quoteDepth == 0 && atStart && char.IsWhiteSpace(c))
            {
                continue;
            }

            atStart = false;
            if (c == '`')
            {
                if (quoteDepth++ > 0)
                {
                    current.Append(c);
                }

                continue;
            }

            if (c == '\'' && quoteDepth > 0)
            {
                if (--quoteDepth > 0)
                {
                    current.Append(c);
                }

                continue;
            }

            if (quoteDepth == 0)
            {
                if (c == ',' && parenDepth == 0)
                {
                    arguments.Add(current.ToString().TrimEnd());
                    current.Clear();
                    atStart = true;
                    continue;
                }

                if (c == ')' && parenDepth-- == 0)
                {
                    position++;
                    arguments.Add(current.ToString().TrimEnd());
                    return arguments;
                }

                if (c == '(')
                {
                    parenDepth++;
                }
            }

            current.Append(c);
        }

        arguments.Add(current.ToString().TrimEnd());
        return arguments;
    }

    private static int SkipQuoted(string text, int position, ref int line)
    {
        var depth = 0;
        for (; position < text.Length; position++)
        {
            switch (text[position])
            {
                case '`':
                    depth++;
                    break;
                case '\'':
                    if (--depth == 0)
                    {
                        return position + 1;
                    }

                    break;
                case '\n':
                    line++;
                    break;
            }
        }

        return position;
    }

    private static int SkipToLineEnd(string text, int position)
    {
        var end = text.IndexOf('\n', position);
        return end < 0 ? text.Length : end;
    }

    private static bool StartsWord(string text, int position, string word) =>
        string.CompareOrdinal(text, position, word, 0, word.Length) == 0
        && (position == 0 || !char.IsLetterOrDigit(text[position - 1]))
        && (position + word.Length == text.Length || !char.IsLetterOrDigit(text[position + word.Length]));
}
