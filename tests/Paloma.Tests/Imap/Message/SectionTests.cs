using System.Text;
using Paloma.Imap.Message;

namespace Paloma.Tests.Imap.Message;

public sealed class SectionTests
{
    private static SectionSpec Spec(SectionKind kind, params int[] part) => new(part, kind, []);

    private static string? Get(MessageContent content, SectionSpec section) =>
        content.GetSection(section) is { } octets ? Encoding.UTF8.GetString(octets) : null;

    [Fact]
    public void NestedPartsAreTheOriginalOctets()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(TestMessages.Mixed));

        Assert.Equal(TestMessages.Mixed, Get(content, SectionSpec.Whole));
        Assert.Equal(TestMessages.MixedHeader, Get(content, Spec(SectionKind.Header)));
        Assert.Equal(TestMessages.Mixed[TestMessages.MixedHeader.Length..], Get(content, Spec(SectionKind.Text)));
        Assert.Equal("see attached", Get(content, Spec(SectionKind.All, 1)));
        Assert.Equal("Content-Type: text/plain\r\n\r\n", Get(content, Spec(SectionKind.Mime, 1)));
        Assert.Equal("JVBERi0xLjQK", Get(content, Spec(SectionKind.All, 2)));
        Assert.Equal(TestMessages.AttachmentMimeHeader, Get(content, Spec(SectionKind.Mime, 2)));
        Assert.Equal(TestMessages.InnerMessage, Get(content, Spec(SectionKind.All, 3)));
    }

    [Fact]
    public void EncapsulatedMessageIsNumberedInside()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(TestMessages.Mixed));
        var innerHeaderLength = TestMessages.InnerMessage.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;

        // RFC 3501 §6.4.5: 3.HEADER and 3.TEXT are the encapsulated message's; 3.1 is its first part.
        Assert.Equal(TestMessages.InnerMessage[..innerHeaderLength], Get(content, Spec(SectionKind.Header, 3)));
        Assert.Equal(TestMessages.InnerMessage[innerHeaderLength..], Get(content, Spec(SectionKind.Text, 3)));
        Assert.Equal("inner text", Get(content, Spec(SectionKind.All, 3, 1)));
        Assert.Equal("\r\n", Get(content, Spec(SectionKind.Mime, 3, 1)));
        Assert.Equal("<b>x</b>", Get(content, Spec(SectionKind.All, 3, 2)));
        Assert.Equal("Content-Type: text/html\r\n\r\n", Get(content, Spec(SectionKind.Mime, 3, 2)));
        Assert.Equal("Content-Type: message/rfc822\r\n\r\n", Get(content, Spec(SectionKind.Mime, 3)));
    }

    [Fact]
    public void NonexistentSectionsAreNull()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(TestMessages.Mixed));

        Assert.Null(content.GetSection(Spec(SectionKind.All, 4)));
        Assert.Null(content.GetSection(Spec(SectionKind.All, 0)));
        Assert.Null(content.GetSection(Spec(SectionKind.All, 1, 1)));
        Assert.Null(content.GetSection(Spec(SectionKind.All, 3, 3)));
        Assert.Null(content.GetSection(Spec(SectionKind.All, 3, 1, 1)));

        // RFC 3501 §6.4.5: MIME needs a part number; HEADER and TEXT after one need a MESSAGE/RFC822 part.
        Assert.Null(content.GetSection(Spec(SectionKind.Mime)));
        Assert.Null(content.GetSection(Spec(SectionKind.Header, 1)));
        Assert.Null(content.GetSection(Spec(SectionKind.Text, 2)));
    }

    [Fact]
    public void SinglePartMessageHasItsBodyAsPartOne()
    {
        const string message = "Subject: one\r\n\r\nthe body\r\n";
        var content = MessageContent.Parse(TestMessages.Bytes(message));

        // RFC 3501 §6.4.5: every message has at least one part number; 1.MIME is then the message header.
        Assert.Equal("the body\r\n", Get(content, Spec(SectionKind.All, 1)));
        Assert.Equal("Subject: one\r\n\r\n", Get(content, Spec(SectionKind.Mime, 1)));
        Assert.Null(content.GetSection(Spec(SectionKind.All, 2)));
    }

    [Fact]
    public void HeaderFieldsKeepFoldingAndOrderAndEndWithBlankLine()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(
            "Subject: one\r\n two\r\nFrom: x@example.com\r\nsubject: again\r\nTo: y@example.com\r\n\r\nbody\r\n"));

        var fields = new SectionSpec([], SectionKind.HeaderFields, ["SUBJECT", "to"]);
        var notFields = new SectionSpec([], SectionKind.HeaderFieldsNot, ["Subject"]);
        var none = new SectionSpec([], SectionKind.HeaderFields, ["X-Absent"]);

        Assert.Equal("Subject: one\r\n two\r\nsubject: again\r\nTo: y@example.com\r\n\r\n", Get(content, fields));
        Assert.Equal("From: x@example.com\r\nTo: y@example.com\r\n\r\n", Get(content, notFields));
        Assert.Equal("\r\n", Get(content, none));
    }

    [Fact]
    public void HeaderFieldsOfAnEncapsulatedMessage()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(TestMessages.Mixed));

        var section = new SectionSpec([3], SectionKind.HeaderFields, ["subject"]);
        Assert.Equal("Subject: inner\r\n\r\n", Get(content, section));
    }

    [Fact]
    public void BareLfMessageSectionsAreItsOwnOctets()
    {
        var text = TestMessages.WithBareLf(TestMessages.Mixed);
        var content = MessageContent.Parse(TestMessages.Bytes(text));

        Assert.Equal(text, Get(content, SectionSpec.Whole));
        Assert.Equal("see attached", Get(content, Spec(SectionKind.All, 1)));
        Assert.Equal(TestMessages.WithBareLf(TestMessages.InnerMessage), Get(content, Spec(SectionKind.All, 3)));
        Assert.Equal("<b>x</b>", Get(content, Spec(SectionKind.All, 3, 2)));
        Assert.Equal("Content-Type: text/html\n\n", Get(content, Spec(SectionKind.Mime, 3, 2)));
        Assert.Equal(TestMessages.WithBareLf(TestMessages.MixedHeader), Get(content, Spec(SectionKind.Header)));
    }

    [Fact]
    public void BoundaryThatPrefixesAnotherIsNotConfused()
    {
        const string message = "Content-Type: multipart/mixed; boundary=b\r\n\r\n" +
            "--b\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n" +
            "--b1\r\n\r\none\r\n--b1\r\n\r\ntwo\r\n--b1--\r\n" +
            "--b\r\n\r\nthree\r\n--b--\r\n";
        var content = MessageContent.Parse(TestMessages.Bytes(message));

        Assert.Equal("one", Get(content, Spec(SectionKind.All, 1, 1)));
        Assert.Equal("two", Get(content, Spec(SectionKind.All, 1, 2)));
        Assert.Equal("three", Get(content, Spec(SectionKind.All, 2)));
    }
}
