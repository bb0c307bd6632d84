using System.Text;
using Paloma.Imap.Message;

namespace Paloma.Imap.Protocol;

public static partial class ImapCommandParser
{
    private static readonly FetchItem[] s_fast =
    [
        new FetchSimple(FetchAttribute.Flags), new FetchSimple(FetchAttribute.InternalDate),
        new FetchSimple(FetchAttribute.Rfc822Size),
    ];

    private static ImapCommand Fetch(ref ImapTokenReader reader, string tag, bool uid)
    {
        reader.Space();
        var set = SequenceSet.Parse(ref reader);
        reader.Space();
        var items = new List<FetchItem>();
        if (reader.TryTake((byte)'('))
        {
            do
            {
                items.AddRange(FetchAtt(ref reader, allowMacro: false));
            }
            while (reader.TryTake((byte)' '));

            reader.Expect((byte)')', "\")\" to close the FETCH list");
        }
        else
        {
            items.AddRange(FetchAtt(ref reader, allowMacro: true));
        }

        var (changedSince, vanished) = reader.TryTake((byte)' ') ? FetchModifiers(ref reader, uid) : (null, false);
        reader.End();
        return new FetchCommand(tag, uid, set, items, changedSince, vanished);
    }

    /// <summary>One fetch-att, or with <paramref name="allowMacro"/> one of the ALL, FAST, FULL macros (§6.4.5).
    /// </summary>
    private static IEnumerable<FetchItem> FetchAtt(ref ImapTokenReader reader, bool allowMacro)
    {
        var name = reader.AtomUntilBracket().ToUpperInvariant();
        switch (name)
        {
            case "ALL" or "FAST" or "FULL" when allowMacro:
                return name switch
                {
                    "FAST" => s_fast,
                    "ALL" => [.. s_fast, new FetchSimple(FetchAttribute.Envelope)],
                    _ => [.. s_fast, new FetchSimple(FetchAttribute.Envelope), new FetchSimple(FetchAttribute.Body)],
                };
            case "FLAGS":
                return [new FetchSimple(FetchAttribute.Flags)];
            case "UID":
                return [new FetchSimple(FetchAttribute.Uid)];
            case "MODSEQ":
                return [new FetchSimple(FetchAttribute.ModSeq)];
            case "INTERNALDATE":
                return [new FetchSimple(FetchAttribute.InternalDate)];
            case "RFC822.SIZE":
                return [new FetchSimple(FetchAttribute.Rfc822Size)];
            case "ENVELOPE":
                return [new FetchSimple(FetchAttribute.Envelope)];
            case "BODYSTRUCTURE":
                return [new FetchSimple(FetchAttribute.BodyStructure)];
            case "RFC822":
                return [new FetchSection(SectionSpec.Whole, "", false, null, null, "RFC822")];
            case "RFC822.HEADER":
                return [new FetchSection(new SectionSpec([], SectionKind.Header, []), "HEADER", true, null, null,
                    "RFC822.HEADER")];
            case "RFC822.TEXT":
                return [new FetchSection(new SectionSpec([], SectionKind.Text, []), "TEXT", false, null, null,
                    "RFC822.TEXT")];
            case "BODY" when !reader.PeekIs((byte)'['):
                return [new FetchSimple(FetchAttribute.Body)];
            case "BODY" or "BODY.PEEK":
                return [BodySection(ref reader, name == "BODY.PEEK")];
            case "BINARY" or "BINARY.PEEK" or "BINARY.SIZE":
                return [BinarySection(ref reader, name)];
            default:
                ImapSyntaxException.Throw(name.Length == 0 ? "expected a FETCH item" : $"unknown FETCH item {name}");
                return [];
        }
    }

    private static FetchSection BodySection(ref ImapTokenReader reader, bool peek)
    {
        reader.Expect((byte)'[', "\"[\"");
        var (section, text) = Section(ref reader);
        reader.Expect((byte)']', "\"]\" to close the section");
        uint? start = null;
        uint? length = null;
        if (reader.TryTake((byte)'<'))
        {
            // RFC 3501 §9: partial = "<" number "." nz-number ">"; the origin is zero-based.
            start = reader.Number();
            reader.Expect((byte)'.', "\".\" in the partial range");
            length = reader.NzNumber();
            reader.Expect((byte)'>', "\">\" to close the partial range");
        }

        return new FetchSection(section, text, peek, start, length);
    }

    /// <summary>RFC 3516 §6: section-binary = "[" [section-part] "]"; BINARY.SIZE takes no partial.</summary>
    private static FetchBinary BinarySection(ref ImapTokenReader reader, string name)
    {
        reader.Expect((byte)'[', "\"[\"");
        var parts = new List<int>();
        while (!reader.PeekIs((byte)']'))
        {
            if (parts.Count > 0)
            {
                reader.Expect((byte)'.', "\".\" between part numbers");
            }

            parts.Add((int)reader.NzNumber());
        }

        reader.Expect((byte)']', "\"]\" to close the section");
        uint? start = null;
        uint? length = null;
        if (name != "BINARY.SIZE" && reader.TryTake((byte)'<'))
        {
            start = reader.Number();
            reader.Expect((byte)'.', "\".\" in the partial range");
            length = reader.NzNumber();
            reader.Expect((byte)'>', "\">\" to close the partial range");
        }

        return new FetchBinary(parts, name == "BINARY.PEEK", name == "BINARY.SIZE", start, length);
    }

    private static (SectionSpec Section, string Text) Section(ref ImapTokenReader reader)
    {
        if (reader.PeekIs((byte)']'))
        {
            return (SectionSpec.Whole, "");
        }

        var token = reader.AtomUntilBracket().ToUpperInvariant();
        var parts = new List<int>();
        var words = token.Split('.');
        var i = 0;
        for (; i < words.Length && words[i].Length > 0 && words[i].All(char.IsAsciiDigit); i++)
        {
            if (!int.TryParse(words[i], out var part) || part == 0)
            {
                ImapSyntaxException.Throw("section part numbers are non-zero numbers");
            }

            parts.Add(part);
        }

        var rest = string.Join('.', words[i..]);
        var kind = rest switch
        {
            "" when parts.Count > 0 => SectionKind.All,
            "HEADER" => SectionKind.Header,
            "HEADER.FIELDS" => SectionKind.HeaderFields,
            "HEADER.FIELDS.NOT" => SectionKind.HeaderFieldsNot,
            "TEXT" => SectionKind.Text,
            "MIME" when parts.Count > 0 => SectionKind.Mime,
            _ => Invalid(token),
        };

        var fields = new List<string>();
        var text = new StringBuilder(token);
        if (kind is SectionKind.HeaderFields or SectionKind.HeaderFieldsNot)
        {
            reader.Space();
            reader.Expect((byte)'(', "\"(\" to open the header list");
            do
            {
                fields.Add(reader.AString());
            }
            while (reader.TryTake((byte)' '));

            reader.Expect((byte)')', "\")\" to close the header list");
            text.Append(" (").AppendJoin(' ', fields.Select(ImapResponseWriter.AStringText)).Append(')');
        }

        return (new SectionSpec(parts, kind, fields), text.ToString());
    }

    private static SectionKind Invalid(string token)
    {
        ImapSyntaxException.Throw($"invalid section {token}");
        return SectionKind.All;
    }
}
