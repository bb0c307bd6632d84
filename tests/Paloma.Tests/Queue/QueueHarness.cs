using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Paloma.Config;
using Paloma.Queue;
using Paloma.Tests.Support;

namespace Paloma.Tests.Queue;

/// <summary>
/// A sending Paloma (example.com, users alice and bob) with a fake clock, a DNS server of its own and remote
/// MX hosts that are <see cref="FakeSmtpServer"/>s on 127.0.0.2, 127.0.0.3, ... sharing one port, which the
/// sender uses as <c>transport.smtp_port</c>. Tests run the queue with <see cref="RunAsync"/> and move the clock
/// with <see cref="Time"/>; nothing sleeps.
/// Tests where the receiving MTA is a second Paloma are in <see cref="TwoInstanceTests"/>.
/// </summary>
public sealed class QueueHarness : IAsyncDisposable
{
    private readonly List<FakeSmtpServer> _remotes = [];

    private QueueHarness(FakeDnsServer dns, FakeTimeProvider time, FakeSmtpServer first)
    {
        Dns = dns;
        Time = time;
        _remotes.Add(first);
    }

    public FakeDnsServer Dns { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The first remote MX, 127.0.0.2, answering for example.org by default.</summary>
    public FakeSmtpServer Remote => _remotes[0];

    public int Port => Remote.EndPoint.Port;

    public TestServer Server { get; private set; } = null!;

    public QueueStore Queue => (QueueStore)Server.Server.Context.Queue!;

    public static async Task<QueueHarness> StartAsync(Action<PalomaConfig>? configure = null,
        string? dataDirectory = null)
    {
        var dns = new FakeDnsServer();
        var first = new FakeSmtpServer(IPAddress.Parse("127.0.0.2"));
        var harness = new QueueHarness(dns, new FakeTimeProvider(DateTimeOffset.UtcNow), first);
        dns.Mx("example.org", 10, "mx1.example.org").A("mx1.example.org", IPAddress.Parse("127.0.0.2"));
        await harness.StartServerAsync(configure, dataDirectory);
        return harness;
    }

    public async Task StartServerAsync(Action<PalomaConfig>? configure, string? dataDirectory)
    {
        Server = await TestServer.StartAsync(c =>
        {
            c.Dns.Servers = [Dns.EndPoint];
            c.Transport.SmtpPort = Port;
            c.Transport.ConnectTimeout = 5;
            c.Transport.CommandTimeout = 10;
            c.Queue.MaxConnectionsPerDestination = 1;
            configure?.Invoke(c);
        }, dataDirectory, time: Time);
    }

    /// <summary>Another fake MX on 127.0.0.{n} and the shared port.</summary>
    public FakeSmtpServer AddRemote(int n)
    {
        var server = new FakeSmtpServer(IPAddress.Parse($"127.0.0.{n}"), Port);
        _remotes.Add(server);
        return server;
    }

    public Task RunAsync() => Server.Server.QueueRunner.RunDueAsync();

    /// <summary>Moves the clock forward, then runs the queue.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await RunAsync();
    }

    public async Task<string> EnqueueAsync(OutboundEnvelope envelope, string message)
    {
        var writer = Server.Server.Context.Store.Spool.Create();
        await using (writer)
        {
            await writer.Stream.WriteAsync(Encoding.UTF8.GetBytes(message.ReplaceLineEndings("\r\n")));
            using var spooled = await writer.CompleteAsync();
            return await Queue.EnqueueAsync(envelope, spooled);
        }
    }

    public Task<string> EnqueueAsync(string from, params string[] to) =>
        EnqueueAsync(new OutboundEnvelope(from, to.Select(t => new OutboundRecipient(t)).ToList()),
            SimpleMessage(from, to[0]));

    public static string SimpleMessage(string from, string to, string subject = "hello") =>
        $"From: <{from}>\nTo: <{to}>\nSubject: {subject}\nMessage-ID: <{Guid.NewGuid():N}@example.com>\n\nbody\n";

    /// <summary>Every message in a local user's INBOX, parsed.</summary>
    public async Task<List<MimeMessage>> InboxAsync(string address)
    {
        var ctx = Server.Server.Context;
        var user = await ctx.Accounts.FindUserAsync(address);
        var inbox = await ctx.Store.GetMailboxAsync(user!.Id, "INBOX");
        var result = new List<MimeMessage>();
        foreach (var m in await ctx.Store.GetMessagesAsync(inbox!.Id))
        {
            await using var stream = ctx.Store.OpenMessage(m.BlobId);
            result.Add(await MimeMessage.LoadAsync(stream));
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        foreach (var remote in _remotes)
        {
            await remote.DisposeAsync();
        }

        await Dns.DisposeAsync();
    }
}
