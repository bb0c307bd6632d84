using Paloma.Tests.Support;
namespace Paloma.Tests.Imap;
public sealed class ScratchTests
{
    [Fact]
    public async Task Scratch()
    {
        await using var server = await TestServer.StartAsync();
        var client = await ImapTestClient.ConnectAsync(server);
        try { await client.CommandAsync("a1 CAPABILITY"); } catch (Exception) { }
        await Task.Delay(300);
        Assert.Fail(string.Join("\n", server.Logs.Entries.Select(e => e.Level + " " + e.Message + " " + e.Exception)));
    }
}
