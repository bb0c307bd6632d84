using Paloma.Tests.Support;

namespace Paloma.Tests.Storage;

/// <summary>The SMTP policy re-reads domains and aliases only when their change counter moved; so every kind of
/// change must move it, and a read that changes nothing must not.</summary>
public sealed class ChangeCounterTests
{
    [Fact]
    public async Task EveryChangeOfDomainsAndAliasesMovesItsCounter()
    {
        await using var server = await TestServer.StartAsync();
        var accounts = server.Server.Context.Accounts;
        var aliases = server.Server.Context.Aliases!;

        var domains = await accounts.GetDomainsChangeCounterAsync();
        var aliasCounter = await aliases.GetChangeCounterAsync();
        await accounts.ListDomainsAsync();
        await aliases.ListAsync();
        Assert.Equal(domains, await accounts.GetDomainsChangeCounterAsync());
        Assert.Equal(aliasCounter, await aliases.GetChangeCounterAsync());

        await accounts.AddDomainAsync("example.org");
        var afterAdd = await accounts.GetDomainsChangeCounterAsync();
        Assert.NotEqual(domains, afterAdd);
        await accounts.RemoveDomainAsync("example.org");
        Assert.NotEqual(afterAdd, await accounts.GetDomainsChangeCounterAsync());

        await aliases.SetAsync("sales", ["alice"]);
        var afterSet = await aliases.GetChangeCounterAsync();
        Assert.NotEqual(aliasCounter, afterSet);
        await aliases.SetAsync("sales", ["bob"]);
        var afterReplace = await aliases.GetChangeCounterAsync();
        Assert.NotEqual(afterSet, afterReplace);
        await aliases.RemoveAsync("sales");
        Assert.NotEqual(afterReplace, await aliases.GetChangeCounterAsync());
    }
}
