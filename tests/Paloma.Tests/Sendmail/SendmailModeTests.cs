namespace Paloma.Tests.Sendmail;

/// <summary>The other sendmail modes (-bp, -bv, -bi, -q), the program names mailq, newaliases and sendmail,
/// and the command-line errors.</summary>
public sealed class SendmailModeTests : IAsyncLifetime
{
    private SendmailHarness _h = null!;

    public async Task InitializeAsync() => _h = await SendmailHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task DashBpAndMailqListTheQueueAndDashQMakesItDue()
    {
        Assert.Equal(0, (await _h.SendmailAsync("Subject: out\n\nx\n", "dave@example.org")).ExitCode);
        var id = Assert.Single(await _h.Queue.ListAsync()).Message.Id;

        var bp = await _h.SendmailAsync(null, "-bp");
        Assert.Equal(0, bp.ExitCode);
        Assert.Contains(id, bp.Stdout);
        Assert.Contains("dave@example.org", bp.Stdout);

        var mailq = await _h.RunAsAsync("mailq", null);
        Assert.True(mailq.ExitCode == 0, mailq.Stderr);
        Assert.Contains(id, mailq.Stdout);

        var q = await _h.SendmailAsync(null, "-q");
        Assert.Equal(0, q.ExitCode);
        Assert.Contains("due now", q.Stdout);
    }

    [Fact]
    public async Task SendmailUnderItsOwnNameDelivers()
    {
        var run = await _h.RunAsAsync("sendmail", "To: bob@example.com\nSubject: via symlink\n\nx\n", "-t");
        Assert.True(run.ExitCode == 0, run.Stderr);
        await _h.RunQueueAsync();
        Assert.Contains("Subject: via symlink", Assert.Single(await _h.InboxAsync("bob@example.com")));
    }

    [Fact]
    public async Task DashBvReportsEachAddressWithTheSmtpResolution()
    {
        var run = await _h.SendmailAsync(null, "-bv", "alice@example.com", "team", "nobody@example.com",
            "dave@example.org");
        Assert.Equal(67, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("alice@example.com... deliverable: local user alice@example.com", lines[0]);
        Assert.Equal("team... deliverable: local user alice@example.com, local user bob@example.com", lines[1]);
        Assert.StartsWith("nobody@example.com... undeliverable: ", lines[2]);
        Assert.Equal("dave@example.org... deliverable: remote dave@example.org (queue)", lines[3]);
        Assert.Empty(await _h.Queue.ListAsync());
    }

    [Fact]
    public async Task NewaliasesChecksAndCountsTheAliasesFile()
    {
        var run = await _h.RunAsAsync("newaliases", null);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(": 2 aliases", run.Stdout);
        Assert.Contains("no database rebuild", run.Stderr);

        await File.AppendAllTextAsync(Path.Combine(_h.Directory, "aliases"), "broken line without colon\n");
        var broken = await _h.SendmailAsync(null, "-bi");
        Assert.Equal(78, broken.ExitCode);
        Assert.Contains("aliases", broken.Stderr);
    }

    [Fact]
    public async Task AnUnknownOptionIsAUsageErrorAndEngineOptionsAreIgnoredWithANote()
    {
        var bad = await _h.SendmailAsync(null, "-Z", "alice@example.com");
        Assert.Equal(64, bad.ExitCode);
        Assert.Contains("illegal option -- Z", bad.Stderr);

        var noted = await _h.SendmailAsync("Subject: x\n\nx\n", "-oem", "-odb", "alice@example.com");
        Assert.Equal(0, noted.ExitCode);
        Assert.Contains("-oem ignored", noted.Stderr);
        Assert.Single(await _h.Queue.ListAsync());
    }
}
