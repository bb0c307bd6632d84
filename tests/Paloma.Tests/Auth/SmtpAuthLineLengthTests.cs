using Paloma.Tests.Smtp;
using Paloma.Tests.Support;
using static Paloma.Tests.Auth.AuthTest;

namespace Paloma.Tests.Auth;

/// <summary>
/// The AUTH command line may carry a long initial response, up to 12288 octets (RFC 4954 §4's response size),
/// while every other command keeps RFC 5321's 512 octets.
/// </summary>
public sealed class SmtpAuthLineLengthTests
{
    [Fact]
    public async Task APlainInitialResponseOfSeveralThousandOctetsAuthenticates()
    {
        await using var server = await TestServer.StartAsync();
        var password = "Long-" + new string('p', 3000);
        await server.Server.Context.Accounts.SetPasswordAsync(Alice, password);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        var line = "AUTH PLAIN " + PlainAlice(password);
        Assert.True(line.Length > 4000);
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice(password + "x"), "535 5.7.8");
        await client.ExpectAsync(line, "235 2.7.0");
        await client.ExpectAsync("MAIL FROM:<alice@example.com>", "250 2.1.0");
    }

    [Fact]
    public async Task AnAuthLineOf12288OctetsIsReadAndALongerOneRefused()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);

        // 12286 octets plus CRLF: parsed, and refused only because the mechanism is unknown.
        await client.ExpectAsync("AUTH XY " + new string('A', 12_286 - 8), "504 5.5.4");
        await client.ExpectAsync("AUTH XY " + new string('A', 12_287 - 8), "500 5.5.2");
        await client.AssertAliveAsync();
    }

    [Theory]
    [InlineData("NOOP ")]
    [InlineData("MAIL FROM:<alice@example.com> X=")]
    [InlineData("XAUTH ")]
    public async Task OtherCommandsKeepTheLimitOf512Octets(string start)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync(start + new string('x', 600), "500 5.5.2");
        await client.AssertAliveAsync();
    }
}
