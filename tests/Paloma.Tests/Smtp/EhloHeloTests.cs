using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

public sealed class EhloHeloTests
{
    [Fact]
    public async Task EhloAdvertisesTheExtensions()
    {
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxMessageBytes = 10_240);
        await using var client = await SmtpTestClient.ConnectAsync(server, ehlo: false);
        var reply = await client.ExpectAsync("EHLO client.example.net", "250 ");
        var lines = reply.Split('\n');
        Assert.StartsWith("250-mx.example.com", lines[0]);
        Assert.Contains("250-PIPELINING", lines);
        Assert.Contains("250-SIZE 10240", lines);
        Assert.Contains("250-8BITMIME", lines);
        Assert.Contains("250-ENHANCEDSTATUSCODES", lines);
        Assert.Contains("250-STARTTLS", lines);
        Assert.Contains("250-CHUNKING", lines);
        Assert.Contains("250-BINARYMIME", lines);
        Assert.Contains("250-SMTPUTF8", lines);
    }

    [Fact]
    public async Task HeloGetsASingleLine()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server, ehlo: false);
        var reply = await client.ExpectAsync("HELO client.example.net", "250 mx.example.com");
        Assert.DoesNotContain('\n', reply);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
    }

    [Theory]
    [InlineData("EHLO", "501 5.5.4")]
    [InlineData("HELO", "501 5.5.4")]
    [InlineData("EHLO bad name", "501 5.5.4")]
    [InlineData("EHLO <x>", "501 5.5.4")]
    [InlineData("EHLO [300.0.0.1]", "501 5.5.4")]
    public async Task MalformedHelloIsRefusedAndSessionContinues(string command, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server, ehlo: false);
        await client.ExpectAsync(command, expected);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "503 5.5.1");
        await client.ExpectAsync("EHLO [127.0.0.1]", "250 ");
        await client.AssertAliveAsync();
    }

    [Fact]
    public async Task EhloResetsTheTransaction()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("EHLO again.example.net", "250 ");
        await client.ExpectAsync("DATA", "503 5.5.1");
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
    }
}
