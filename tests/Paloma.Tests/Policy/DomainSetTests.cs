using Paloma.Policy;

namespace Paloma.Tests.Policy;

public sealed class DomainSetTests
{
    [Fact]
    public void MatchingIgnoresCaseTrailingDotAndIdnForm()
    {
        var set = DomainSet.Create(["Example.TEST", "bücher.example."], "[domains] local");
        Assert.True(set.Contains("example.test"));
        Assert.True(set.Contains("EXAMPLE.test."));
        Assert.True(set.Contains("xn--bcher-kva.example"));
        Assert.True(set.Contains("BÜCHER.example"));
        Assert.False(set.Contains("sub.example.test"));
        Assert.False(set.Contains("example.test.."));
        Assert.False(set.Contains(""));
    }

    [Fact]
    public void RelayDomainsMatchSubdomainsAsSendmailClassR()
    {
        var set = DomainSet.Create(["partner.example"], "[domains] relay");
        Assert.True(set.ContainsDomainOrParent("partner.example"));
        Assert.True(set.ContainsDomainOrParent("a.very.deep.PARTNER.example."));
        Assert.False(set.ContainsDomainOrParent("notpartner.example"));
        Assert.False(set.ContainsDomainOrParent("partner.example.evil.test"));
    }

    [Fact]
    public void FileFormatHasCommentsAndSeveralNamesALine()
    {
        var set = DomainSet.Parse("# local-host-names\nexample.test\n\nmail.example.test  other.test\n[192.0.2.10]\n",
            "/etc/mail/local-host-names");
        Assert.Equal(4, set.Count);
        Assert.True(set.Contains("other.test"));
        Assert.True(set.Contains("[192.0.2.10]"));
    }

    [Fact]
    public void InvalidNameIsAnErrorWithLine()
    {
        var e = Assert.Throws<MapParseException>(() => DomainSet.Parse("example.test\n# x\nbad name@x\n", "rd"));
        Assert.Equal(3, e.Line);
        Assert.Contains("\"name@x\"", e.Message);
        var inline = Assert.Throws<MapParseException>(
            () => DomainSet.Create(["ok.test", "-bad.test"], "[domains] relay"));
        Assert.Equal("[domains] relay:2: \"-bad.test\" is not a valid domain name or address literal", inline.Message);
    }

    [Fact]
    public void InlineNamesAndFileAreUnited()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "file.test\n");
            var set = DomainSet.Load(["inline.test"], path, "[domains] local");
            Assert.True(set.Contains("file.test"));
            Assert.True(set.Contains("inline.test"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
