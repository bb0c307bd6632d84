using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

public sealed class MailTests
{
    [Theory]
    [InlineData("MAIL FROM:<carol@example.net>")]
    [InlineData("mail from:<carol@example.net>")]
    [InlineData("MAIL FROM:<>")]
    [InlineData("MAIL FROM:<carol@example.net> SIZE=1000")]
    [InlineData("MAIL FROM:<carol@example.net> BODY=8BITMIME")]
    [InlineData("MAIL FROM:<carol@example.net> BODY=7bit SIZE=10")]
    [InlineData("MAIL FROM:<@relay.example:carol@example.net>")]
    [InlineData("MAIL FROM:<\"carol smith\"@example.net>")]
    [InlineData("MAIL FROM:<carol@[192.0.2.1]>")]
    public async Task ValidSendersAreAccepted(string command)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync(command, "250 2.1.0");
    }

    [Theory]
    [InlineData("MAIL", "501 5.5.4")]
    [InlineData("MAIL FROM:", "501 5.5.4")]
    [InlineData("MAIL TO:<carol@example.net>", "501 5.5.4")]
    [InlineData("MAIL FROM:carol@example.net", "501 5.5.4")]
    [InlineData("MAIL FROM:<carol>", "501 5.1.7")]
    [InlineData("MAIL FROM:<carol@example.net", "501 5.1.7")]
    [InlineData("MAIL FROM:<carol@@example.net>", "501 5.1.7")]
    [InlineData("MAIL FROM:<carol@example.net> FOO=BAR", "555 5.5.4")]
    [InlineData("MAIL FROM:<carol@example.net> SIZE=abc", "501 5.5.4")]
    [InlineData("MAIL FROM:<carol@example.net> BODY=BINARY", "501 5.5.4")]
    [InlineData("MAIL FROM:<carol@example.net> SMTPUTF8=1", "501 5.5.4")]
    public async Task MalformedMailIsRefusedAndSessionContinues(string command, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync(command, expected);
        await client.AssertAliveAsync();
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "503 5.5.1");
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
    }

    [Fact]
    public async Task MailBeforeHelloIs503()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server, ehlo: false);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "503 5.5.1");
        await client.AssertAliveAsync();
    }

    [Fact]
    public async Task SecondMailIs503()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("MAIL FROM:<dave@example.net>", "503 5.5.1");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
    }

    [Fact]
    public async Task DeclaredSizeOverTheLimitIs552()
    {
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxMessageBytes = 10_240);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net> SIZE=10241", "552 5.3.4");
        await client.ExpectAsync("MAIL FROM:<carol@example.net> SIZE=10240", "250 2.1.0");
    }

    [Theory]
    [InlineData("SIZE=99999999999999999999")]
    [InlineData("SIZE=99999999999999999999999")]
    [InlineData("SIZE=000000000000000000000000000099999999999")]
    public async Task HugeButWellFormedSizeIs552Not501(string parameter)
    {
        // RFC 1870 §6: a size we cannot accept is 552 5.3.4; only a SIZE that is not digits is a 501.
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net> " + parameter, "552 5.3.4");
        await client.ExpectAsync("MAIL FROM:<carol@example.net> SIZE=12x", "501 5.5.4");
        await client.ExpectAsync("MAIL FROM:<carol@example.net> SIZE=12", "250 2.1.0");
    }

    [Fact]
    public async Task MailWithoutParametersLogsNoNullSizeOrBody()
    {
        await using var server = await TestServer.StartAsync();
        await using (var client = await SmtpTestClient.ConnectAsync(server))
        {
            await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        }

        var line = Assert.Single(server.Logs.Entries, e => e.Message.StartsWith("mail session=")).Message;
        Assert.DoesNotContain("(null)", line);
        Assert.Contains("size=- body=-", line);
    }

    [Fact]
    public async Task MailIsLoggedAtInformation()
    {
        await using var server = await TestServer.StartAsync();
        await using (var client = await SmtpTestClient.ConnectAsync(server))
        {
            await client.ExpectAsync("MAIL FROM:<carol@example.net> SIZE=42", "250 2.1.0");
        }

        Assert.Contains(server.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Information
            && e.Message.Contains("sender=<carol@example.net>") && e.Message.Contains("size=42"));
    }
}
