using MailKit.Net.Pop3;
using MailKit.Security;
using Paloma.Tests.Support;
using static Paloma.Tests.Pop3.Pop3Test;

namespace Paloma.Tests.Pop3;

/// <summary>End-to-end runs with real POP3 clients: MailKit and Python's poplib.</summary>
public sealed class ClientTests
{
    [Fact]
    public async Task MailKitCanRetrieveAndDeleteMessages()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, "Subject: first\r\n\r\n.dot line\r\nbody\r\n");
        await AddMessageAsync(server, "Subject: second\n\nbare LF\n");

        using (var client = new Pop3Client())
        {
            await client.ConnectAsync(server.Pop3.Address.ToString(), server.Pop3.Port, SecureSocketOptions.None);
            Assert.True(client.Capabilities.HasFlag(Pop3Capabilities.UIDL));
            Assert.True(client.Capabilities.HasFlag(Pop3Capabilities.Top));
            Assert.True(client.Capabilities.HasFlag(Pop3Capabilities.Pipelining));
            await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(Alice, "wrong"));
            await client.AuthenticateAsync(Alice, TestServer.Password);

            Assert.Equal(2, client.Count);
            var uids = await client.GetMessageUidsAsync();
            Assert.Equal(2, uids.Distinct().Count());

            var first = await client.GetMessageAsync(0);
            Assert.Equal("first", first.Subject);
            Assert.Equal(".dot line\r\nbody\r\n", first.TextBody.ReplaceLineEndings("\r\n"));
            var second = await client.GetMessageAsync(1);
            Assert.Equal("second", second.Subject);
            Assert.Equal("bare LF", second.TextBody.Trim());

            var headers = await client.GetMessageHeadersAsync(1);
            Assert.Equal("second", headers["Subject"]);

            await client.DeleteMessageAsync(0);
            await client.DisconnectAsync(quit: true);
        }

        var left = await InboxAsync(server);
        Assert.Single(left);
    }

    [Fact]
    public async Task PythonPoplibScriptPasses()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, "Subject: py1\r\n\r\n.dot line\r\n..two dots\r\nend\r\n");
        await AddMessageAsync(server, "Subject: py2\n\nlf body\nlast");

        var (exitCode, output) = await PythonScript.RunAsync("pop3_client.py", server.Pop3.Address.ToString(),
            server.Pop3.Port.ToString(), Alice, TestServer.Password);
        Assert.True(exitCode == 0, output);
        Assert.Single(await InboxAsync(server));
    }
}
