using System.Text;
using Paloma.Imap.Message;

namespace Paloma.Tests.Imap.Message;

/// <summary>Case C36: BODYSTRUCTURE of malformed MIME must parse under RFC 3501 §9 and agree with BODY[n].
/// </summary>
public sealed class C36MalformedMimeTests
{
    public static TheoryData<string> Malformed => new()
    {
        // The six messages of the case.
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\nno boundary parameter\r\n",
        "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n" +
            "there are no --b1 lines here\r\n",
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b2\"\r\n\r\n--b2\r\n" +
            "Content-Type: text/plain\r\n\r\npart one\r\n--b",
        "Content-Type: text/plain; charset=\r\nContent-Transfer-Encoding:\r\n\r\nx\r\n",
        "Content-Type: text\r\n\r\nx\r\n",
        "Content-Type: multipart/alternative; boundary=\"\"\r\n\r\n--\r\n\r\nx\r\n----\r\n",

        // Variations of the same faults.
        "Content-Type: multipart/mixed; boundary=z\r\n\r\n--z--\r\n",
        "Content-Type: multipart/mixed; boundary=z\r\n\r\n--z",
        "Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\n",
        "Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\nContent-Type: message/rfc822\r\n\r\n",
        "Content-Type: message/rfc822\r\n\r\n",
        "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\nU3ViamVjdDogeA0KDQp4\r\n",
        "Content-Type: /\r\n\r\nx",
        "Content-Type: ;;;\r\nContent-Disposition: ;;\r\nContent-Language: ,,\r\n\r\nx",
        "Content-Type: text/plain; name=\"a\r\n\r\nx",
        "Content-Type: text/plain; =x; y=\r\nContent-Disposition: attachment; filename\r\n\r\nx",
        "Content-Type: image/png; name*=utf-8''%E2%82%AC.png\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@@\r\n",
        "Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\nContent-Type: multipart/mixed; boundary=i\r\n\r\n" +
            "--i\r\n\r\nunterminated inner\r\n--o\r\n\r\nsecond outer\r\n--o--\r\n",
        "Content-Type: multipart/mixed; boundary=\"x y\"\r\n\r\n--x y  \r\n\r\na\r\n--x y--",
        "Content-Type: multipart/mixed; boundary=é\r\n\r\n--é\r\n\r\na\r\n--é--\r\n",
        "Content-ID: \"quoted\\\"\r\nContent-Description: tab\there\r\n\r\nx",
        "",
        "\r\n",
        "\n\n",
        "no header at all\r\n",
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void C36BodyStructureOfMalformedMimeIsGrammatical(string message)
    {
        var content = MessageContent.Parse(Encoding.UTF8.GetBytes(message));

        ImapBodyGrammar.AssertBody(content.BodyStructure(extended: true), extended: true);
        ImapBodyGrammar.AssertBody(content.BodyStructure(extended: false), extended: false);
        ImapBodyGrammar.AssertEnvelope(content.Envelope);
        content.BodyContains("x");
        content.TextContains("x");
    }

    [Fact]
    public void C36MultipartWithoutBoundaryIsTextPlain()
    {
        var content = MessageContent.Parse(Encoding.UTF8.GetBytes(
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\nno boundary parameter\r\n"));

        // RFC 2046 §5.1.1 needs a boundary; without one the body is shown with the RFC 2045 §5.2 default.
        Assert.Equal("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 23 1)",
            content.BodyStructure(false));
        Assert.Equal("no boundary parameter\r\n", Encoding.UTF8.GetString(content.GetSection(Part(1))!));
    }

    [Fact]
    public void C36TruncatedCloseDelimiterKeepsThePartToTheEnd()
    {
        var content = MessageContent.Parse(Encoding.UTF8.GetBytes(
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b2\"\r\n\r\n--b2\r\n" +
            "Content-Type: text/plain\r\n\r\npart one\r\n--b"));

        Assert.Equal("((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 13 2) \"MIXED\")", content.BodyStructure(false));
        Assert.Equal("part one\r\n--b", Encoding.UTF8.GetString(content.GetSection(Part(1))!));
        Assert.Null(content.GetSection(Part(2)));
    }

    [Fact]
    public void C36EmptyParameterAndEncodingAreStrings()
    {
        var content = MessageContent.Parse(Encoding.UTF8.GetBytes(
            "Content-Type: text/plain; charset=\r\nContent-Transfer-Encoding:\r\n\r\nx\r\n"));

        // RFC 2045 §6.1: no encoding means 7BIT; a parameter value is a string, never NIL (RFC 3501 §9).
        Assert.Equal("(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 1)", content.BodyStructure(false));
    }

    [Fact]
    public void C36BrokenParametersKeepTheMediaType()
    {
        var content = MessageContent.Parse(Encoding.UTF8.GetBytes(
            "Content-Type: image/png; name=\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0K\r\n"));

        Assert.Equal("(\"IMAGE\" \"PNG\" NIL NIL NIL \"BASE64\" 10)", content.BodyStructure(false));
    }

    [Fact]
    public void C36MissingSubtypeAndEmptyBoundaryFallBackToTextPlain()
    {
        foreach (var message in new[]
        {
            "Content-Type: text\r\n\r\nx\r\n",
            "Content-Type: multipart/alternative; boundary=\"\"\r\n\r\n--\r\n\r\nx\r\n----\r\n",
        })
        {
            var content = MessageContent.Parse(Encoding.UTF8.GetBytes(message));
            Assert.StartsWith("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" ",
                content.BodyStructure(false));
        }
    }

    [Fact]
    public void C36UnterminatedInnerMultipartEndsAtTheOuterDelimiter()
    {
        var content = MessageContent.Parse(Encoding.UTF8.GetBytes(
            "Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\n" +
            "Content-Type: multipart/mixed; boundary=i\r\n\r\n" +
            "--i\r\n\r\nunterminated inner\r\n--o\r\n\r\nsecond outer\r\n--o--\r\n"));

        Assert.Equal("unterminated inner", Encoding.UTF8.GetString(content.GetSection(Part(1, 1))!));
        Assert.Equal("second outer", Encoding.UTF8.GetString(content.GetSection(Part(2))!));
    }

    [Theory]
    [InlineData(5000, true)]
    [InlineData(5000, false)]
    public void C36AbsurdNestingDepthIsBounded(int depth, bool multipart)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            builder.Append(multipart
                ? $"Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n"
                : "Content-Type: message/rfc822\r\n\r\n");
        }

        builder.Append("\r\ndeepest\r\n");
        var content = MessageContent.Parse(Encoding.UTF8.GetBytes(builder.ToString()));

        var structure = content.BodyStructure(extended: true);
        ImapBodyGrammar.AssertBody(structure, extended: true);
        Assert.True(structure.Count(c => c == '(') < 50 * 10, "the structure should stop at the depth bound");
        Assert.True(content.BodyContains("deepest"));
    }

    [Fact]
    public void C36RandomlyDamagedMessagesNeverBreakTheGrammar()
    {
        var random = new Random(3501);
        var seeds = new[] { TestMessages.Mixed, TestMessages.Alternative, TestMessages.Rfc3501Example };
        for (var round = 0; round < 300; round++)
        {
            var octets = Encoding.UTF8.GetBytes(seeds[round % seeds.Length]);
            var damaged = Damage(octets, random);
            var content = MessageContent.Parse(damaged);

            ImapBodyGrammar.AssertBody(content.BodyStructure(extended: true), extended: true);
            ImapBodyGrammar.AssertBody(content.BodyStructure(extended: false), extended: false);
            ImapBodyGrammar.AssertEnvelope(content.Envelope);
            Assert.Equal(damaged, content.GetSection(SectionSpec.Whole));
            content.TextContains("x");
        }
    }

    private static byte[] Damage(byte[] octets, Random random)
    {
        var damaged = octets.ToList();
        for (var i = random.Next(1, 8); i > 0 && damaged.Count > 0; i--)
        {
            var at = random.Next(damaged.Count);
            switch (random.Next(4))
            {
                case 0:
                    damaged.RemoveRange(at, Math.Min(random.Next(1, 20), damaged.Count - at));
                    break;
                case 1:
                    damaged[at] = (byte)random.Next(256);
                    break;
                case 2:
                    damaged.Insert(at, (byte)"\r\n\0-\"\\:;=("[random.Next(10)]);
                    break;
                default:
                    damaged.RemoveRange(at, damaged.Count - at);
                    break;
            }
        }

        return [.. damaged];
    }

    private static SectionSpec Part(params int[] path) => new(path, SectionKind.All, []);
}
