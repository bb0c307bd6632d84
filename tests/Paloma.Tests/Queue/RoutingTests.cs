using System.Net;
using Paloma.Config;
using Paloma.Tests.Support;

namespace Paloma.Tests.Queue;

/// <summary>Routing: MX preference and fallback, implicit MX, null MX, the transport table.</summary>
public sealed class RoutingTests
{
    [Fact]
    public async Task MxWithLowestPreferenceIsUsedFirst()
    {
        await using var h = await QueueHarness.StartAsync();
        var backup = h.AddRemote(3);
        h.Dns.Mx("example.org", 20, "mx2.example.org").A("mx2.example.org", IPAddress.Parse("127.0.0.3"));

        await h.EnqueueAsync("alice@example.com", "dave@example.org");
        await h.RunAsync();

        var received = Assert.Single(h.Remote.Messages);
        Assert.Equal("MAIL FROM:<alice@example.com> SIZE=" + received.Data.Length, received.MailFrom);
        Assert.Empty(backup.Messages);
        Assert.Empty(await h.Queue.ListAsync());
    }

    [Fact]
    public async Task NextMxIsTriedWhenTheFirstRefusesConnections()
    {
        await using var h = await QueueHarness.StartAsync();
        // 127.0.0.4 has no listener on the port: connection refused.
        h.Dns.Mx("example.net", 5, "dead.example.net").A("dead.example.net", IPAddress.Parse("127.0.0.4"))
            .Mx("example.net", 50, "mx1.example.org");

        await h.EnqueueAsync("alice@example.com", "erin@example.net");
        await h.RunAsync();

        Assert.Contains("RCPT TO:<erin@example.net>", Assert.Single(h.Remote.Messages).RcptTo);
    }

    [Fact]
    public async Task DomainWithoutMxIsDeliveredToItsAddressRecord()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Dns.A("implicit.test", IPAddress.Parse("127.0.0.2"));

        await h.EnqueueAsync("alice@example.com", "frank@implicit.test");
        await h.RunAsync();

        Assert.Contains("RCPT TO:<frank@implicit.test>", Assert.Single(h.Remote.Messages).RcptTo);
    }

    [Fact]
    public async Task NullMxBouncesAtOnceWithoutConnecting()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Dns.Mx("nomail.test", 0, ".");

        await h.EnqueueAsync("alice@example.com", "gina@nomail.test");
        await h.RunAsync();

        Assert.Equal(0, h.Remote.Connections);
        var dsn = Assert.Single(await h.InboxAsync("alice@example.com"));
        var (_, recipients) = DsnAssert.Parse(dsn);
        Assert.Equal("5.1.10", recipients[0]["Status"]);
        Assert.Empty(await h.Queue.ListAsync());
    }

    [Fact]
    public async Task NonexistentDomainBouncesAndServfailIsRetried()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Dns.NxDomain("gone.test").ServFail("flaky.test");

        await h.EnqueueAsync("alice@example.com", "x@gone.test");
        var flaky = await h.EnqueueAsync("alice@example.com", "y@flaky.test");
        await h.RunAsync();

        var (_, recipients) = DsnAssert.Parse(Assert.Single(await h.InboxAsync("alice@example.com")));
        Assert.Equal("5.1.2", recipients[0]["Status"]);
        var pending = Assert.Single(await h.Queue.ListAsync());
        Assert.Equal(flaky, pending.Message.Id);
        Assert.Equal(Paloma.Queue.RecipientStatus.Pending, pending.Recipients[0].Status);
    }

    [Fact]
    public async Task ReloadedTransportTableAppliesToTheNextPass()
    {
        await using var other = new FakeSmtpServer();
        await using var h = await QueueHarness.StartAsync();
        h.Dns.Mx("routed.test", 10, "mx1.example.org");

        // paloma reload swaps in a new configuration object; the queue must route by its table from then on.
        var old = h.Server.Server.Context.Config;
        var config = new PalomaConfig();
        config.Server.DataDir = old.Server.DataDir;
        config.Server.Hostname = old.Server.Hostname;
        config.Dns.Servers = old.Dns.Servers;
        config.Transport.SmtpPort = old.Transport.SmtpPort;
        config.Transport.ConnectTimeout = old.Transport.ConnectTimeout;
        config.Transport.CommandTimeout = old.Transport.CommandTimeout;
        config.Transport.Routes["routed.test"] = $"127.0.0.1:{other.EndPoint.Port}";
        h.Server.Server.Context.Replace(config);
        await h.EnqueueAsync("alice@example.com", "hank@routed.test");
        await h.RunAsync();

        Assert.Single(other.Messages);
        Assert.Empty(h.Remote.Messages);
    }

    [Fact]
    public async Task TransportTableSendsTheDomainToItsFixedHost()
    {
        await using var other = new FakeSmtpServer();
        await using var h = await QueueHarness.StartAsync(c =>
            c.Transport.Routes["routed.test"] = $"127.0.0.1:{other.EndPoint.Port}");
        // The MX of routed.test would be 127.0.0.2: the transport table must win.
        h.Dns.Mx("routed.test", 10, "mx1.example.org");

        await h.EnqueueAsync("alice@example.com", "hank@routed.test");
        await h.RunAsync();

        Assert.Single(other.Messages);
        Assert.Empty(h.Remote.Messages);
    }

    [Fact]
    public async Task OneConnectionCarriesSeveralMessagesToTheSameDestination()
    {
        await using var h = await QueueHarness.StartAsync();
        // Refused greetings while the messages arrive, so that all three become due at the same retry time.
        h.Remote.Script = line => line == "CONNECT" ? "421 4.3.2 not now" : null;
        await h.EnqueueAsync("alice@example.com", "a@example.org");
        await h.EnqueueAsync("bob@example.com", "b@example.org");
        await h.EnqueueAsync("alice@example.com", "c@example.org");
        await h.RunAsync();
        h.Remote.Script = _ => null;
        var before = h.Remote.Connections;

        await h.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(3, h.Remote.Messages.Count);
        Assert.Equal(1, h.Remote.Connections - before);
    }

    [Fact]
    public async Task LocalRecipientInTheQueueGoesToTheMailbox()
    {
        await using var h = await QueueHarness.StartAsync();
        await h.EnqueueAsync("dave@example.org", "bob@example.com");
        await h.RunAsync();

        var delivered = Assert.Single(await h.InboxAsync("bob@example.com"));
        Assert.Equal("hello", delivered.Subject);

        // RFC 5321 §4.4: final delivery adds the reverse-path, which the queued copy does not carry.
        Assert.Equal("<dave@example.org>", delivered.Headers["Return-Path"]?.Trim());
        Assert.Single(delivered.Headers, h => h.Field == "Return-Path");
        Assert.Equal(0, h.Remote.Connections);
    }
}
