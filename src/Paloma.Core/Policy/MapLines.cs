namespace Paloma.Policy;

/// <summary>One logical line of a map file: the text with its continuation lines joined, and the number of the
/// line where it starts.</summary>
internal readonly record struct MapLine(int Number, string Text);

/// <summary>Splits map text into logical lines, the way Sendmail reads aliases (sendmail/alias.c, readaliases):
/// a line whose first character is <c>#</c> is a comment, a blank line is skipped, and a line starting with a
/// space or tab continues the line before it. A comment or blank line ends a logical line, so an indented line
/// after one has nothing to continue and is an error.</summary>
internal static class MapLines
{
    public static List<MapLine> Split(string text, string source)
    {
        var result = new List<MapLine>();
        var number = 0;
        var canContinue = false;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.Length == 0 || line.AsSpan().IsWhiteSpace() || line.TrimStart().StartsWith('#'))
            {
                canContinue = false;
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (!canContinue)
                {
                    throw new MapParseException(source, number,
                        "continuation line (it starts with white space) with no line before it to continue");
                }

                var last = result[^1];
                result[^1] = last with { Text = last.Text + " " + line.Trim() };
                continue;
            }

            result.Add(new MapLine(number, line.TrimEnd()));
            canContinue = true;
        }

        return result;
    }

    /// <summary>Reads a file for a parser, turning I/O failures into a <see cref="MapParseException"/> that names
    /// the file.</summary>
    public static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MapParseException(path, 0, $"cannot read the file: {e.Message}", e);
        }
    }

    /// <summary>Splits "key value" at the first run of white space, as makemap(8) does.</summary>
    public static (string Key, string Value) SplitKeyValue(string text)
    {
        var space = text.AsSpan().IndexOfAny(' ', '\t');
        if (space < 0)
        {
            return (text, "");
        }

        return (text[..space], text[(space + 1)..].Trim());
    }
}
