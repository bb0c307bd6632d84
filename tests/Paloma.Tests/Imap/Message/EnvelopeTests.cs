using System.Text;
using MimeKit.Utils;
using Paloma.Imap.Message;

namespace Paloma.Tests.Imap.Message;

public sealed class EnvelopeTests
{
    [Fact]
    public void SimpleHeaderMatchesTheRfc3501Example()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(TestMessages.Rfc3501Example));

        // RFC 3501 §8, the FETCH FULL example; Sender and Reply-To are absent, so they repeat From (§7.4.2).
        Assert.Equal(
            "(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\"" +
            " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))" +
            " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))" +
            " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))" +
            " ((NIL NIL \"imap\" \"cac.washington.edu\"))" +
            " ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL" +
            " \"<B27397-0100000@cac.washington.edu>\")",
            content.Envelope);
    }

    [Fact]
    public void MissingFieldsAreNil()
    {
        var content = MessageContent.Parse(TestMessages.Bytes("X-Only: this\r\n\r\nbody\r\n"));

        Assert.Equal("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)", content.Envelope);
    }

    [Fact]
    public void GroupsQuotedNamesSenderReplyToAndInReplyTo()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(
            "From: \"Doe, John \\\"JD\\\"\" <john@example.net>\r\n" +
            "Sender: secretary@example.net\r\n" +
            "Reply-To: <@relay.example,@other.example:list@example.org>\r\n" +
            "To: undisclosed-recipients:;\r\n" +
            "Cc: Team: a@example.com, B <b@example.com>;\r\n" +
            "Bcc: hidden@example.com\r\n" +
            "In-Reply-To: <x@example.net>\r\n" +
            "\r\n"));

        // RFC 3501 §7.4.2: a group is (NIL NIL "name" NIL), its members, then (NIL NIL NIL NIL); the quoted name
        // loses its RFC 5322 quoting and gains IMAP quoting.
        Assert.Equal(
            "(NIL NIL ((\"Doe, John \\\"JD\\\"\" NIL \"john\" \"example.net\"))" +
            " ((NIL NIL \"secretary\" \"example.net\"))" +
            " ((NIL \"@relay.example,@other.example\" \"list\" \"example.org\"))" +
            " ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL))" +
            " ((NIL NIL \"Team\" NIL)(NIL NIL \"a\" \"example.com\")" +
            "(\"B\" NIL \"b\" \"example.com\")(NIL NIL NIL NIL))" +
            " ((NIL NIL \"hidden\" \"example.com\")) \"<x@example.net>\" NIL)",
            content.Envelope);
    }

    [Fact]
    public void EncodedWordsStayEncodedAndFoldingIsRemoved()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(
            "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n =?UTF-8?Q?_aus_K=C3=B6ln?=\r\n" +
            "From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.org>\r\n\r\n"));

        // RFC 5322 §2.2.3: unfolding removes the CRLF and keeps the space; the client decodes RFC 2047.
        Assert.StartsWith("(NIL \"=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?UTF-8?Q?_aus_K=C3=B6ln?=\" ((\"=?", content.Envelope);
        var name = content.Envelope.Split('"')[3];
        Assert.Equal("Jörg", Rfc2047.DecodePhrase(Encoding.ASCII.GetBytes(name)));
    }

    [Fact]
    public void EightBitHeaderBecomesLiteral()
    {
        var utf8 = MessageContent.Parse(TestMessages.Bytes("Subject: Grüße\r\n\r\n"));
        var latin1 = MessageContent.Parse([.. "Subject: caf"u8, 0xE9, .. "\r\n\r\n"u8]);

        // RFC 3501 §4.3: 8-bit text cannot be quoted; the count is of the UTF-8 octets sent.
        Assert.StartsWith("(NIL {7}\r\nGrüße NIL", utf8.Envelope);
        Assert.StartsWith("(NIL {5}\r\ncafé NIL", latin1.Envelope);
        ImapBodyGrammar.AssertEnvelope(utf8.Envelope);
        ImapBodyGrammar.AssertEnvelope(latin1.Envelope);
    }

    [Theory]
    [InlineData("From: <<<>>>@@@\r\n")]
    [InlineData("From: \"unterminated <a@b>\r\n")]
    [InlineData("From: Group: a@b, (comment\r\n")]
    [InlineData("From:\r\nSender: ,,,\r\n")]
    [InlineData("To: a@b,, ,c@d\r\nCc: @@@@\r\n")]
    [InlineData("To: a@\r\nCc: @b\r\nBcc: \\\r\n")]
    public void InvalidAddressFieldsDoNotThrowAndStayGrammatical(string header)
    {
        var content = MessageContent.Parse(TestMessages.Bytes(header + "\r\nbody\r\n"));

        ImapBodyGrammar.AssertEnvelope(content.Envelope);
    }

    [Fact]
    public void QuotedSpecialsInSubjectAreEscaped()
    {
        var content = MessageContent.Parse(TestMessages.Bytes("Subject: a \"b\" c\\d\r\n\r\n"));

        Assert.StartsWith("(NIL \"a \\\"b\\\" c\\\\d\" NIL", content.Envelope);
    }
}
