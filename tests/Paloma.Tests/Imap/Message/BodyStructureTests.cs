using System.Text.RegularExpressions;
using Paloma.Imap.Message;

namespace Paloma.Tests.Imap.Message;

public sealed class BodyStructureTests
{
    [Fact]
    public void TextPlainMatchesTheRfc3501Example()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(TestMessages.Rfc3501Example));

        // RFC 3501 §8: BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92); here 55 octets and
        // one line.
        Assert.Equal("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 55 1)",
            content.BodyStructure(extended: false));
        Assert.Equal("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 55 1 NIL NIL NIL NIL)",
            content.BodyStructure(extended: true));
    }

    [Fact]
    public void MissingContentTypeIsTextPlainUsAscii()
    {
        var content = MessageContent.Parse(TestMessages.Bytes("Subject: x\r\n\r\nab\r\ncd\r\n"));

        // RFC 2045 §5.2: the default is text/plain; charset=us-ascii.
        Assert.Equal("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 8 2)",
            content.BodyStructure(extended: false));
    }

    [Fact]
    public void MultipartAlternativeListsPartsThenSubtype()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(TestMessages.Alternative));

        // The line break before each delimiter belongs to the delimiter (RFC 2046 §5.1.1): "plain" is 5 octets.
        Assert.Equal(
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 5 1)" +
            "(\"TEXT\" \"HTML\" (\"CHARSET\" \"utf-8\") NIL NIL \"QUOTED-PRINTABLE\" 11 1) \"ALTERNATIVE\")",
            content.BodyStructure(extended: false));
        Assert.Equal(
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 5 1 NIL NIL NIL NIL)" +
            "(\"TEXT\" \"HTML\" (\"CHARSET\" \"utf-8\") NIL NIL \"QUOTED-PRINTABLE\" 11 1 NIL NIL NIL NIL)" +
            " \"ALTERNATIVE\" (\"BOUNDARY\" \"alt\") NIL NIL NIL)",
            content.BodyStructure(extended: true));
    }

    [Fact]
    public void MultipartMixedWithAttachmentAndEncapsulatedMessage()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(TestMessages.Mixed));

        const string innerEnvelope = "(NIL \"inner\" ((NIL NIL \"b\" \"example.org\"))" +
            " ((NIL NIL \"b\" \"example.org\"))" +
            " ((NIL NIL \"b\" \"example.org\")) NIL NIL NIL NIL NIL)";
        Assert.Equal(
            "((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 12 1)" +
            "(\"APPLICATION\" \"PDF\" (\"NAME\" \"a.pdf\") \"<pdf@example.com>\" \"the report\" \"BASE64\" 12)" +
            "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 170 " + innerEnvelope +
            " ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 10 1)" +
            "(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 8 1) \"ALTERNATIVE\") 12) \"MIXED\")",
            content.BodyStructure(extended: false));
        Assert.Equal(
            "((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 12 1 NIL NIL NIL NIL)" +
            "(\"APPLICATION\" \"PDF\" (\"NAME\" \"a.pdf\") \"<pdf@example.com>\" \"the report\" \"BASE64\" 12" +
            " NIL (\"ATTACHMENT\" (\"FILENAME\" \"a.pdf\")) NIL NIL)" +
            "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 170 " + innerEnvelope +
            " ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 10 1 NIL NIL NIL NIL)" +
            "(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 8 1 NIL NIL NIL NIL) \"ALTERNATIVE\" (\"BOUNDARY\" \"inner\")" +
            " NIL NIL NIL) 12 NIL NIL NIL NIL) \"MIXED\" (\"BOUNDARY\" \"outer\") NIL NIL NIL)",
            content.BodyStructure(extended: true));
    }

    [Fact]
    public void ExtensionDataCarriesMd5LanguageAndLocation()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(
            "Content-Type: text/plain\r\nContent-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\r\n" +
            "Content-Language: en, de\r\nContent-Location: http://example.com/x\r\n\r\nx"));

        Assert.Equal("(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1 \"Q2hlY2sgSW50ZWdyaXR5IQ==\" NIL" +
            " (\"en\" \"de\") \"http://example.com/x\")", content.BodyStructure(extended: true));
    }

    [Fact]
    public void BareLfVariantHasTheSameStructureWithItsOwnSizes()
    {
        var crlf = MessageContent.Parse(TestMessages.Bytes(TestMessages.Mixed));
        var lf = MessageContent.Parse(TestMessages.Bytes(TestMessages.WithBareLf(TestMessages.Mixed)));

        static string WithoutNumbers(string text) => Regex.Replace(text, @"\d+", "N");
        Assert.Equal(WithoutNumbers(crlf.BodyStructure(true)), WithoutNumbers(lf.BodyStructure(true)));
        Assert.Equal(crlf.Envelope, lf.Envelope);

        // The encapsulated message loses one octet per line break: 170 - 12 + 1 (the last line has none).
        Assert.Contains("\"7BIT\" 159 ", lf.BodyStructure(false));
    }

    [Fact]
    public void DigestPartsDefaultToMessageRfc822()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(
            "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: in digest\r\n\r\nhi\r\n--d--\r\n"));

        // RFC 2046 §5.1.5: in a digest, a part without Content-Type is message/rfc822.
        Assert.Equal("((\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 24 (NIL \"in digest\" NIL NIL NIL NIL NIL NIL NIL" +
            " NIL) (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 2 1) 3) \"DIGEST\")",
            content.BodyStructure(extended: false));
    }
}
