using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>The relay rules over a real socket: relay-domains, local-host-names from config and file, and the
/// classic open-relay tricks, each against a server that does relay for partner.example.org (so that a trick
/// that slipped through would show as the 250 2.1.5 of an accepted relay, not as 550).</summary>
public sealed class RelayTests
{
    private static Task<TestServer> StartAsync() => TestServer.StartAsync(c =>
    {
        c.Domains.Relay = ["partner.example.org"];
        c.Domains.Local = ["mail.example.com"];
    });

    [Theory]
    [InlineData("<x@partner.example.org>")]
    [InlineData("<x@PARTNER.Example.ORG>")]
    [InlineData("<x@deep.sub.partner.example.org>")]
    [InlineData("<x@partner.example.org.>")]
    public async Task RelayDomainsAndSubdomainsAreRelayed(string path)
    {
        await using var server = await StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        var reply = await client.CommandAsync("RCPT TO:" + path);
        // A trailing dot is refused as bad syntax by the path parser; everything else is relayed.
        Assert.True(reply.StartsWith("250 2.1.5") || path.EndsWith(".>") && reply.StartsWith("501 5.1.3"), reply);
    }

    [Theory]
    [InlineData("<x@example.org>", "550 5.7.1")]
    [InlineData("<x@notpartner.example.org>", "550 5.7.1")]
    [InlineData("<x@partner.example.org.evil.test>", "550 5.7.1")]
    [InlineData("<x%partner.example.org@example.com>", "550 5.7.1")]
    [InlineData("<x%victim.test@partner.example.org>", "250 2.1.5")]
    [InlineData("<victim.test!x@example.com>", "550 5.7.1")]
    [InlineData("<@example.com:x@victim.test>", "550 5.7.1")]
    [InlineData("<@partner.example.org:x@victim.test>", "550 5.7.1")]
    [InlineData("<\"x@victim.test\"@example.com>", "550 5.7.1")]
    [InlineData("<\"x%victim.test\"@example.com>", "550 5.7.1")]
    [InlineData("<x@[192.0.2.1]>", "550 5.7.1")]
    [InlineData("<x@victim.test.>", "501 5.1.3")]
    [InlineData("<x@VICTIM.Test>", "550 5.7.1")]
    [InlineData("<x@victim.test@example.com>", "501 5.1.3")]
    [InlineData("<x@example.com@victim.test>", "501 5.1.3")]
    public async Task TricksAreNotRelayed(string path, string expected)
    {
        await using var server = await StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:" + path, expected);
        await client.AssertAliveAsync();
    }

    [Theory]
    [InlineData("<alice@mail.example.com>")]
    [InlineData("<alice@MAIL.EXAMPLE.COM>")]
    [InlineData("<ALICE@example.com>")]
    [InlineData("<alice@[127.0.0.1]>")]
    public async Task LocalDomainsFromConfigAndAccountsAreDeliveredLocally(string path)
    {
        await using var server = await TestServer.StartAsync(c => c.Domains.Local = ["mail.example.com"]);
        var accounts = server.Server.Context.Accounts;
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:" + path, "250 2.1.5");
        await client.ExpectAsync("DATA", "354");
        await client.ExpectRawAsync("Subject: local\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.True(await accounts.IsLocalDomainAsync("example.com"));
    }

    [Fact]
    public async Task LocalAndRelayDomainFilesAreRead()
    {
        var local = Path.GetTempFileName();
        var relay = Path.GetTempFileName();
        await File.WriteAllTextAsync(local, "# local-host-names\nmail.example.com\n");
        await File.WriteAllTextAsync(relay, "# relay-domains\npartner.example.org\n");
        try
        {
            await using var server = await TestServer.StartAsync(c =>
            {
                c.Domains.LocalFile = local;
                c.Domains.RelayFile = relay;
            });
            await using var client = await SmtpTestClient.ConnectAsync(server);
            await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
            await client.ExpectAsync("RCPT TO:<bob@mail.example.com>", "250 2.1.5");
            await client.ExpectAsync("RCPT TO:<nobody@mail.example.com>", "550 5.1.1");
            await client.ExpectAsync("RCPT TO:<x@partner.example.org>", "250 2.1.5");
            await client.ExpectAsync("RCPT TO:<x@example.org>", "550 5.7.1");
        }
        finally
        {
            File.Delete(local);
            File.Delete(relay);
        }
    }

    [Fact]
    public async Task BadDomainFileIsRefusedAtStartWithFileAndLine()
    {
        var local = Path.GetTempFileName();
        await File.WriteAllTextAsync(local, "mail.example.com\nbad..name\n");
        try
        {
            var error = await Assert.ThrowsAsync<Paloma.Policy.MapParseException>(
                () => TestServer.StartAsync(c => c.Domains.LocalFile = local));
            Assert.StartsWith(local + ":2:", error.Message);
        }
        finally
        {
            File.Delete(local);
        }
    }
}
