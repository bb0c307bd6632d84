using System.Text;
using Paloma.Imap.Message;

namespace Paloma.Tests.Imap.Message;

/// <summary>Case C34: the caller slices &lt;origin.size&gt; out of GetSection, so the section must be exact; the
/// slicing below is RFC 3501 §6.4.5's (zero-based origin, truncated at the end, empty past it).</summary>
public sealed class C34PartialFetchTests
{
    private static readonly byte[] Raw =
        Encoding.ASCII.GetBytes("Subject: c34\r\n\r\n" + new string('x', 282) + "\r\n");

    private static string Partial(byte[] section, long origin, long size)
    {
        if (origin >= section.Length)
        {
            return string.Empty;
        }

        var length = (int)Math.Min(size, section.Length - origin);
        return Encoding.ASCII.GetString(section, (int)origin, length);
    }

    [Fact]
    public void C34PartialRangesOfTheWholeMessage()
    {
        var whole = MessageContent.Parse(Raw).GetSection(SectionSpec.Whole)!;

        Assert.Equal(300, whole.Length);
        Assert.Equal("Subject: c", Partial(whole, 0, 10));
        Assert.Equal("34\r\n\r\nxxxx", Partial(whole, 10, 10));
        Assert.Equal("xxx\r\n", Partial(whole, 295, 10));
        Assert.Equal(string.Empty, Partial(whole, 300, 10));
        Assert.Equal(string.Empty, Partial(whole, 4294967295, 4294967295));
        Assert.Equal(Encoding.ASCII.GetString(Raw), Partial(whole, 0, 100) + Partial(whole, 100, 100) +
            Partial(whole, 200, 100));
    }

    [Fact]
    public void C34PartialRangeOfTheHeader()
    {
        var header = MessageContent.Parse(Raw).GetSection(new SectionSpec([], SectionKind.Header, []))!;

        Assert.Equal(16, header.Length);
        Assert.Equal("ect: ", Partial(header, 4, 5));
    }

    [Fact]
    public void C34SectionSizesMatchBodyStructureSizes()
    {
        var content = MessageContent.Parse(TestMessages.Bytes(TestMessages.Mixed));

        // RFC 3501 §7.4.2: body-fld-octets is the size of BODY[n], so partial fetches computed from it land.
        Assert.Equal(12, content.GetSection(new SectionSpec([1], SectionKind.All, []))!.Length);
        Assert.Equal(12, content.GetSection(new SectionSpec([2], SectionKind.All, []))!.Length);
        Assert.Equal(170, content.GetSection(new SectionSpec([3], SectionKind.All, []))!.Length);
        Assert.Contains(" 12 1)", content.BodyStructure(false));
        Assert.Contains(" 170 ", content.BodyStructure(false));
    }
}
