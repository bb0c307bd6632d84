using System.Text;
using Paloma.Imap.Message;

namespace Paloma.Tests.Imap.Message;

/// <summary>Case C42: only an empty line ends the header (RFC 5322 §2.1); folding, obsolete syntax and a missing
/// separator must still give a consistent ENVELOPE, BODY[HEADER] and BODY[TEXT].</summary>
public sealed class C42HeaderFoldingTests
{
    private const string M1 =
        "From: carol@example.net\r\nTo: alice@example.com\r\nReferences: <a@example.net>\r\n   \r\n" +
        " <b@example.net>\r\nSubject: folded\r\n subject continues\r\n\r\nbody\r\n";

    private static string Section(MessageContent content, SectionKind kind) =>
        Encoding.UTF8.GetString(content.GetSection(new SectionSpec([], kind, []))!);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void C42WhitespaceOnlyLineIsFoldingNotTheSeparator(bool bareLf)
    {
        var message = bareLf ? TestMessages.WithBareLf(M1) : M1;
        var content = MessageContent.Parse(Encoding.UTF8.GetBytes(message));

        // RFC 5322 §4.2 obs-FWS: "   " continues References:, so Subject: is still a header field.
        Assert.Contains("\"folded subject continues\"", content.Envelope);
        var header = Section(content, SectionKind.Header);
        Assert.EndsWith(bareLf ? "subject continues\n\n" : "subject continues\r\n\r\n", header);
        Assert.Equal(bareLf ? "body\n" : "body\r\n", Section(content, SectionKind.Text));
        Assert.True(content.HeaderContains("References", "<b@example.net>"));
        Assert.True(content.HeaderContains("subject", "folded subject continues"));
    }

    [Fact]
    public void C42FoldedFieldComesBackWithItsFolding()
    {
        var content = MessageContent.Parse(Encoding.UTF8.GetBytes(M1));

        var section = new SectionSpec([], SectionKind.HeaderFields, ["References"]);
        Assert.Equal("References: <a@example.net>\r\n   \r\n <b@example.net>\r\n\r\n",
            Encoding.UTF8.GetString(content.GetSection(section)!));
    }

    [Theory]
    [InlineData("From: carol@example.net\r\nSubject: nosep\r\n", "this line is not a header\r\nmore\r\n")]
    [InlineData("From: carol@example.net\nSubject: nosep\n", "this line is not a header\nmore\n")]
    [InlineData("Subject: x\r\n", "From carol@example.net Mon Jan  1 00:00:00 2024\r\n")]
    [InlineData("", " leading space with no field before it\r\n")]
    [InlineData("Subject: at the end without line break", "")]
    [InlineData("", "no header at all\r\n")]
    [InlineData("X-8bit: caf\u00e9\r\n", "\u00e9t\u00e9\r\n")]
    public void C42MissingSeparatorGivesHeaderAndTextThatAddUp(string header, string text)
    {
        var message = Encoding.UTF8.GetBytes(header + text);
        var content = MessageContent.Parse(message);

        // RFC 3501 §6.4.5: BODY[HEADER] followed by BODY[TEXT] is the whole message (RFC822.SIZE octets).
        Assert.Equal(header, Section(content, SectionKind.Header));
        Assert.Equal(text, Section(content, SectionKind.Text));
        ImapBodyGrammar.AssertEnvelope(content.Envelope);
        ImapBodyGrammar.AssertBody(content.BodyStructure(true), extended: true);
    }

    [Fact]
    public void C42ObsoleteSpaceBeforeColonIsParsed()
    {
        var content = MessageContent.Parse(Encoding.UTF8.GetBytes(
            "From: carol@example.net\r\nSubject : spaced colon\r\nX-Empty:\r\n\r\nbody\r\n"));

        // RFC 5322 §4.5 obs-optional: white space may come between the field name and the colon.
        Assert.Contains("\"spaced colon\"", content.Envelope);
        Assert.True(content.HeaderContains("Subject", "spaced"));
        Assert.True(content.HeaderContains("X-Empty", ""));
        Assert.Equal("body\r\n", Section(content, SectionKind.Text));
    }

    [Fact]
    public void C42EightBitHeaderLinesStayHeaderLines()
    {
        byte[] message = [.. "Subject: caf"u8, 0xE9, .. "\r\nX-Raw: "u8, 0xFF, 0xFE, .. "\r\n\r\nbody\r\n"u8];
        var content = MessageContent.Parse(message);

        Assert.Equal(message[..^6], content.GetSection(new SectionSpec([], SectionKind.Header, [])));
        Assert.Equal("body\r\n"u8.ToArray(), content.GetSection(new SectionSpec([], SectionKind.Text, [])));
        ImapBodyGrammar.AssertEnvelope(content.Envelope);
    }
}
