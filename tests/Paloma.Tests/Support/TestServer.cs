using System.Net;
using Microsoft.Extensions.Logging;
using Paloma.Config;
using Paloma.Hosting;

namespace Paloma.Tests.Support;

/// <summary>
/// A real Paloma server for one test: a fresh data directory, every listener on 127.0.0.1 with a port the OS
/// picks, the domain example.com with users alice@example.com and bob@example.com (password "Secret-1"), as
/// the fixture of ../shared/cases describes. Dispose stops it and deletes the data directory.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Password = "Secret-1";

    private TestServer(PalomaServer server, string dataDirectory, TestLoggerProvider logs)
    {
        Server = server;
        DataDirectory = dataDirectory;
        Logs = logs;
    }

    public PalomaServer Server { get; }

    public string DataDirectory { get; }

    /// <summary>Everything the server logged, for tests that check log lines or levels.</summary>
    public TestLoggerProvider Logs { get; }

    public IPEndPoint Smtp => Server.EndPointOf("smtp");

    public IPEndPoint Imap => Server.EndPointOf("imap");

    public IPEndPoint Pop3 => Server.EndPointOf("pop3");

    public IPEndPoint Submission => Server.EndPointOf("submission");

    public IPEndPoint Submissions => Server.EndPointOf("submissions");

    public IPEndPoint Pop3s => Server.EndPointOf("pop3s");

    public IPEndPoint Imaps => Server.EndPointOf("imaps");

    /// <summary>Starts a server; <paramref name="configure"/> may change settings before it starts.</summary>
    public static async Task<TestServer> StartAsync(Action<PalomaConfig>? configure = null,
        string? dataDirectory = null, bool createUsers = true, TimeProvider? time = null)
    {
        Accounts.PasswordHasher.Iterations = 1000; // speed only: the hash format and check are the same.
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "paloma-test-" + Guid.NewGuid().ToString("N"));
        var config = new PalomaConfig();
        config.Server.Hostname = "mx.example.com";
        config.Server.DataDir = dataDirectory;
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        config.Listen.Smtp = [loopback];
        config.Listen.Imap = [loopback];
        config.Listen.Pop3 = [loopback];
        config.Listen.Submission = [loopback];
        config.Listen.Submissions = [loopback];
        config.Listen.Imaps = [loopback];
        config.Listen.Pop3s = [loopback];
        config.Auth.PlaintextRequiresTls = false; // most tests log in on the plain port; the rule has its own tests
        config.Submission.RequireTls = false; // likewise for submission on 587; SubmissionTlsTests cover it
        config.Auth.FailureDelay = 0; // tests of the throttle's delay drive AuthThrottle on a fake clock

        // Tests send from example.net and the like, which need not resolve; the DNS check has its own tests.
        config.Smtp.AcceptUnresolvableDomains = true;

        // No resolver to ask on a test machine; the tests of client names turn it on with their own DNS server.
        config.Dns.ReverseLookup = false;
        configure?.Invoke(config);

        var logs = new TestLoggerProvider();
        var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var server = PalomaServer.Create(config, loggerFactory, time);
        if (createUsers)
        {
            var accounts = server.Context.Accounts;
            if (!await accounts.IsLocalDomainAsync("example.com"))
            {
                await accounts.AddDomainAsync("example.com");
                await accounts.AddUserAsync("alice@example.com", Password);
                await accounts.AddUserAsync("bob@example.com", Password);
                await accounts.AddUserAsync("postmaster@example.com", Password);
            }
        }

        server.Start();
        return new TestServer(server, dataDirectory, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
