using Paloma.Tests.Support;

namespace Paloma.Tests.Hosting;

public sealed class ListenerTests
{
    [Fact]
    public async Task SecondServerCannotShareAPortInUse()
    {
        await using var first = await TestServer.StartAsync();
        var taken = first.Smtp;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(config =>
        {
            config.Listen.Smtp = [taken];
            config.Listen.Imap = [];
            config.Listen.Pop3 = [];
        }));
        Assert.Contains($"cannot listen for smtp on {taken}", error.Message);
    }

    [Fact]
    public async Task StaleSpoolFilesAreRemovedAtStart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "paloma-spool-" + Guid.NewGuid().ToString("N"));
        var stale = Path.Combine(dataDirectory, "tmp", "20260101000000-crashed.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        await File.WriteAllTextAsync(stale, "half a message from before a crash");
        await using var server = await TestServer.StartAsync(dataDirectory: dataDirectory);
        Assert.False(File.Exists(stale));
    }
}
