using Paloma.Policy;

namespace Paloma.Tests.Policy;

public sealed class AliasTableTests
{
    [Fact]
    public void EntriesWithSeveralTargetsContinuationsAndQuotesAreRead()
    {
        var table = AliasTable.Parse("""
            # /etc/aliases
            postmaster: root
            staff: alice, bob,
                carol@example.net
            	, "dave"
            keep: \keep, keep@elsewhere.example
            """, "/etc/aliases");
        Assert.Equal(3, table.Count);
        Assert.True(table.TryGetTargets("STAFF", out var staff));
        Assert.Equal(["alice", "bob", "carol@example.net", "dave"], staff.Select(t => t.ToString()));
        Assert.True(table.TryGetTargets("keep", out var keep));
        Assert.True(keep[0].IsVerbatim);
        Assert.True(keep[1].IsAddress);
        Assert.False(table.TryGetTargets("nobody", out _));
    }

    [Theory]
    [InlineData("ok: a\nprog: \"|/usr/bin/vacation bob\"\n", 2, "program target")]
    [InlineData("prog: |/usr/bin/procmail\n", 1, "program target")]
    [InlineData("ok: a\n\nlog: bob, /var/log/mail.txt\n", 3, "file target")]
    [InlineData("list: :include:/etc/mail/list\n", 1, ":include:")]
    [InlineData("a: b\nA: c\n", 2, "duplicate alias")]
    [InlineData("no colon here\n", 1, "expected \"name: target")]
    [InlineData("empty: ,\n", 1, "no targets")]
    [InlineData("a@b: c\n", 1, "not a valid alias name")]
    [InlineData("bad: \"unterminated\n", 1, "unterminated")]
    [InlineData("bad: x@@y\n", 1, "invalid alias target")]
    public void RefusedOrMalformedEntriesNameFileAndLine(string text, int line, string fragment)
    {
        var e = Assert.Throws<MapParseException>(() => AliasTable.Parse(text, "/etc/aliases"));
        Assert.Equal("/etc/aliases", e.Source);
        Assert.Equal(line, e.Line);
        Assert.Contains(fragment, e.Message);
    }
}
