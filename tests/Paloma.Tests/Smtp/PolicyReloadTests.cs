using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>A reload (paloma reload, SIGHUP) swaps the configuration; the access map it names must follow.</summary>
public sealed class PolicyReloadTests
{
    [Fact]
    public async Task AccessRulesChangedByAReloadApplyToTheNextSession()
    {
        await using var server = await TestServer.StartAsync();
        await using (var before = await SmtpTestClient.ConnectAsync(server))
        {
            await before.ExpectAsync("MAIL FROM:<new@evil.test>", "250 ");
        }

        var config = server.Server.Context.Config;
        config.Access.Rules = ["From:new@evil.test REJECT"];
        server.Server.Context.Replace(config);
        await using (var after = await SmtpTestClient.ConnectAsync(server))
        {
            await after.ExpectAsync("MAIL FROM:<new@evil.test>", "550 5.7.1");
        }

        config.Access.Rules = [];
        server.Server.Context.Replace(config);
        await using var lifted = await SmtpTestClient.ConnectAsync(server);
        await lifted.ExpectAsync("MAIL FROM:<new@evil.test>", "250 ");
    }
}
