using System.Buffers;
using Paloma.Storage;

namespace Paloma.Imap.Protocol;

/// <summary>
/// The command grammar of RFC 3501 §9 (plus the extensions Paloma offers). Pure and bounded: it works on whatever
/// octets are given, never reads a socket, and answers need-more-data (consuming nothing), a command, or an
/// error. Literal bodies must already be in the input, except APPEND's message, which stays on the wire.
/// </summary>
public static partial class ImapCommandParser
{
    private delegate ImapCommand ArgumentParser(ref ImapTokenReader reader, string tag, string name);

    private static readonly Dictionary<string, ArgumentParser> s_parsers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CAPABILITY"] = NoArguments,
        ["NOOP"] = NoArguments,
        ["LOGOUT"] = NoArguments,
        ["CHECK"] = NoArguments,
        ["CLOSE"] = NoArguments,
        ["UNSELECT"] = NoArguments,
        ["EXPUNGE"] = NoArguments,
        ["IDLE"] = NoArguments,
        ["NAMESPACE"] = NoArguments,
        ["STARTTLS"] = NoArguments,
        ["LOGIN"] = Login,
        ["AUTHENTICATE"] = Authenticate,
        ["ENABLE"] = Enable,
        ["ID"] = Id,
        ["SELECT"] = OneMailbox,
        ["EXAMINE"] = OneMailbox,
        ["CREATE"] = OneMailbox,
        ["DELETE"] = OneMailbox,
        ["SUBSCRIBE"] = OneMailbox,
        ["UNSUBSCRIBE"] = OneMailbox,
        ["RENAME"] = Rename,
        ["LIST"] = List,
        ["LSUB"] = List,
        ["STATUS"] = Status,
        ["APPEND"] = Append,
        ["SEARCH"] = (ref r, tag, _) => Search(ref r, tag, uid: false),
        ["FETCH"] = (ref r, tag, _) => Fetch(ref r, tag, uid: false),
        ["STORE"] = (ref r, tag, _) => Store(ref r, tag, uid: false),
        ["COPY"] = (ref r, tag, _) => Copy(ref r, tag, move: false, uid: false),
        ["MOVE"] = (ref r, tag, _) => Copy(ref r, tag, move: true, uid: false),
        ["UID"] = Uid,
        ["SORT"] = (ref r, tag, _) => Sort(ref r, tag, uid: false),
        ["THREAD"] = (ref r, tag, _) => Thread(ref r, tag, uid: false),
        ["GETQUOTA"] = QuotaArgument,
        ["GETQUOTAROOT"] = QuotaArgument,
        ["SETQUOTA"] = SetQuota,
        ["COMPRESS"] = Compress,
    };

    /// <summary>RFC 3501 §6.3.10, plus HIGHESTMODSEQ (RFC 7162 §3.1.6), SIZE (RFC 8438), APPENDLIMIT (RFC 7889
    /// §4) and DELETED (RFC 9051 §6.3.11).</summary>
    private static readonly string[] s_statusItems =
        ["MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "HIGHESTMODSEQ", "SIZE", "APPENDLIMIT", "DELETED"];

    /// <summary>True for a command name this parser knows; anything else is answered BAD "unknown command".</summary>
    public static bool IsKnown(string name) => s_parsers.ContainsKey(name);

    public static ImapParseResult Parse(ReadOnlySequence<byte> input)
    {
        string? tag = null;
        string? name = null;
        var reader = new ImapTokenReader(input);
        try
        {
            tag = reader.Tag();
            if (reader.Peek() is not ((byte)' ' or (byte)'\r' or (byte)'\n'))
            {
                // RFC 3501 §9: a tag is astring-chars without "+"; "a(b" or "a{1" is not a tag with junk after
                // it but no tag at all, so the BAD is untagged, as for an empty line.
                tag = null;
                ImapSyntaxException.Throw("invalid character in tag");
            }

            reader.Space();
            var word = reader.Atom().ToUpperInvariant();
            if (!s_parsers.TryGetValue(word, out var parser))
            {
                // Answered at once: nothing after an unknown command name can be trusted to be a literal to wait for.
                return new ImapParseResult(ImapParseStatus.Error, null, 0, tag, null, $"unknown command {word}", null);
            }

            name = word;
            var command = parser(ref reader, tag, name);
            return new ImapParseResult(ImapParseStatus.Complete, command, reader.Consumed, tag, name, null, null);
        }
        catch (ImapIncompleteException e)
        {
            return new ImapParseResult(e.Literal is null ? ImapParseStatus.NeedMoreData : ImapParseStatus.NeedLiteral,
                null, 0, tag, name, null, e.Literal);
        }
        catch (ImapSyntaxException e)
        {
            return new ImapParseResult(ImapParseStatus.Error, null, 0, tag, name, e.Message, null);
        }
    }

    private static ImapCommand NoArguments(ref ImapTokenReader reader, string tag, string name)
    {
        reader.End();
        return new SimpleCommand(tag, name);
    }

    /// <summary>compress = "COMPRESS" SP algorithm (RFC 4978 §5).</summary>
    private static ImapCommand Compress(ref ImapTokenReader reader, string tag, string name)
    {
        reader.Space();
        var mechanism = reader.Atom();
        reader.End();
        return new CompressCommand(tag, mechanism);
    }

    private static ImapCommand Login(ref ImapTokenReader reader, string tag, string name)
    {
        reader.Space();
        var user = reader.AString();
        reader.Space();
        var password = reader.AString();
        reader.End();
        return new LoginCommand(tag, user, password);
    }

    private static ImapCommand Authenticate(ref ImapTokenReader reader, string tag, string name)
    {
        reader.Space();
        var mechanism = reader.Atom().ToUpperInvariant();
        string? initial = null;
        if (reader.TryTake((byte)' '))
        {
            // RFC 4959 §7: initial-response = base64 / "="; base64 characters are all ATOM-CHARs.
            initial = reader.Atom();
        }

        reader.End();
        return new AuthenticateCommand(tag, mechanism, initial);
    }

    private static ImapCommand Enable(ref ImapTokenReader reader, string tag, string name)
    {
        var capabilities = new List<string>();
        do
        {
            reader.Space();
            capabilities.Add(reader.Atom());
        }
        while (!reader.TryEnd());

        return new EnableCommand(tag, capabilities);
    }

    private static ImapCommand Id(ref ImapTokenReader reader, string tag, string name)
    {
        reader.Space();
        if (!reader.TryTake((byte)'('))
        {
            reader.NString();
            reader.End();
            return new IdCommand(tag, null);
        }

        var fields = new List<(string, string?)>();
        while (!reader.TryTake((byte)')'))
        {
            if (fields.Count > 0)
            {
                reader.Space();
            }

            var field = reader.String();
            reader.Space();
            fields.Add((field, reader.NString()));
        }

        reader.End();
        return new IdCommand(tag, fields);
    }

    private static ImapCommand OneMailbox(ref ImapTokenReader reader, string tag, string name)
    {
        reader.Space();
        var mailbox = reader.AStringBytes();
        if (name is "SELECT" or "EXAMINE" or "CREATE" && reader.TryTake((byte)' '))
        {
            var command = name == "CREATE"
                ? new MailboxCommand(tag, name, mailbox, Use: CreateParameters(ref reader))
                : new MailboxCommand(tag, name, mailbox, SelectParameters(ref reader));
            reader.End();
            return command;
        }

        reader.End();
        return new MailboxCommand(tag, name, mailbox);
    }

    private static ImapCommand Rename(ref ImapTokenReader reader, string tag, string name)
    {
        reader.Space();
        var from = reader.AStringBytes();
        reader.Space();
        var to = reader.AStringBytes();
        reader.End();
        return new RenameCommand(tag, from, to);
    }

    private static ImapCommand Status(ref ImapTokenReader reader, string tag, string name)
    {
        reader.Space();
        var mailbox = reader.AStringBytes();
        reader.Space();
        var items = StatusItems(ref reader);
        reader.End();
        return new StatusCommand(tag, mailbox, items);
    }

    /// <summary>"(" status-att *(SP status-att) ")".</summary>
    internal static List<string> StatusItems(ref ImapTokenReader reader)
    {
        reader.Expect((byte)'(', "\"(\"");
        var items = new List<string>();
        do
        {
            var item = reader.Atom().ToUpperInvariant();
            if (!s_statusItems.Contains(item))
            {
                ImapSyntaxException.Throw($"unknown STATUS item {item}");
            }

            items.Add(item);
        }
        while (reader.TryTake((byte)' '));

        reader.Expect((byte)')', "\")\"");
        return items;
    }

    private static ImapCommand Store(ref ImapTokenReader reader, string tag, bool uid)
    {
        reader.Space();
        var set = SequenceSet.Parse(ref reader);
        reader.Space();
        var unchangedSince = StoreModifiers(ref reader);
        var mode = reader.TryTake((byte)'+') ? FlagStoreMode.Add
            : reader.TryTake((byte)'-') ? FlagStoreMode.Remove : FlagStoreMode.Replace;
        var item = reader.Atom().ToUpperInvariant();
        if (item is not ("FLAGS" or "FLAGS.SILENT"))
        {
            ImapSyntaxException.Throw("expected FLAGS, +FLAGS or -FLAGS (optionally .SILENT)");
        }

        reader.Space();
        IReadOnlyList<string> flags;
        if (reader.PeekIs((byte)'('))
        {
            flags = FlagList(ref reader, allowWildcard: false);
        }
        else
        {
            var list = new List<string> { Flag(ref reader, allowWildcard: false) };
            while (reader.TryTake((byte)' '))
            {
                list.Add(Flag(ref reader, allowWildcard: false));
            }

            flags = list;
        }

        reader.End();
        return new StoreCommand(tag, uid, set, mode, item.EndsWith(".SILENT", StringComparison.Ordinal), flags,
            unchangedSince);
    }

    private static ImapCommand Copy(ref ImapTokenReader reader, string tag, bool move, bool uid)
    {
        reader.Space();
        var set = SequenceSet.Parse(ref reader);
        reader.Space();
        var mailbox = reader.AStringBytes();
        reader.End();
        return new CopyCommand(tag, move, uid, set, mailbox);
    }

    private static ImapCommand Uid(ref ImapTokenReader reader, string tag, string name)
    {
        reader.Space();
        var sub = reader.Atom().ToUpperInvariant();
        switch (sub)
        {
            case "FETCH":
                return Fetch(ref reader, tag, uid: true);
            case "STORE":
                return Store(ref reader, tag, uid: true);
            case "SEARCH":
                return Search(ref reader, tag, uid: true);
            case "SORT":
                return Sort(ref reader, tag, uid: true);
            case "THREAD":
                return Thread(ref reader, tag, uid: true);
            case "COPY":
            case "MOVE":
                return Copy(ref reader, tag, sub == "MOVE", uid: true);
            case "EXPUNGE":
                reader.Space();
                var set = SequenceSet.Parse(ref reader);
                reader.End();
                return new UidExpungeCommand(tag, set);
            default:
                ImapSyntaxException.Throw($"unknown UID command {sub}");
                return null!;
        }
    }

    /// <summary>flag-list = "(" [flag *(SP flag)] ")" (RFC 3501 §9).</summary>
    internal static List<string> FlagList(ref ImapTokenReader reader, bool allowWildcard)
    {
        reader.Expect((byte)'(', "\"(\"");
        var flags = new List<string>();
        if (reader.TryTake((byte)')'))
        {
            return flags;
        }

        do
        {
            flags.Add(Flag(ref reader, allowWildcard));
        }
        while (reader.TryTake((byte)' '));

        reader.Expect((byte)')', "\")\" to close the flag list");
        return flags;
    }

    private static string Flag(ref ImapTokenReader reader, bool allowWildcard)
    {
        if (!reader.TryTake((byte)'\\'))
        {
            return reader.Atom();
        }

        if (allowWildcard && reader.TryTake((byte)'*'))
        {
            return "\\*";
        }

        var flag = ImapFlags.Canonical("\\" + reader.Atom());
        if (!ImapFlags.IsSettableSystemFlag(flag))
        {
            ImapSyntaxException.Throw($"{flag} cannot be set by a client");
        }

        return flag;
    }
}
