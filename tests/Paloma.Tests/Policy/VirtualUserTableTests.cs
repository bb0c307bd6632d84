using Paloma.Policy;

namespace Paloma.Tests.Policy;

public sealed class VirtualUserTableTests
{
    private static readonly VirtualUserTable s_table = VirtualUserTable.Parse("""
        # virtusertable
        info@example.test       alice
        sales@Example.TEST      bob@other.example
        @example.test           error:nouser No such user here
        @forward.example        %1@example.test
        @strict.example         error:5.7.1:550 Address rejected
        @later.example          error:tempfail
        """, "/etc/mail/virtusertable");

    [Fact]
    public void ExactAddressTakesPrecedenceOverTheCatchAll()
    {
        Assert.Equal("alice", s_table.Find("INFO", "example.test")!.Target);
        Assert.Equal("bob@other.example", s_table.Find("sales", "example.test")!.Target);
        var other = s_table.Find("zed", "example.test")!;
        Assert.Null(other.Target);
        Assert.Equal("550 5.1.1 No such user here", other.Error!.ToString());
    }

    [Fact]
    public void CatchAllSubstitutesTheUserPart()
    {
        Assert.Equal("carol@example.test", s_table.Find("carol", "forward.example")!.Target);
    }

    [Fact]
    public void ErrorTargetsUseSendmailForms()
    {
        Assert.Equal("550 5.7.1 Address rejected", s_table.Find("x", "strict.example")!.Error!.ToString());
        Assert.True(s_table.Find("x", "later.example")!.Error!.IsTransient);
    }

    [Fact]
    public void UnknownDomainHasNoEntry()
    {
        Assert.Null(s_table.Find("info", "elsewhere.example"));
    }

    [Theory]
    [InlineData("info@example.test\n", 1, "no target")]
    [InlineData("# x\nuser target\n", 2, "not a virtusertable key")]
    [InlineData("a@x.test b\nA@X.test c\n", 2, "duplicate key")]
    [InlineData("@x.test error:whatever\n", 1, "invalid error target")]
    [InlineData("@x.test a@b, c@d\n", 1, "invalid target")]
    public void MalformedEntriesNameFileAndLine(string text, int line, string fragment)
    {
        var e = Assert.Throws<MapParseException>(() => VirtualUserTable.Parse(text, "vut"));
        Assert.Equal(line, e.Line);
        Assert.Contains(fragment, e.Message);
    }
}
