using System.Net;
using Paloma.Tests.Support;

namespace Paloma.Tests.Operations;

/// <summary>The Prometheus endpoint of a real daemon, scraped over HTTP as Prometheus would.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly ServiceDirectory _dir = new();

    [Fact]
    public async Task MetricsEndpointServesEveryDocumentedMetric()
    {
        _dir.WriteConfig(smtp: "\"127.0.0.1:0\"", extra: "[metrics]\nlisten = \"127.0.0.1:0\"\n"
            + "[smtp]\naccept_unresolvable_domains = true\n[auth]\nplaintext_requires_tls = false\n");
        Assert.Equal(0, (await _dir.RunAsync("domain", "add", "example.com")).ExitCode);
        Assert.Equal(0, (await PalomaProcess.RunAsync(_dir.Directory, "pw-alice\n", "user", "add",
            "alice@example.com", "--password-stdin", "--config", _dir.ConfigFile)).ExitCode);
        var start = await _dir.RunAsync("start");
        Assert.True(start.ExitCode == 0, start.Stdout + start.Stderr);
        var status = (await _dir.RunAsync("status")).Stdout;
        var metrics = ServiceDirectory.Listener(status, "metrics");
        await using (var client = await RawClient.ConnectAsync(ServiceDirectory.Listener(status, "pop3")))
        {
            Assert.StartsWith("+OK", await client.ReadLineAsync());
            await client.SendAsync("USER alice@example.com\r\nPASS wrong\r\n");
            Assert.StartsWith("+OK", await client.ReadLineAsync());
            Assert.StartsWith("-ERR", await client.ReadLineAsync());
        }

        await using (var smtp = await RawClient.ConnectAsync(ServiceDirectory.Listener(status, "smtp")))
        {
            Assert.StartsWith("220", await smtp.ReadSmtpReplyAsync());
            await smtp.SendAsync("HELO client.example.net\r\nMAIL FROM:<carol@example.net>\r\n"
                + "RCPT TO:<alice@example.com>\r\nDATA\r\n");
            Assert.StartsWith("250", await smtp.ReadSmtpReplyAsync());
            Assert.StartsWith("250", await smtp.ReadSmtpReplyAsync());
            Assert.StartsWith("250", await smtp.ReadSmtpReplyAsync());
            Assert.StartsWith("354", await smtp.ReadSmtpReplyAsync());
            await smtp.SendAsync("Subject: counted\r\n\r\nhello\r\n.\r\n");
            Assert.StartsWith("250 2.0.0", await smtp.ReadSmtpReplyAsync());
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var response = await http.GetAsync($"http://{metrics}/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        string[] names =
        [
            "paloma_connections_total", "paloma_sessions_open", "paloma_messages_received_total",
            "paloma_messages_delivered_total", "paloma_messages_deferred_total", "paloma_messages_bounced_total",
            "paloma_auth_failures_total", "paloma_queue_size",
        ];
        foreach (var name in names)
        {
            Assert.Contains($"# TYPE {name} ", text);
        }

        Assert.Contains("paloma_connections_total{protocol=\"pop3\"} 1\n", text);
        Assert.Contains("paloma_messages_received_total 1\n", text);
        Assert.Contains("paloma_auth_failures_total{protocol=\"pop3\"} 1\n", text);
        Assert.Contains("paloma_auth_failures_total{protocol=\"smtp\"} 0\n", text);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://{metrics}/other")).StatusCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xUnit 2 calls only this one, and it must kill the daemons.
    public async Task DisposeAsync() => await _dir.DisposeAsync();
}
