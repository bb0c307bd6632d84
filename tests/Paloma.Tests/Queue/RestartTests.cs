using Paloma.Queue;

namespace Paloma.Tests.Queue;

/// <summary>The queue survives a restart, and a clean run never delivers a recipient twice.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task NewServerOnTheSameDataDirectoryResumesUnfinishedRecipients()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Remote.Script = line => line.StartsWith("RCPT TO:<erin") ? "452 4.2.2 mailbox full" : null;
        var id = await h.EnqueueAsync("alice@example.com", "dave@example.org", "erin@example.org");
        await h.RunAsync();
        Assert.Equal(["RCPT TO:<dave@example.org>"], Assert.Single(h.Remote.Messages).RcptTo);

        var dataDirectory = h.Server.DataDirectory;
        await h.Server.Server.DisposeAsync();
        h.Remote.Script = _ => null;
        await h.StartServerAsync(null, dataDirectory);
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));

        var received = h.Remote.Messages.ToList();
        Assert.Equal(2, received.Count);
        Assert.Equal(["RCPT TO:<erin@example.org>"], received[1].RcptTo);
        Assert.Null(await h.Queue.GetAsync(id));
    }

    [Fact]
    public async Task NoRecipientIsDeliveredTwiceByACleanRun()
    {
        await using var h = await QueueHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await h.EnqueueAsync("alice@example.com", $"r{i}@example.org", $"s{i}@example.org");
        }

        await h.RunAsync();
        await h.AdvanceAsync(TimeSpan.FromHours(5));
        await h.AdvanceAsync(TimeSpan.FromHours(5));

        var rcpts = h.Remote.Messages.SelectMany(m => m.RcptTo).ToList();
        Assert.Equal(10, rcpts.Count);
        Assert.Equal(rcpts.Count, rcpts.Distinct().Count());
    }

    [Fact]
    public async Task EnqueuedMessageIsDurableBeforeEnqueueReturns()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Remote.Script = _ => "DROP";
        var id = await h.EnqueueAsync("alice@example.com", "dave@example.org");

        var entry = await h.Queue.GetAsync(id);
        Assert.NotNull(entry);
        Assert.True(File.Exists(entry.Message.Path));
        Assert.Equal(RecipientStatus.Pending, entry.Recipients[0].Status);
        Assert.True(QueueId.IsValid(id));
    }
}
