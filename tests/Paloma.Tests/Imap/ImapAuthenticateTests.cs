using System.Text;
using Paloma.Tests.Support;

namespace Paloma.Tests.Imap;

/// <summary>AUTHENTICATE PLAIN with and without SASL-IR (RFC 4959), and the IMAP side of C22 and C23.</summary>
public sealed class ImapAuthenticateTests
{
    private static string Plain(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("\0alice@example.com\0Secret-1", "OK")]
    [InlineData("alice@example.com\0alice@example.com\0Secret-1", "OK")]
    [InlineData("admin@example.com\0\0Secret-1", "NO")]
    [InlineData("bob@example.com\0alice@example.com\0Secret-1", "NO")]
    [InlineData("\0alice@example.com\0wrong", "NO")]
    [InlineData("\0alice@example.com", "NO")]
    public async Task C22_PlainAuthzidAndAuthcidRoles(string message, string status)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.ConnectAsync(server);
        await client.ExpectAsync($"a1 AUTHENTICATE PLAIN {Plain(message)}", status);
        await client.ExpectAsync("a2 SELECT INBOX", status == "OK" ? "OK" : "BAD");
    }

    [Fact]
    public async Task C23_ContinuationCancelAndUndecodableBase64()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.ConnectAsync(server);
        await client.Raw.SendAsync("a1 AUTHENTICATE PLAIN\r\n");
        Assert.Equal("+ ", await client.Raw.ReadLineAsync());
        Assert.StartsWith("a1 BAD", (await client.SendAndReadAsync("*\r\n", "a1"))[^1]);
        await client.Raw.SendAsync("a2 AUTHENTICATE PLAIN\r\n");
        Assert.Equal("+ ", await client.Raw.ReadLineAsync());
        Assert.StartsWith("a2 BAD", (await client.SendAndReadAsync("!!!notbase64\r\n", "a2"))[^1]);
        await client.ExpectAsync("a3 AUTHENTICATE PLAIN %%%", "BAD");
        await client.ExpectAsync("a4 AUTHENTICATE X-UNKNOWN", "NO");
        await client.Raw.SendAsync("a5 AUTHENTICATE plain\r\n");
        Assert.Equal("+ ", await client.Raw.ReadLineAsync());
        var ok = await client.SendAndReadAsync(Plain("\0alice@example.com\0Secret-1") + "\r\n", "a5");
        Assert.StartsWith("a5 OK", ok[^1]);
    }
}
