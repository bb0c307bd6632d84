using System.Buffers;
using System.Text;
using Paloma.Imap.Message;
using Paloma.Imap.Protocol;
using Paloma.Storage;

namespace Paloma.Tests.Imap;

/// <summary>Layer (a): the pure parser, by table, with every prefix and every split of the input.</summary>
public sealed class ImapCommandParserTests
{
    public static readonly TheoryData<string> ValidCommands =
    [
        "a1 NOOP\r\n",
        "a2 LOGIN alice@example.com \"Se\\\"cret\"\r\n",
        "a3 LOGIN {5}\r\nalice {3+}\r\nabc\r\n",
        "a4 SELECT \"INBOX\"\r\n",
        "a5 LIST \"\" \"*\"\r\n",
        "a6 LIST \"\" %/x*\r\n",
        "a7 STATUS INBOX (MESSAGES UIDNEXT UNSEEN)\r\n",
        "a8 FETCH 1:*,3 (FLAGS BODY.PEEK[HEADER.FIELDS (Subject From)]<0.10> UID)\r\n",
        "a9 UID STORE 4:2 +FLAGS.SILENT (\\Seen $Junk)\r\n",
        "b1 SEARCH CHARSET UTF-8 OR (SEEN FROM {3}\r\nbob) NOT UID 1:5 SINCE 1-Feb-2024\r\n",
        "b2 APPEND INBOX (\\Seen) \" 5-Jan-2024 10:00:00 +0000\" {20}\r\n",
        "b3 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\n",
        "b4 ID (\"name\" \"x\" \"version\" NIL)\r\n",
        "b5 UID MOVE 1,3 Trash\r\n",
        "b6 FETCH 2 BODY[1.2.MIME]\r\n",
        "b7 FETCH 1 (BINARY[1.2]<0.5> BINARY.PEEK[] BINARY.SIZE[3])\r\n",
        "b8 APPEND INBOX ~{20+}\r\n",
        "b9 APPEND INBOX (\\Seen) UTF8 (~{20}\r\n",
        "c1 COMPRESS DEFLATE\r\n",
        "c2 UID SORT (REVERSE DATE SUBJECT DISPLAYFROM) UTF-8 ALL\r\n",
        "c3 UID THREAD REFERENCES US-ASCII SINCE 1-Feb-2024\r\n",
    ];

    [Theory]
    [MemberData(nameof(ValidCommands))]
    public void EveryProperPrefixNeedsMoreDataAndConsumesNothing(string command)
    {
        var bytes = Encoding.Latin1.GetBytes(command);
        var full = ImapCommandParser.Parse(new ReadOnlySequence<byte>(bytes));
        Assert.Equal(ImapParseStatus.Complete, full.Status);
        Assert.Equal(bytes.Length, full.Consumed);
        for (var n = 0; n < bytes.Length; n++)
        {
            var result = ImapCommandParser.Parse(new ReadOnlySequence<byte>(bytes, 0, n));
            Assert.True(result.Status is ImapParseStatus.NeedMoreData or ImapParseStatus.NeedLiteral,
                $"prefix of {n} octets gave {result.Status}: {result.Error}");
            Assert.Equal(0, result.Consumed);
        }
    }

    [Theory]
    [MemberData(nameof(ValidCommands))]
    public void OneOctetSegmentsParseLikeOneBuffer(string command)
    {
        var bytes = Encoding.Latin1.GetBytes(command);
        var sequence = Segments.Split(bytes);
        var result = ImapCommandParser.Parse(sequence);
        Assert.Equal(ImapParseStatus.Complete, result.Status);
        Assert.Equal(ImapCommandParser.Parse(new ReadOnlySequence<byte>(bytes)).Command!.GetType(),
            result.Command!.GetType());
    }

    [Theory]
    [InlineData("a1 NOOP\n", "bare LF")]
    [InlineData("a1 NOOP\rx\r\n", "bare CR")]
    [InlineData("a1 NOOP\0\r\n", "NUL")]
    [InlineData("a1 LOGIN {-1}\r\n", "literal size")]
    [InlineData("a1 LOGIN {}\r\n", "literal size")]
    [InlineData("a1 LOGIN {4294967296}\r\n", "literal size")]
    [InlineData("a1 LOGIN {99999999999999999999999}\r\n", "literal size")]
    [InlineData("a1 SEARCH {-100}zzz\r\n", "expected")]
    [InlineData("a1 LOGIN {3}x\r\n", "must end the line")]
    [InlineData("a1 FETCH 1:x FLAGS\r\n", "sequence set")]
    [InlineData("a1 FETCH 0 FLAGS\r\n", "zero")]
    [InlineData("a1 FETCH 1 (FLAGS\r\n", ")")]
    [InlineData("a1 FETCH 1 BODY.PEEK[]<10.0>\r\n", "zero")]
    [InlineData("a1 FETCH 1 BODY[HEADER.FIELDS]\r\n", "space")]
    [InlineData("b1 STATUS INBOX (MESSAGES UIDNEXT UNSEEN\r\n", ")")]
    [InlineData("a5 APPEND INBOX (\\Seen \\Bogus\\) {20}\r\n", "")]
    [InlineData("a7 APPEND INBOX \"32-Jan-2024 10:00:00 +0000\" {20}\r\n", "date-time")]
    [InlineData("a9 APPEND INBOX UTF8 ({20}\r\n", "UTF8")]
    [InlineData("a9 APPEND INBOX UTF9 (~{20}\r\n", "literal")]
    [InlineData("a1 STORE 1 +FLAGS (\\Recent)\r\n", "cannot be set")]
    [InlineData("a1 SEARCH NOSUCHKEY\r\n", "unknown search key")]
    [InlineData("a1 SEARCH ON 30-Feb-2024\r\n", "invalid date")]
    [InlineData("a1 LOGIN \"abc\r\n", "quoted")]
    [InlineData("a1 BOGUS\r\n", "unknown command")]
    [InlineData("+ NOOP\r\n", "tag")]
    public void MalformedCommandsAreErrorsWithAReason(string command, string reason)
    {
        var result = ImapCommandParser.Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(command)));
        Assert.Equal(ImapParseStatus.Error, result.Status);
        Assert.Contains(reason, result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void LiteralWhoseBodyIsMissingAsksForTheLiteral()
    {
        var result = ImapCommandParser.Parse(new ReadOnlySequence<byte>("a1 LOGIN {400000000}\r\n"u8.ToArray()));
        Assert.Equal(ImapParseStatus.NeedLiteral, result.Status);
        Assert.Equal(new LiteralSpec(400000000, true), result.Literal);
        Assert.Equal("a1", result.Tag);
        Assert.Equal("LOGIN", result.Name);
    }

    [Fact]
    public void AppendStopsBeforeTheMessageOctets()
    {
        var input = "b2 APPEND INBOX () \"05-Jan-2024 10:00:00 +0100\" {20+}\r\nSubject: c30\r\n\r\nhi\r\n"u8
            .ToArray();
        var result = ImapCommandParser.Parse(new ReadOnlySequence<byte>(input));
        var append = Assert.IsType<AppendCommand>(result.Command);
        Assert.Equal(new LiteralSpec(20, false), append.Message);
        Assert.Empty(append.Flags);
        Assert.Equal(new DateTimeOffset(2024, 1, 5, 10, 0, 0, TimeSpan.FromHours(1)), append.Date);
        Assert.Equal(input.Length - 20, result.Consumed);
    }

    [Fact]
    public void FetchSectionsAndPartialsAreParsed()
    {
        var command = Parse<FetchCommand>("a1 FETCH 1 (BODY[]<0.10> BODY.PEEK[HEADER.FIELDS.NOT (To)] RFC822)\r\n");
        var whole = Assert.IsType<FetchSection>(command.Items[0]);
        Assert.Equal("BODY[]<0>", whole.ResponseName);
        Assert.False(whole.Peek);
        Assert.Equal((0u, 10u), (whole.PartialStart!.Value, whole.PartialLength!.Value));
        var fields = Assert.IsType<FetchSection>(command.Items[1]);
        Assert.Equal(SectionKind.HeaderFieldsNot, fields.Section.Kind);
        Assert.Equal(["To"], fields.Section.Fields);
        Assert.Equal("BODY[HEADER.FIELDS.NOT (To)]", fields.ResponseName);
        Assert.Equal("RFC822", Assert.IsType<FetchSection>(command.Items[2]).ResponseName);
    }

    [Fact]
    public void FetchMacrosExpand()
    {
        Assert.Equal(3, Parse<FetchCommand>("a1 FETCH 1 FAST\r\n").Items.Count);
        Assert.Equal(4, Parse<FetchCommand>("a1 FETCH 1 ALL\r\n").Items.Count);
        Assert.Equal(5, Parse<FetchCommand>("a1 FETCH 1 FULL\r\n").Items.Count);
    }

    [Fact]
    public void StoreModesAndSilentAreParsed()
    {
        var store = Parse<StoreCommand>("a1 STORE 1 -FLAGS.SILENT \\seen \\DELETED\r\n");
        Assert.Equal(FlagStoreMode.Remove, store.Mode);
        Assert.True(store.Silent);
        Assert.Equal(["\\Seen", "\\Deleted"], store.Flags);
    }

    [Fact]
    public void SearchKeysNestWithAndOrNot()
    {
        var search = Parse<SearchCommand>("a1 UID SEARCH CHARSET US-ASCII NOT (OR SEEN 2:4 LARGER 10) UNKEYWORD k\r\n");
        Assert.True(search.Uid);
        Assert.Equal("US-ASCII", search.Charset);
        var and = Assert.IsType<SearchAnd>(search.Key);
        var not = Assert.IsType<SearchNot>(and.Keys[0]);
        var inner = Assert.IsType<SearchAnd>(not.Key);
        Assert.IsType<SearchOr>(inner.Keys[0]);
        Assert.Equal(new SearchFlag("k", false), and.Keys[1]);
    }

    [Fact]
    public void SearchNestingIsBounded()
    {
        var deep = "a1 SEARCH " + string.Concat(Enumerable.Repeat("NOT ", 500)) + "ALL\r\n";
        var result = ImapCommandParser.Parse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(deep)));
        Assert.Equal(ImapParseStatus.Error, result.Status);
    }

    [Theory]
    [InlineData("1", 1u, 1u)]
    [InlineData("4:2", 2u, 4u)]
    [InlineData("*", SequenceSet.Star, SequenceSet.Star)]
    [InlineData("3:*", 3u, SequenceSet.Star)]
    public void SequenceSetsNormaliseRanges(string text, uint first, uint last)
    {
        var command = Parse<FetchCommand>($"a1 FETCH {text} FLAGS\r\n");
        Assert.Equal((first, last), command.Set.Ranges[0]);
    }

    [Fact]
    public void SequenceSetStarMeansTheLargest()
    {
        var set = Parse<FetchCommand>("a1 FETCH 1,5:*,9 FLAGS\r\n").Set;
        Assert.True(set.Contains(1, 7));
        Assert.False(set.Contains(3, 7));
        Assert.True(set.Contains(7, 7));
        Assert.True(set.Contains(9, 7));
        Assert.Equal("1:3,7", SequenceSet.Format([1, 2, 3, 7]));
    }

    private static T Parse<T>(string text) where T : ImapCommand
    {
        var result = ImapCommandParser.Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)));
        Assert.True(result.Status == ImapParseStatus.Complete, result.Error);
        return Assert.IsType<T>(result.Command);
    }
}
