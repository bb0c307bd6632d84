using MailKit.Net.Smtp;
using MimeKit;
using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>Real clients: MailKit and Python's smtplib.</summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task MailKitDeliversToAliceInbox()
    {
        await using var server = await TestServer.StartAsync();
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("carol@example.net"));
        message.To.Add(MailboxAddress.Parse("alice@example.com"));
        message.Subject = "MailKit test";
        message.Body = new TextPart("plain") { Text = "Hello Alice,\r\n.a line starting with a dot\r\nBye\r\n" };

        using (var client = new SmtpClient())
        {
            client.LocalDomain = "client.example.net";
            await client.ConnectAsync(server.Smtp.Address.ToString(), server.Smtp.Port,
                MailKit.Security.SecureSocketOptions.None);
            Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Pipelining));
            Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Size));
            Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.EightBitMime));
            Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.EnhancedStatusCodes));
            var response = await client.SendAsync(message);
            Assert.StartsWith("2.0.0 Ok: queued as ", response);
            await client.DisconnectAsync(true);
        }

        var stored = Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.StartsWith("Return-Path: <carol@example.net>\r\nReceived: from client.example.net ([127.0.0.1])",
            stored);

        using var expected = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        await message.WriteToAsync(format, expected);
        Assert.Equal(System.Text.Encoding.Latin1.GetString(expected.ToArray()), Inbox.Content(stored));

        var parsed = MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(stored)));
        Assert.Equal("MailKit test", parsed.Subject);
        Assert.Contains(".a line starting with a dot", parsed.TextBody);
    }

    [Fact]
    public async Task MailKitSeesRecipientRefusals()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new SmtpClient();
        await client.ConnectAsync(server.Smtp.Address.ToString(), server.Smtp.Port,
            MailKit.Security.SecureSocketOptions.None);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("carol@example.net"));
        message.To.Add(MailboxAddress.Parse("someone@example.net"));
        message.Body = new TextPart("plain") { Text = "x" };
        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(message));
        Assert.Equal(SmtpStatusCode.MailboxUnavailable, error.StatusCode);
        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, error.ErrorCode);
    }

    [Fact]
    public async Task PythonSmtplibClientPasses()
    {
        await using var server = await TestServer.StartAsync();
        var (exitCode, output) = await PythonScript.RunAsync("smtp_client.py", server.Smtp.Address.ToString(),
            server.Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exitCode == 0, output);
        var stored = Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Contains("Subject: smtplib test\r\n", stored);
    }
}
