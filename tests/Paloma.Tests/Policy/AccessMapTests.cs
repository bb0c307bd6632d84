using System.Net;
using Paloma.Policy;

namespace Paloma.Tests.Policy;

public sealed class AccessMapTests
{
    private static AccessMap Map(string text) => AccessMap.Parse(text, "access");

    private static AccessActionKind? Connect(AccessMap map, string ip, string? host = null) =>
        map.FindConnect(IPAddress.Parse(ip), host)?.Action.Kind;

    [Fact]
    public void MostSpecificIPv4EntryWins()
    {
        var map = Map("Connect:192.0.2 REJECT\nConnect:192.0.2.7 OK\n");
        Assert.Equal(AccessActionKind.Ok, Connect(map, "192.0.2.7"));
        Assert.Equal(AccessActionKind.Reject, Connect(map, "192.0.2.8"));
        Assert.Null(Connect(map, "192.0.3.7"));
    }

    [Fact]
    public void OrderInTheFileDoesNotMatterForSpecificity()
    {
        var map = Map("Connect:192.0.2.7 OK\nConnect:192 REJECT\nConnect:192.0 RELAY\n");
        Assert.Equal(AccessActionKind.Ok, Connect(map, "192.0.2.7"));
        Assert.Equal(AccessActionKind.Relay, Connect(map, "192.0.9.9"));
        Assert.Equal(AccessActionKind.Reject, Connect(map, "192.1.1.1"));
    }

    [Fact]
    public void IPv6PrefixesMatchWholeGroups()
    {
        var map = Map("Connect:2001:db8 REJECT\nConnect:IPv6:2001:db8:0:1 OK\nConnect:2001:db8::99 RELAY\n");
        Assert.Equal(AccessActionKind.Reject, Connect(map, "2001:db8:5::1"));
        Assert.Equal(AccessActionKind.Ok, Connect(map, "2001:db8:0:1::7"));
        Assert.Equal(AccessActionKind.Relay, Connect(map, "2001:db8::99"));
        Assert.Null(Connect(map, "2001:db9::1"));
    }

    [Fact]
    public void CidrNetworksAreAnExtension()
    {
        var map = Map("Connect:198.51.100.128/25 REJECT\nConnect:2001:db8:ff00::/40 DISCARD\n");
        Assert.Equal(AccessActionKind.Reject, Connect(map, "198.51.100.200"));
        Assert.Null(Connect(map, "198.51.100.127"));
        Assert.Equal(AccessActionKind.Discard, Connect(map, "2001:db8:ff12::1"));
        Assert.Null(Connect(map, "2001:db8:fe00::1"));
    }

    [Fact]
    public void IPv4MappedClientAddressMatchesIPv4Entries()
    {
        var map = Map("Connect:192.0.2 REJECT\n");
        Assert.Equal(AccessActionKind.Reject, Connect(map, "::ffff:192.0.2.1"));
    }

    [Fact]
    public void HostNameAndParentDomainsMatchAndTheLongestWins()
    {
        var map = Map("Connect:example.net REJECT\nConnect:good.example.net OK\n");
        Assert.Equal(AccessActionKind.Reject, Connect(map, "203.0.113.1", "bad.host.example.net"));
        Assert.Equal(AccessActionKind.Ok, Connect(map, "203.0.113.1", "a.good.example.net"));
        Assert.Equal(AccessActionKind.Ok, Connect(map, "203.0.113.1", "GOOD.Example.NET."));
        Assert.Null(Connect(map, "203.0.113.1", "notexample.net"));
        Assert.Null(Connect(map, "203.0.113.1", null));
    }

    [Fact]
    public void HostNameIsLookedUpBeforeTheAddressAsInCheckRelay()
    {
        var map = Map("Connect:example.net REJECT\nConnect:203.0.113.1 OK\n");
        Assert.Equal(AccessActionKind.Reject, Connect(map, "203.0.113.1", "mx.example.net"));
        Assert.Equal(AccessActionKind.Ok, Connect(map, "203.0.113.1", "other.test"));
    }

    [Fact]
    public void SkipStopsTheSearchForLessSpecificEntries()
    {
        var map = Map("Connect:192.0.2 REJECT\nConnect:192.0.2.7 SKIP\nFrom:example.com REJECT\n"
            + "From:ok.example.com SKIP\n");
        Assert.Null(Connect(map, "192.0.2.7"));
        Assert.Equal(AccessActionKind.Reject, Connect(map, "192.0.2.8"));
        Assert.Null(map.FindFrom("a@ok.example.com"));
        Assert.NotNull(map.FindFrom("a@bad.example.com"));
    }

    [Fact]
    public void FromKeysMatchAddressDomainParentsAndUserInSendmailOrder()
    {
        var map = Map("""
            From:spammer@ REJECT
            From:example.com DISCARD
            From:vip.example.com OK
            From:boss@vip.example.com ERROR:5.7.1:550 not you
            """);
        Assert.Equal(AccessActionKind.Error, map.FindFrom("boss@vip.example.com")!.Action.Kind);
        Assert.Equal(AccessActionKind.Ok, map.FindFrom("someone@mail.vip.example.com")!.Action.Kind);
        Assert.Equal(AccessActionKind.Discard, map.FindFrom("spammer@example.com")!.Action.Kind);
        Assert.Equal(AccessActionKind.Reject, map.FindFrom("spammer@elsewhere.org")!.Action.Kind);
        Assert.Equal(AccessActionKind.Error, map.FindFrom("BOSS@VIP.Example.com.")!.Action.Kind);
        Assert.Null(map.FindFrom("friend@elsewhere.org"));
    }

    [Fact]
    public void ToKeysAreSeparateFromFromKeys()
    {
        var map = Map("To:partner.example RELAY\nFrom:partner.example REJECT\n");
        Assert.Equal(AccessActionKind.Relay, map.FindTo("a@partner.example")!.Action.Kind);
        Assert.Equal(AccessActionKind.Reject, map.FindFrom("a@partner.example")!.Action.Kind);
    }

    [Fact]
    public void UntaggedKeysApplyToEveryCheckAndTaggedKeysWinAtTheSameLevel()
    {
        var map = Map("example.org REJECT\n192.0.2 RELAY\nbad@ DISCARD\nTo:example.org OK\n");
        Assert.Equal(AccessActionKind.Reject, Connect(map, "203.0.113.9", "mx.example.org"));
        Assert.Equal(AccessActionKind.Relay, Connect(map, "192.0.2.200"));
        Assert.Equal(AccessActionKind.Reject, map.FindFrom("x@example.org")!.Action.Kind);
        Assert.Equal(AccessActionKind.Ok, map.FindTo("x@example.org")!.Action.Kind);
        Assert.Equal(AccessActionKind.Discard, map.FindTo("bad@other.test")!.Action.Kind);
    }

    [Fact]
    public void InternationalisedKeysMatchTheirALabel()
    {
        var map = Map("From:bücher.example REJECT\n");
        Assert.NotNull(map.FindFrom("a@xn--bcher-kva.example"));
        Assert.NotNull(map.FindFrom("a@BÜCHER.example"));
    }

    [Fact]
    public void CommentsBlankLinesAndContinuationLinesAreRead()
    {
        var map = Map("# comment\n\nConnect:192.0.2.7\n  ERROR:5.7.1:550\n\tgo away\r\n"
            + "Connect:192.0.2.8 ERROR:550 no # comment here\n");
        var entry = map.FindConnect(IPAddress.Parse("192.0.2.7"), null)!;
        Assert.Equal("550 5.7.1 go away", entry.Action.ToDecision("x").ToString());
        Assert.Equal(3, entry.Line);
        Assert.Equal(2, map.Count);
        var second = map.FindConnect(IPAddress.Parse("192.0.2.8"), null)!;
        Assert.Equal("no # comment here", second.Action.Text);
    }

    [Theory]
    [InlineData("Connect:192.0.2.7 ACCEPT\n", 1, "unknown action \"ACCEPT\"")]
    [InlineData("# c\nConnect:192.0.2.7 OK\nConnect:192.0.2.8\n", 3, "missing action")]
    [InlineData("From:a@b.example OK\nFrom:A@B.example. REJECT\n", 2, "duplicate key")]
    [InlineData("Connect:300.1.2 OK\n", 1, "0-255")]
    [InlineData("Connect:192.0.2.0/33 OK\n", 1, "not a valid network")]
    [InlineData("Connect:bad_host!name OK\n", 1, "not an IP address")]
    [InlineData("OK\n  RELAY\n\n  REJECT\n", 4, "continuation line")]
    public void ErrorsNameSourceAndLine(string text, int line, string fragment)
    {
        var e = Assert.Throws<MapParseException>(() => Map(text));
        Assert.Equal("access", e.Source);
        Assert.Equal(line, e.Line);
        Assert.Contains(fragment, e.Message);
        Assert.StartsWith($"access:{line}: ", e.Message);
    }

    [Fact]
    public void UnsupportedSendmailTagsAreReportedAndIgnored()
    {
        var map = Map("GreetPause:192.0.2 5000\nSpam:abuse@ FRIEND\nConnect:192.0.2.1 OK\n");
        Assert.Equal(2, map.Warnings.Count);
        Assert.Contains("access:1:", map.Warnings[0]);
        Assert.Equal(1, map.Count);
    }

    [Fact]
    public void InlineRulesReplaceFileEntriesWithTheSameKey()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "Connect:192.0.2.7 REJECT\nConnect:192.0.2.8 REJECT\n");
            var map = AccessMap.Load(path, ["Connect:192.0.2.7 OK"]);
            Assert.Equal(AccessActionKind.Ok, Connect(map, "192.0.2.7"));
            Assert.Equal(AccessActionKind.Reject, Connect(map, "192.0.2.8"));
            var e = Assert.Throws<MapParseException>(() => AccessMap.Load(path, ["Connect:192.0.2.9 OK", "To:x BAD"]));
            Assert.Equal("[access] rules:2: unknown action \"BAD\" (expected OK, RELAY, REJECT, DISCARD, SKIP or "
                + "ERROR:code text)", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingFileIsAnErrorNamingTheFile()
    {
        var e = Assert.Throws<MapParseException>(() => AccessMap.Load("/nonexistent/paloma/access"));
        Assert.Equal("/nonexistent/paloma/access", e.Source);
        Assert.Equal(0, e.Line);
    }

    [Fact]
    public void DescribeNamesTheRuleForLogs()
    {
        var entry = Map("\nConnect:192.0.2 REJECT\n").FindConnect(IPAddress.Parse("192.0.2.1"), null)!;
        Assert.Equal("access:2 Connect:192.0.2 REJECT", entry.Describe());
    }
}
