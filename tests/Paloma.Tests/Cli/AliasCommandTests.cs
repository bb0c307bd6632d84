using Paloma.Tests.Support;

namespace Paloma.Tests.Cli;

/// <summary>Issue 3: <c>paloma alias add|del|list</c> through the real program, with a running server that
/// sees each change on its next RCPT (no newaliases step).</summary>
public sealed class AliasCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("paloma-alias-").FullName;

    [Fact]
    public async Task AnArgumentStartingWithAnAtSignIsAnArgumentNotAResponseFile()
    {
        var config = await ProcessConfig.WriteAsync(_dir, "mx.example.test");
        Assert.Equal(0, (await RunAsync(config, null, "domain", "add", "example.test")).ExitCode);
        var add = await RunAsync(config, null, "alias", "add", "all", "@example.test");
        Assert.Equal(1, add.ExitCode);
        Assert.Contains("invalid alias target \"@example.test\"", add.Stderr);
        Assert.DoesNotContain("Response file", add.Stderr + add.Stdout);
    }

    [Fact]
    public async Task AliasAddListDelAreSeenByTheRunningServer()
    {
        var config = await ProcessConfig.WriteAsync(_dir, "mx.example.test");
        Assert.Equal(0, (await RunAsync(config, null, "domain", "add", "example.test")).ExitCode);
        Assert.Equal(0, (await RunAsync(config, "pw-erin\n", "user", "add", "erin@example.test", "--password-stdin"))
            .ExitCode);
        await using var server = await PalomaProcess.StartServerAsync(_dir, config, "smtp");
        await using var client = await RawClient.ConnectAsync(server.Listeners["smtp"]);
        Assert.StartsWith("220", await client.ReadSmtpReplyAsync());
        await client.SendAsync(
            "HELO client.example.net\r\nMAIL FROM:<x@example.net>\r\nRCPT TO:<info@example.test>\r\n");
        Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
        Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
        Assert.StartsWith("550 5.1.1", await client.ReadSmtpReplyAsync());

        var add = await RunAsync(config, null, "alias", "add", "info", "erin@example.test");
        Assert.True(add.ExitCode == 0, add.Stdout + add.Stderr);
        Assert.Contains("alias info added", add.Stdout);
        var list = await RunAsync(config, null, "alias", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("info: erin@example.test", list.Stdout);
        await client.SendAsync("RCPT TO:<info@example.test>\r\n");
        Assert.StartsWith("250", await client.ReadSmtpReplyAsync());

        var del = await RunAsync(config, null, "alias", "del", "info");
        Assert.True(del.ExitCode == 0, del.Stdout + del.Stderr);
        Assert.DoesNotContain("info:", (await RunAsync(config, null, "alias", "list")).Stdout);
        await client.SendAsync("RSET\r\nMAIL FROM:<x@example.net>\r\nRCPT TO:<info@example.test>\r\n");
        Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
        Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
        Assert.StartsWith("550 5.1.1", await client.ReadSmtpReplyAsync());
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string config, string? stdin,
        params string[] args) => PalomaProcess.RunAsync(_dir, stdin, [.. args, "--config", config]);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
