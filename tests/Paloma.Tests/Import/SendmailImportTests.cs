using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Paloma.Config;
using Paloma.Hosting;
using Paloma.Tests.Support;

namespace Paloma.Tests.Import;

/// <summary>
/// <c>paloma import sendmail</c> on an /etc/mail directory written like a real one; a server started with the
/// result must make the same relay and reject decisions Sendmail made with it.
/// </summary>
public sealed class SendmailImportTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "paloma-import-" + Guid.NewGuid().ToString("N"));
    private PalomaServer? _server;

    public Task InitializeAsync()
    {
        var etc = Path.Combine(_root, "etc-mail");
        Directory.CreateDirectory(etc);
        File.WriteAllText(Path.Combine(etc, "sendmail.mc"), """
            divert(-1)dnl
            dnl # This is the sendmail macro config file for m4.
            divert(0)dnl
            VERSIONID(`$Id: sendmail.mc, v 8.15.2 $')
            OSTYPE(`linux')dnl
            define(`confDOMAIN_NAME', `mail.example.com')dnl
            define(`confMAX_MESSAGE_SIZE', `10000')dnl
            define(`confMAX_RCPTS_PER_MESSAGE', `25')dnl
            define(`confMAX_HEADERS_LENGTH', `32768')dnl
            define(`confMAX_DAEMON_CHILDREN', `40')dnl
            define(`confCONNECTION_RATE_THROTTLE', `5')dnl
            define(`confPRIVACY_FLAGS', `authwarnings,novrfy,noexpn,restrictqrun')dnl
            define(`confAUTH_OPTIONS', `A p')dnl
            define(`confAUTH_MECHANISMS', `LOGIN PLAIN CRAM-MD5')dnl
            TRUST_AUTH_MECH(`LOGIN PLAIN CRAM-MD5')dnl
            define(`SMART_HOST', `[smtp.provider.example]')dnl
            DAEMON_OPTIONS(`Port=smtp,Addr=127.0.0.1, Name=MTA')dnl
            DAEMON_OPTIONS(`Port=submission, Name=MSA, M=Ea')dnl
            MASQUERADE_AS(`example.com')dnl
            FEATURE(`masquerade_envelope')dnl
            FEATURE(`masquerade_entire_domain')dnl
            FEATURE(`accept_unresolvable_domains')dnl
            FEATURE(`access_db', `hash -T<TMPF> -o /etc/mail/access.db')dnl
            FEATURE(`virtusertable', `hash -o /etc/mail/virtusertable.db')dnl
            FEATURE(`mailertable')dnl
            FEATURE(`use_cw_file')dnl
            FEATURE(`smrsh', `/usr/sbin/smrsh')dnl
            MAILER(`local')dnl
            MAILER(`smtp')dnl
            MAILER(`procmail')dnl
            """);
        File.WriteAllText(Path.Combine(etc, "access"), """
            # Check the /usr/share/doc/sendmail/README.cf file for a description
            Connect:localhost.localdomain   RELAY
            Connect:127.0.0.2               REJECT
            Connect:127.0.0.3               RELAY
            From:spammer@bad.example        REJECT
            To:partner.example.net          RELAY
            """);
        File.WriteAllText(Path.Combine(etc, "local-host-names"), "# local-host-names\nexample.com\nmail.example.com\n");
        File.WriteAllText(Path.Combine(etc, "relay-domains"), "friends.example.org\n");
        File.WriteAllText(Path.Combine(etc, "aliases"), """
            # Basic system aliases -- these MUST be present.
            mailer-daemon:  postmaster
            postmaster:     root
            root:           alice
            info:           alice, "|/usr/bin/procmail -m /etc/procmailrc"
            logs:           /var/log/mail-archive
            team:           alice,
                            bob
            """);
        File.WriteAllText(Path.Combine(etc, "virtusertable"), "sales@example.com   bob\n");
        File.WriteAllText(Path.Combine(etc, "mailertable"), "partner.example.net   smtp:[mx.partner.example.net]\n");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task TheImportedConfigurationMakesTheSameRelayAndRejectDecisions()
    {
        var output = Path.Combine(_root, "out");
        var run = await PalomaProcess.RunAsync(_root, null, "import", "sendmail", Path.Combine(_root, "etc-mail"),
            "--output", output);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Contains("not mapped: sendmail.mc line 30: MAILER(`procmail')", run.Stdout);
        Assert.Contains("restrictqrun", run.Stdout);
        Assert.Contains("Port=submission", run.Stdout);
        Assert.Contains("not mapped: aliases line 5: info: \"|/usr/bin/procmail", run.Stdout);
        Assert.Contains("not mapped: aliases line 6: logs", run.Stdout);

        var config = ConfigLoader.LoadFile(Path.Combine(output, "paloma.toml"));
        Assert.Equal("mail.example.com", config.Server.Hostname);
        Assert.Equal(10000, config.Limits.MaxMessageBytes);
        Assert.Equal(25, config.Limits.MaxRecipientsPerMessage);
        Assert.Equal(32768, config.Limits.MaxHeaderBytes);
        Assert.Equal(40, config.Limits.MaxConnections);
        Assert.Equal(5, config.Limits.ConnectionRate);
        Assert.Equal("example.com", config.Masquerade.As);
        Assert.True(config.Masquerade.Envelope && config.Masquerade.EntireDomain);
        Assert.True(config.Smtp.AcceptUnresolvableDomains);
        Assert.False(config.Smtp.Vrfy);
        Assert.Equal(["LOGIN", "PLAIN", "CRAM-MD5"], config.Auth.RelayMechanisms);
        Assert.Equal("smtp.provider.example:25", config.Relay.SmartHost);
        Assert.Equal("mx.partner.example.net:25", config.Transport.Routes["partner.example.net"]);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:25"), Assert.Single(config.Listen.Smtp));

        config.Server.DataDir = Path.Combine(_root, "data");
        config.Listen.Smtp = [new IPEndPoint(IPAddress.Loopback, 0)];
        config.Listen.Imap = [];
        config.Listen.Pop3 = [];

        // Every other listener off: their defaults are fixed ports, which a running server may hold.
        config.Listen.Submission = [];
        config.Listen.Submissions = [];
        config.Listen.Imaps = [];
        config.Listen.Pop3s = [];
        Accounts.PasswordHasher.Iterations = 1000;
        _server = PalomaServer.Create(config, NullLoggerFactory.Instance);
        await _server.Context.Accounts.AddDomainAsync("example.com");
        await _server.Context.Accounts.AddUserAsync("alice@example.com", "Secret-1");
        await _server.Context.Accounts.AddUserAsync("bob@example.com", "Secret-1");
        _server.Start();
        var smtp = _server.EndPointOf("smtp");

        // Connect:127.0.0.2 REJECT
        await using (var rejected = await Client.ConnectAsync(smtp, "127.0.0.2"))
        {
            Assert.StartsWith("554", await rejected.ReplyAsync());
        }

        await using var client = await Client.ConnectAsync(smtp, "127.0.0.1");
        Assert.StartsWith("220", await client.ReplyAsync());
        var ehlo = await client.CommandAsync("EHLO client.example.net");
        Assert.Contains("250-SIZE 10000", ehlo);
        Assert.StartsWith("5", await client.CommandAsync("MAIL FROM:<spammer@bad.example>"));
        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<someone@unresolvable.invalid>"));

        // Local users, local-host-names, aliases (with the program target left out) and the virtusertable.
        foreach (var local in new[] { "alice@example.com", "alice@mail.example.com", "root@example.com",
                     "postmaster@example.com", "info@example.com", "team@example.com", "sales@example.com" })
        {
            Assert.StartsWith("250", await client.CommandAsync($"RCPT TO:<{local}>"));
        }

        Assert.StartsWith("550 5.1.1", await client.CommandAsync("RCPT TO:<nobody@example.com>"));

        // To:partner.example.net RELAY and relay-domains allow relaying; anything else is refused.
        Assert.StartsWith("550 5.7.1", await client.CommandAsync("RCPT TO:<x@elsewhere.example>"));
        Assert.DoesNotContain("5.7.1", await client.CommandAsync("RCPT TO:<x@partner.example.net>"));
        Assert.DoesNotContain("5.7.1", await client.CommandAsync("RCPT TO:<x@friends.example.org>"));

        // Connect:127.0.0.3 RELAY lets that client relay anywhere.
        await using var trusted = await Client.ConnectAsync(smtp, "127.0.0.3");
        Assert.StartsWith("220", await trusted.ReplyAsync());
        await trusted.CommandAsync("EHLO trusted.example.net");
        await trusted.CommandAsync("MAIL FROM:<a@example.com>");
        Assert.DoesNotContain("5.7.1", await trusted.CommandAsync("RCPT TO:<x@elsewhere.example>"));
    }

    /// <summary>An SMTP client whose source address can be chosen among 127.0.0.0/8, for the Connect: rules.
    /// </summary>
    private sealed class Client : IAsyncDisposable
    {
        private readonly TcpClient _tcp;
        private readonly StreamReader _reader;
        private readonly Stream _stream;

        private Client(TcpClient tcp)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
            _reader = new StreamReader(_stream, Encoding.Latin1);
        }

        public static async Task<Client> ConnectAsync(IPEndPoint server, string source)
        {
            var tcp = new TcpClient(new IPEndPoint(IPAddress.Parse(source), 0));
            await tcp.ConnectAsync(server);
            return new Client(tcp);
        }

        public async Task<string> ReplyAsync()
        {
            var text = new StringBuilder();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await _reader.ReadLineAsync(timeout.Token) is { } line)
            {
                text.Append(line).Append('\n');
                if (line.Length < 4 || line[3] != '-')
                {
                    break;
                }
            }

            return text.ToString();
        }

        public async Task<string> CommandAsync(string command)
        {
            await _stream.WriteAsync(Encoding.Latin1.GetBytes(command + "\r\n"));
            return await ReplyAsync();
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _tcp.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
