using Paloma.Tests.Support;

namespace Paloma.Tests.Queue;

/// <summary><c>paloma queue list|show|flush|delete</c> run as the real program on a queue with a message.</summary>
public sealed class QueueCommandTests
{
    [Fact]
    public async Task ListShowFlushAndDeleteAQueuedMessage()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Remote.Script = line => line.StartsWith("RCPT") ? "451 4.3.0 try later" : null;
        var id = await h.EnqueueAsync("alice@example.com", "dave@example.org");
        await h.RunAsync();
        var dir = h.Server.DataDirectory;
        var config = Path.Combine(dir, "paloma.toml");
        await File.WriteAllTextAsync(config, $"[server]\ndata_dir = \"{dir}\"\n");

        var list = await PalomaProcess.RunAsync(dir, null, "queue", "list", "--config", config);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(id, list.Stdout);
        Assert.Contains("alice@example.com", list.Stdout);
        Assert.Contains("451 4.3.0 try later", list.Stdout);

        var show = await PalomaProcess.RunAsync(dir, null, "queue", "show", id, "--config", config);
        Assert.Contains("recipient: dave@example.org status=pending attempts=1", show.Stdout);

        var flush = await PalomaProcess.RunAsync(dir, null, "queue", "flush", id, "--config", config);
        Assert.Contains("1 recipient(s) due now", flush.Stdout);
        var entry = await h.Queue.GetAsync(id);
        Assert.True(entry!.Recipients[0].NextAttempt <= h.Time.GetUtcNow());

        Assert.Equal(0, (await PalomaProcess.RunAsync(dir, null, "queue", "delete", id, "--config", config)).ExitCode);
        Assert.Null(await h.Queue.GetAsync(id));
        var again = await PalomaProcess.RunAsync(dir, null, "queue", "show", id, "--config", config);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("no queued message", again.Stderr);
    }
}
