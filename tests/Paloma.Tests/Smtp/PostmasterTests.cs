using Paloma.Config;
using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>RFC 5321 §4.5.1: postmaster is accepted at every local domain even without a user of that name;
/// it falls back to <c>[server] postmaster</c>, then to the domain's oldest account.</summary>
public sealed class PostmasterTests
{
    [Theory]
    [InlineData("<postmaster>")]
    [InlineData("<Postmaster@example.com>")]
    [InlineData("<POSTMASTER@EXAMPLE.COM>")]
    public async Task WithoutSuchUserPostmasterGoesToTheOldestAccount(string path)
    {
        await using var server = await TestServer.StartAsync();
        await server.Server.Context.Accounts.RemoveUserAsync("postmaster@example.com");

        await SendAsync(server, path);

        // alice was created before bob.
        Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Empty(await Inbox.ReadAsync(server, "bob@example.com"));
    }

    [Fact]
    public async Task ConfiguredPostmasterComesBeforeTheOldestAccount()
    {
        await using var server = await TestServer.StartAsync(c => c.Server.Postmaster = "bob@example.com");
        await server.Server.Context.Accounts.RemoveUserAsync("postmaster@example.com");

        await SendAsync(server, "<postmaster@example.com>");

        Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));
    }

    [Fact]
    public async Task AUserNamedPostmasterComesFirst()
    {
        await using var server = await TestServer.StartAsync(c => c.Server.Postmaster = "bob@example.com");

        await SendAsync(server, "<postmaster>");

        Assert.Single(await Inbox.ReadAsync(server, "postmaster@example.com"));
        Assert.Empty(await Inbox.ReadAsync(server, "bob@example.com"));
    }

    [Fact]
    public async Task PostmasterOfADomainWithoutUsersIs550()
    {
        await using var server = await TestServer.StartAsync();
        await server.Server.Context.Accounts.AddDomainAsync("empty.example");
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<postmaster@empty.example>", "550 5.1.1");
        await client.ExpectAsync("RCPT TO:<somebody@example.com>", "550 5.1.1");
    }

    [Theory]
    [InlineData("admin@example.com", "admin@example.com")]
    [InlineData("", null)]
    public void ConfiguredPostmasterIsRead(string value, string? expected)
    {
        var config = ConfigLoader.Parse($"[server]\npostmaster = \"{value}\"\n", "paloma.toml");
        Assert.Equal(expected, config.Server.Postmaster);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("<admin@example.com>")]
    [InlineData("admin@")]
    public void ConfiguredPostmasterMustBeAnAddress(string value)
    {
        var error = Assert.Throws<ConfigException>(() =>
            ConfigLoader.Parse($"[server]\npostmaster = \"{value}\"\n", "paloma.toml"));
        Assert.Contains("server.postmaster", error.Message);
    }

    private static async Task SendAsync(TestServer server, string path)
    {
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:" + path, "250 2.1.5");
        await client.ExpectAsync("DATA", "354");
        await client.ExpectRawAsync("Subject: to postmaster\r\n\r\nhello\r\n.\r\n", "250 2.0.0");
    }
}
