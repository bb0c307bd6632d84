using System.Text;
using Paloma.Imap.Message;

namespace Paloma.Tests.Imap.Message;

/// <summary>Case C44: what IMAP returns is the stored octets, byte for byte; nothing is re-serialised.</summary>
public sealed class C44ByteExactRoundTripTests
{
    private const string Message =
        "Subject: c44\r\n\r\nFrom here on, things get odd\r\n>From the quoted line\r\n>>From double quoted\r\n" +
        "From \r\n\r\nFrom alice@example.com Mon Jan  1 00:00:00 2024\r\n";

    [Fact]
    public void C44FromLinesComeBackUnchanged()
    {
        var raw = Encoding.ASCII.GetBytes(Message);
        var content = MessageContent.Parse(raw);

        Assert.Equal(raw, content.GetSection(SectionSpec.Whole));
        Assert.Equal(raw[16..], content.GetSection(new SectionSpec([], SectionKind.Text, [])));
        Assert.Equal(raw[16..], content.GetSection(new SectionSpec([1], SectionKind.All, [])));

        // RFC 3501 §7.4.2: the body size in BODYSTRUCTURE counts the stored octets of the body.
        Assert.Contains($"\"7BIT\" {raw.Length - 16} 6", content.BodyStructure(false));
        Assert.Equal(raw.Length, content.Size);
    }

    [Fact]
    public void C44EveryOctetValueSurvivesInEveryPart()
    {
        var allOctets = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        byte[] raw =
        [
            .. "Content-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\nContent-Transfer-Encoding: binary\r\n\r\n"u8,
            .. allOctets, .. "\r\n--q\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\n"u8,
            .. allOctets, .. "\r\n--q--\r\n"u8,
        ];
        var content = MessageContent.Parse(raw);

        Assert.Equal(raw, content.GetSection(SectionSpec.Whole));
        Assert.Equal(allOctets, content.GetSection(new SectionSpec([1], SectionKind.All, [])));
        Assert.Equal(allOctets, content.GetSection(new SectionSpec([2], SectionKind.Text, [])));
        Assert.Equal(allOctets, content.GetSection(new SectionSpec([2, 1], SectionKind.All, [])));
    }

    [Fact]
    public void C44HeaderAndTextOfEveryNestedMessageAddUpToIt()
    {
        var raw = TestMessages.Bytes(TestMessages.Mixed);
        var content = MessageContent.Parse(raw);

        foreach (var path in new[] { Array.Empty<int>(), [3] })
        {
            var whole = path.Length == 0 ? raw : content.GetSection(new SectionSpec(path, SectionKind.All, []))!;
            var header = content.GetSection(new SectionSpec(path, SectionKind.Header, []))!;
            var text = content.GetSection(new SectionSpec(path, SectionKind.Text, []))!;
            Assert.Equal(whole, (byte[])[.. header, .. text]);
        }
    }

    [Fact]
    public void C44ParseFromStreamGivesTheSameOctets()
    {
        var raw = Encoding.ASCII.GetBytes(Message);
        var content = MessageContent.Parse(new MemoryStream(raw));

        Assert.Equal(raw, content.GetSection(SectionSpec.Whole));
    }
}
