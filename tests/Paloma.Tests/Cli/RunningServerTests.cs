using Paloma.Tests.Support;

namespace Paloma.Tests.Cli;

/// <summary><c>paloma run</c> as a real process, managed with the account commands while it runs.</summary>
public sealed class RunningServerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("paloma-run-").FullName;

    [Fact]
    public async Task AccountsCreatedAfterStartAreSeenAtOnce()
    {
        var config = Path.Combine(_dir, "paloma.toml");
        await File.WriteAllTextAsync(config, """
            [server]
            hostname = "mx.example.test"
            [listen]
            smtp = ["127.0.0.1:0"]
            imap = ["127.0.0.1:0"]
            pop3 = ["127.0.0.1:0"]
            submission = []
            submissions = []
            imaps = []
            pop3s = []
            [smtp]
            accept_unresolvable_domains = true
            """);
        await using var server = await PalomaProcess.StartServerAsync(_dir, config, "smtp", "imap", "pop3");
        Assert.Equal(3, server.Output.Count(l => l.Contains("listening protocol=")));

        await using var client = await RawClient.ConnectAsync(server.Listeners["smtp"]);
        Assert.StartsWith("220", await client.ReadSmtpReplyAsync());
        await client.SendAsync("HELO client.example.net\r\nMAIL FROM:<x@example.net>\r\n");
        Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
        Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
        await client.SendAsync("RCPT TO:<erin@example.test>\r\n");
        Assert.StartsWith("550 5.7.1", await client.ReadSmtpReplyAsync());

        Assert.Equal(0, (await PalomaProcess.RunAsync(_dir, null, "domain", "add", "example.test", "--config", config))
            .ExitCode);
        await client.SendAsync("RCPT TO:<erin@example.test>\r\n");
        Assert.StartsWith("550 5.1.1", await client.ReadSmtpReplyAsync());

        Assert.Equal(0, (await PalomaProcess.RunAsync(_dir, "pw-erin\n", "user", "add", "erin@example.test",
            "--password-stdin", "--config", config)).ExitCode);
        await client.SendAsync("RCPT TO:<erin@example.test>\r\n");
        Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
