using Paloma.Imap.Message;

namespace Paloma.Tests.Imap.Message;

public sealed class SearchTests
{
    private const string Message =
        "From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.org>\r\n" +
        "To: alice@example.com\r\n" +
        "To: bob@example.com\r\n" +
        "Subject: =?ISO-8859-1?Q?Caf=E9?= meeting\r\n" +
        "X-Empty:\r\n" +
        "Date: Wed, 17 Jul 1996 02:23:25 -0700\r\n" +
        "Content-Type: multipart/mixed; boundary=s\r\n" +
        "\r\n" +
        "--s\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: base64\r\n" +
        "\r\n" +
        "R3LDvMOfZSBhdXMgS8O2bG4=\r\n" +
        "--s\r\n" +
        "Content-Type: text/html; charset=iso-8859-1\r\n" +
        "Content-Transfer-Encoding: quoted-printable\r\n" +
        "\r\n" +
        "<p>cr=E8me br=FBl=E9e</p>\r\n" +
        "--s\r\n" +
        "Content-Type: application/octet-stream\r\n" +
        "\r\n" +
        "secret-binary-word\r\n" +
        "--s--\r\n";

    private static readonly MessageContent Content = MessageContent.Parse(TestMessages.Bytes(Message));

    [Fact]
    public void HeaderMatchIsDecodedAndCaseInsensitive()
    {
        // RFC 3501 §6.4.4: case-insensitive substring; RFC 2047 encoded-words are compared decoded.
        Assert.True(Content.HeaderContains("subject", "CAFÉ"));
        Assert.True(Content.HeaderContains("From", "jörg"));
        Assert.True(Content.HeaderContains("FROM", "joerg@EXAMPLE"));
        Assert.False(Content.HeaderContains("Subject", "Caf=E9"));
        Assert.False(Content.HeaderContains("Cc", "alice"));
    }

    [Fact]
    public void HeaderMatchLooksAtEveryOccurrenceOfTheField()
    {
        Assert.True(Content.HeaderContains("To", "alice"));
        Assert.True(Content.HeaderContains("To", "bob"));
    }

    [Fact]
    public void EmptyValueMatchesPresenceOnly()
    {
        // RFC 3501 §6.4.4 HEADER: an empty string matches all messages that have the field.
        Assert.True(Content.HeaderContains("X-Empty", ""));
        Assert.False(Content.HeaderContains("X-Absent", ""));
    }

    [Fact]
    public void BodyMatchesDecodedTextPartsOnly()
    {
        Assert.True(Content.BodyContains("GRÜßE"));
        Assert.True(Content.BodyContains("aus köln"));
        Assert.True(Content.BodyContains("CRÈME brûlée"));
        Assert.False(Content.BodyContains("R3LDvMOfZSBh"));
        Assert.False(Content.BodyContains("secret-binary-word"));
        Assert.False(Content.BodyContains("meeting"));
    }

    [Fact]
    public void TextMatchesHeaderOrBody()
    {
        Assert.True(Content.TextContains("café meeting"));
        Assert.True(Content.TextContains("brûlée"));
        Assert.True(Content.TextContains("x-empty"));
        Assert.False(Content.TextContains("nowhere at all"));
    }

    [Fact]
    public void SentDateIsTheParsedDateField()
    {
        Assert.Equal(new DateTimeOffset(1996, 7, 17, 2, 23, 25, TimeSpan.FromHours(-7)), Content.SentDate);
        Assert.Null(MessageContent.Parse(TestMessages.Bytes("Subject: x\r\n\r\n")).SentDate);
        Assert.Null(MessageContent.Parse(TestMessages.Bytes("Date: not a date at all\r\n\r\n")).SentDate);
    }

    [Fact]
    public void EncapsulatedMessageTextIsPartOfTheBody()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(TestMessages.Mixed));

        Assert.True(content.BodyContains("INNER TEXT"));
        Assert.True(content.BodyContains("see attached"));
    }

    [Fact]
    public void UnknownCharsetAndBadBase64DoNotThrow()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(
            "Content-Type: text/plain; charset=x-no-such-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            "aGVsbG8=!!!*** not base64 ===\r\n"));

        Assert.True(content.BodyContains("hello"));
        Assert.False(content.BodyContains("zzz"));
    }
}
