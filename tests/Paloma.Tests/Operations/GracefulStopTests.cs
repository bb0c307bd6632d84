using Paloma.Tests.Support;

namespace Paloma.Tests.Operations;

/// <summary>
/// Issue 7: a graceful stop lets the SMTP message in transfer complete. <c>paloma run</c> as a real process,
/// <c>paloma stop</c> sent while DATA is half way; the message gets its 250, then 421, the process exits 0, and
/// the message is in the mailbox after a restart.
/// </summary>
public sealed class GracefulStopTests : IAsyncLifetime
{
    private readonly ServiceDirectory _dir = new();

    [Fact]
    public async Task StopDuringDataCompletesTheMessageThen421()
    {
        _dir.WriteConfig(smtp: "\"127.0.0.1:0\"",
            extra: "[smtp]\naccept_unresolvable_domains = true\n[auth]\nplaintext_requires_tls = false\n");
        Assert.Equal(0, (await _dir.RunAsync("domain", "add", "example.com")).ExitCode);
        Assert.Equal(0, (await PalomaProcess.RunAsync(_dir.Directory, "pw-alice\n", "user", "add",
            "alice@example.com", "--password-stdin", "--config", _dir.ConfigFile)).ExitCode);

        var server = await PalomaProcess.StartServerAsync(_dir.Directory, _dir.ConfigFile, "smtp", "pop3");
        await using (server)
        {
            await using var sender = await RawClient.ConnectAsync(server.Listeners["smtp"]);
            Assert.StartsWith("220", await sender.ReadSmtpReplyAsync());
            await sender.SendAsync("HELO client.example.net\r\n");
            Assert.StartsWith("250", await sender.ReadSmtpReplyAsync());
            await sender.SendAsync("MAIL FROM:<carol@example.net>\r\n");
            Assert.StartsWith("250", await sender.ReadSmtpReplyAsync());
            await sender.SendAsync("RCPT TO:<alice@example.com>\r\n");
            Assert.StartsWith("250", await sender.ReadSmtpReplyAsync());
            await sender.SendAsync("DATA\r\n");
            Assert.StartsWith("354", await sender.ReadSmtpReplyAsync());
            await sender.SendAsync("Subject: in flight\r\n\r\nfirst half\r\n");

            // An idle session is told at once: its 421 shows that the stop is in force before the rest is sent.
            await using var idle = await RawClient.ConnectAsync(server.Listeners["smtp"]);
            Assert.StartsWith("220", await idle.ReadSmtpReplyAsync());
            var stop = _dir.RunAsync("stop");
            Assert.StartsWith("421 4.3.2", await idle.ReadSmtpReplyAsync());

            await sender.SendAsync("second half\r\n.\r\n");
            Assert.StartsWith("250 2.0.0", await sender.ReadSmtpReplyAsync());
            Assert.StartsWith("421 4.3.2", await sender.ReadSmtpReplyAsync());
            Assert.True(await sender.IsClosedAsync());

            var stopped = await stop;
            Assert.True(stopped.ExitCode == 0, stopped.Stdout + stopped.Stderr);
            Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        await using var restarted = await PalomaProcess.StartServerAsync(_dir.Directory, _dir.ConfigFile, "pop3");
        await using var pop3 = await RawClient.ConnectAsync(restarted.Listeners["pop3"]);
        Assert.StartsWith("+OK", await pop3.ReadLineAsync());
        await pop3.SendAsync("USER alice@example.com\r\nPASS pw-alice\r\n");
        Assert.StartsWith("+OK", await pop3.ReadLineAsync());
        Assert.StartsWith("+OK", await pop3.ReadLineAsync());
        await pop3.SendAsync("RETR 1\r\n");
        var lines = await pop3.ReadUntilAsync(".");
        Assert.StartsWith("+OK", lines[0]);
        Assert.Contains("first half", lines);
        Assert.Contains("second half", lines);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xUnit 2 calls only this one, and it must kill the daemons.
    public async Task DisposeAsync() => await _dir.DisposeAsync();
}
