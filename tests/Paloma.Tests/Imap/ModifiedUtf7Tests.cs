using System.Text;
using Paloma.Imap.Protocol;

namespace Paloma.Tests.Imap;

/// <summary>RFC 3501 §5.1.3 modified UTF-7, and the C32 invalid forms.</summary>
public sealed class ModifiedUtf7Tests
{
    [Theory]
    [InlineData("Caf&AOk-", "Café")]
    [InlineData("AT&-T", "AT&T")]
    [InlineData("~peter/mail/&U,BTFw-/&ZeVnLIqe-", "~peter/mail/台北/日本語")]
    [InlineData("&2D3eAA-", "😀")]
    [InlineData("plain", "plain")]
    public void ValidNamesRoundTrip(string wire, string decoded)
    {
        Assert.True(ModifiedUtf7.TryDecode(wire, out var text, out var error), error);
        Assert.Equal(decoded, text);
        Assert.Equal(wire, ModifiedUtf7.Encode(decoded));
    }

    [Theory]
    [InlineData("bad&Jjo!", "not terminated")]
    [InlineData("&AGE-", "printable US-ASCII")]
    [InlineData("x&-&-&", "not terminated")]
    [InlineData("&AOk-&AOk-", "adjacent")]
    [InlineData("&AO-", "padding")]
    [InlineData("&2D0-", "surrogate")]
    [InlineData("&AOk*-", "base64")]
    [InlineData("tab\there", "printable")]
    public void InvalidFormsAreRefusedWithAReason(string wire, string reason)
    {
        Assert.False(ModifiedUtf7.TryDecode(wire, out _, out var error));
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RawEightBitAfterAShiftIsRefused()
    {
        var wire = Encoding.Latin1.GetBytes("&AAE-\x80");
        Assert.False(MailboxName.TryDecode(wire, false, false, out _, out var error));
        Assert.Contains("8-bit", error);
    }

    [Theory]
    [InlineData("../bob/INBOX")]
    [InlineData("INBOX/../../../tmp/c31")]
    [InlineData("/tmp/c31abs")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    public void PathTraversalNamesAreRefused(string name)
    {
        Assert.False(MailboxName.TryDecode(Encoding.ASCII.GetBytes(name), false, false, out _, out _));
    }

    [Fact]
    public void OverlongNamesAreRefused()
    {
        Assert.False(MailboxName.TryDecode(Encoding.ASCII.GetBytes(new string('a', 1025)), false, false, out _, out _));
        Assert.True(MailboxName.TryDecode(Encoding.ASCII.GetBytes(new string('a', 1024)), false, false, out _, out _));
    }

    [Theory]
    [InlineData("*", "a/b", true)]
    [InlineData("%", "a/b", false)]
    [InlineData("a/%", "a/b", true)]
    [InlineData("inbox", "INBOX", true)]
    [InlineData("Inbox/%", "INBOX/x", true)]
    [InlineData("../*", "a", false)]
    [InlineData("!#$$&'+,-.0123456789:;<=>?@^_`|[}%*", "INBOX", false)]
    public void PatternsMatchWithWildcards(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, new MailboxPattern("", pattern).Matches(name));
    }
}
