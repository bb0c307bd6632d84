using Paloma.Policy;

namespace Paloma.Tests.Policy;

public sealed class AddressResolverTests
{
    private static AddressResolver Resolver(string aliases, string virtusers = "", int maxDepth = 10) => new(
        MapSource.Fixed(DomainSet.Create(["example.test", "other.test"], "local")),
        MapSource.Fixed(AliasTable.Parse(aliases, "aliases")),
        MapSource.Fixed(VirtualUserTable.Parse(virtusers, "virtusertable")),
        maxDepth);

    private static string[] Targets(ResolveResult result)
    {
        Assert.True(result.Succeeded, result.Failure?.Reason);
        return [.. result.Targets.Select(t => (t.IsLocal ? "local:" : "remote:") + t.Address)];
    }

    [Fact]
    public void UnaliasedLocalUserResolvesToItself()
    {
        Assert.Equal(["local:alice@example.test"], Targets(Resolver("").Resolve("Alice@EXAMPLE.test")));
    }

    [Fact]
    public void RemoteAddressIsNotExpanded()
    {
        Assert.Equal(["remote:Bob@elsewhere.example"],
            Targets(Resolver("bob: carol\n").Resolve("Bob@elsewhere.example")));
    }

    [Fact]
    public void AliasWithSeveralTargetsNestedAndDeduplicated()
    {
        var resolver = Resolver("""
            staff: alice, team, carol@partner.example
            team: bob, ALICE, dave
            dave: dave@partner.example
            """);
        Assert.Equal(
            ["local:alice@example.test", "local:bob@example.test", "remote:dave@partner.example",
                "remote:carol@partner.example"],
            Targets(resolver.Resolve("staff@example.test")));
    }

    [Fact]
    public void AliasesApplyToEveryLocalDomain()
    {
        var resolver = Resolver("postmaster: root\n");
        Assert.Equal(["local:root@other.test"], Targets(resolver.Resolve("postmaster@other.test")));
    }

    [Fact]
    public void SelfReferenceKeepsALocalCopy()
    {
        Assert.Equal(["local:bob@example.test", "remote:bob@elsewhere.example"],
            Targets(Resolver("bob: bob, bob@elsewhere.example\n").Resolve("bob@example.test")));
    }

    [Fact]
    public void VerbatimTargetIsNotAliasedAgain()
    {
        Assert.Equal(["local:carol@example.test"],
            Targets(Resolver("carol: \\carol\nroot: carol\n").Resolve("root@example.test")));
    }

    [Fact]
    public void LoopIsAnErrorNamingTheChain()
    {
        var result = Resolver("a: b\nb: c\nc: a\n").Resolve("a@example.test");
        Assert.False(result.Succeeded);
        Assert.Equal("554 5.4.6 Aliasing loop detected", result.Failure!.ToString());
        Assert.Equal("loop: alias a -> alias b -> alias c -> alias a", result.Failure.Reason);
        Assert.Empty(result.Targets);
    }

    [Fact]
    public void LoopThroughAnAddressAtALocalDomainIsDetected()
    {
        var result = Resolver("a: b@other.test\nb: a@example.test\n").Resolve("a@example.test");
        Assert.Contains("alias a -> alias b -> alias a", result.Failure!.Reason);
    }

    [Fact]
    public void DepthLimitStopsLongChains()
    {
        var result = Resolver("a: b\nb: c\nc: d\nd: e\n", maxDepth: 3).Resolve("a@example.test");
        Assert.False(result.Succeeded);
        Assert.Equal("deeper than 3: alias a -> alias b -> alias c -> alias d", result.Failure!.Reason);
        Assert.True(Resolver("a: b\nb: c\nc: d\nd: e\n", maxDepth: 4).Resolve("a@example.test").Succeeded);
    }

    [Fact]
    public void VirtusertableComesBeforeAliasesAndItsTargetIsAliased()
    {
        var resolver = Resolver("help: alice, bob\n", """
            support@example.test help
            @other.test %1@example.test
            """);
        Assert.Equal(["local:alice@example.test", "local:bob@example.test"],
            Targets(resolver.Resolve("support@example.test")));
        Assert.Equal(["local:alice@example.test", "local:bob@example.test"],
            Targets(resolver.Resolve("help@other.test")));
    }

    [Fact]
    public void VirtusertableExactEntryBeatsCatchAll()
    {
        var resolver = Resolver("", "boss@example.test ceo@partner.example\n@example.test error:nouser gone\n");
        Assert.Equal(["remote:ceo@partner.example"], Targets(resolver.Resolve("BOSS@example.test")));
        var other = resolver.Resolve("anyone@example.test");
        Assert.Equal("550 5.1.1 gone", other.Failure!.ToString());
    }

    [Fact]
    public void VirtusertableLoopIsDetected()
    {
        var resolver = Resolver("", "a@example.test b@other.test\nb@other.test a@example.test\n");
        Assert.Equal("554 5.4.6 Aliasing loop detected", resolver.Resolve("a@example.test").Failure!.ToString());
    }

    [Fact]
    public void InvalidRecipientIsASyntaxFailure()
    {
        Assert.Equal("501 5.1.3", Resolver("").Resolve("a@@b").Failure!.ToString()[..9]);
    }
}
