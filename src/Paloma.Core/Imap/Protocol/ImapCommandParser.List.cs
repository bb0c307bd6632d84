namespace Paloma.Imap.Protocol;

public static partial class ImapCommandParser
{
    private static readonly string[] s_selectionOptions = ["SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE"];

    /// <summary>
    /// LIST and LSUB (RFC 3501 §6.3.8-9), and the LIST-EXTENDED form (RFC 5258 §3): selection options, several
    /// patterns, return options including STATUS (RFC 5819) and SPECIAL-USE (RFC 6154 §5).
    /// </summary>
    private static ImapCommand List(ref ImapTokenReader reader, string tag, string name)
    {
        reader.Space();
        var extended = false;
        List<string> selection = [];
        if (name == "LIST" && reader.PeekIs((byte)'('))
        {
            selection = Options(ref reader, s_selectionOptions, "selection");
            extended = true;
            reader.Space();
        }

        // RFC 5258 §3: RECURSIVEMATCH only modifies another option; alone it is a syntax error.
        if (selection.Contains("RECURSIVEMATCH") && !selection.Any(o => o is "SUBSCRIBED" or "SPECIAL-USE"))
        {
            ImapSyntaxException.Throw("RECURSIVEMATCH needs another selection option");
        }

        var reference = reader.AStringBytes();
        reader.Space();
        var patterns = new List<byte[]>();
        if (name == "LIST" && reader.TryTake((byte)'('))
        {
            extended = true;
            do
            {
                patterns.Add(reader.ListMailboxBytes());
            }
            while (reader.TryTake((byte)' '));

            reader.Expect((byte)')', "\")\" to close the pattern list");
        }
        else
        {
            patterns.Add(reader.ListMailboxBytes());
        }

        var (returns, statusItems) = name == "LIST" && reader.TryTake((byte)' ')
            ? ReturnOptions(ref reader)
            : ([], null);
        reader.End();
        return new ListCommand(tag, name, reference, patterns[0], selection.Contains("SPECIAL-USE"))
        {
            Patterns = patterns,
            Selection = selection,
            Return = returns,
            StatusItems = statusItems,
            Extended = extended || returns.Count > 0,
        };
    }

    private static (List<string> Options, List<string>? StatusItems) ReturnOptions(ref ImapTokenReader reader)
    {
        if (!reader.Atom().Equals("RETURN", StringComparison.OrdinalIgnoreCase))
        {
            ImapSyntaxException.Throw("expected RETURN");
        }

        reader.Space();
        reader.Expect((byte)'(', "\"(\"");
        var options = new List<string>();
        List<string>? statusItems = null;
        while (!reader.TryTake((byte)')'))
        {
            if (options.Count > 0)
            {
                reader.Space();
            }

            var option = reader.Atom().ToUpperInvariant();
            switch (option)
            {
                case "SUBSCRIBED" or "CHILDREN" or "SPECIAL-USE":
                    break;
                case "STATUS":
                    reader.Space();
                    statusItems = StatusItems(ref reader);
                    break;
                default:
                    ImapSyntaxException.Throw($"LIST return option {option} is not supported");
                    break;
            }

            options.Add(option);
        }

        return (options, statusItems);
    }

    /// <summary>"(" [option *(SP option)] ")" where each option is one of <paramref name="known"/>.</summary>
    private static List<string> Options(ref ImapTokenReader reader, string[] known, string what)
    {
        reader.Expect((byte)'(', "\"(\"");
        var options = new List<string>();
        while (!reader.TryTake((byte)')'))
        {
            if (options.Count > 0)
            {
                reader.Space();
            }

            var option = reader.Atom().ToUpperInvariant();
            if (!known.Contains(option))
            {
                ImapSyntaxException.Throw($"LIST {what} option {option} is not supported");
            }

            options.Add(option);
        }

        return options;
    }
}
