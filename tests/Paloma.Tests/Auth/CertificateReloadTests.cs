using Microsoft.Extensions.Logging;
using Paloma.Tests.Support;
using Paloma.Tls;

namespace Paloma.Tests.Auth;

/// <summary>The server certificate: generated once when none is configured, and re-read when its files change.
/// </summary>
public sealed class CertificateReloadTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("paloma-cert-").FullName;

    private string CertPath => Path.Combine(_directory, "cert.pem");

    private string KeyPath => Path.Combine(_directory, "key.pem");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task WithoutConfigurationASelfSignedCertificateIsGeneratedOnceAndReused()
    {
        await using var server = await TestServer.StartAsync();
        var tls = Path.Combine(server.DataDirectory, "tls");
        Assert.True(File.Exists(Path.Combine(tls, "cert.pem")));
        Assert.True(File.Exists(Path.Combine(tls, "key.pem")));
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains("generated a self-signed certificate"));
        var served = await ServedThumbprintAsync(server);

        // A second start on the same data directory loads the same pair instead of generating another.
        var logs = new TestLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var again = TlsCertificateProvider.Create(server.Server.Context.Config, factory.CreateLogger("test"));
        Assert.Equal(served, again.Certificate.Thumbprint);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("generated a self-signed certificate"));
    }

    [Fact]
    public async Task ReplacedFilesAreServedToNewHandshakesWhileAnOldSessionGoesOn()
    {
        using (var original = SelfSignedCertificate.CreateAndSave("mx.example.com", CertPath, KeyPath))
        {
        }

        await using var server = await TestServer.StartAsync(c =>
        {
            c.Tls.Cert = CertPath;
            c.Tls.Key = KeyPath;
        });
        await using var old = await TlsLineClient.ConnectAsync(server.Submissions, implicitTls: true);
        Assert.StartsWith("220 ", await old.ReadSmtpReplyAsync());
        var before = old.ServerCertificate!.Thumbprint;

        using (var renewed = SelfSignedCertificate.CreateAndSave("mx.example.com", CertPath, KeyPath))
        {
            // The stamp is the files' time and size; make sure the time moves even on a coarse file system.
            File.SetLastWriteTimeUtc(CertPath, DateTime.UtcNow.AddMinutes(1));
            File.SetLastWriteTimeUtc(KeyPath, DateTime.UtcNow.AddMinutes(1));
            Assert.Equal(renewed.Thumbprint, await ServedThumbprintAsync(server));
            Assert.NotEqual(before, renewed.Thumbprint);
        }

        Assert.StartsWith("250-mx.example.com", await old.SmtpAsync("EHLO client.example.net"));
        Assert.StartsWith("250 2.0.0", await old.SmtpAsync("NOOP"));
    }

    [Fact]
    public async Task ABrokenReplacementKeepsThePreviousCertificate()
    {
        await using var server = await StartWithConfiguredPairAsync();
        var before = await ServedThumbprintAsync(server);
        File.WriteAllText(KeyPath, "not a key");
        Assert.Equal(before, await ServedThumbprintAsync(server));
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains("tls certificate reload failed"));
    }

    [Fact]
    public async Task AReloadWithABrokenPairFailsAndChangesNothing()
    {
        await using var server = await StartWithConfiguredPairAsync();
        var before = await ServedThumbprintAsync(server);
        var config = server.Server.Context.Config;
        File.WriteAllText(KeyPath, "not a key");

        var result = await server.Server.ReloadAsync(() => config);
        Assert.False(result.Succeeded);
        Assert.Contains($"[tls] {KeyPath}: no usable unencrypted PEM private key", result.Message);
        Assert.Contains("the running configuration is unchanged", result.Message);
        Assert.Same(config, server.Server.Context.Config);
        Assert.Equal(before, await ServedThumbprintAsync(server));
    }

    [Fact]
    public async Task CertWithoutKeyIsAConfigurationError()
    {
        var error = await Assert.ThrowsAsync<Paloma.Config.ConfigException>(
            () => TestServer.StartAsync(c => c.Tls.Cert = CertPath));
        Assert.Contains("[tls] cert and key", error.Message);
    }

    /// <summary>A server whose [tls] cert and key name a pair made for the test.</summary>
    private async Task<TestServer> StartWithConfiguredPairAsync()
    {
        using (SelfSignedCertificate.CreateAndSave("mx.example.com", CertPath, KeyPath))
        {
        }

        return await TestServer.StartAsync(c =>
        {
            c.Tls.Cert = CertPath;
            c.Tls.Key = KeyPath;
        });
    }

    private static async Task<string> ServedThumbprintAsync(TestServer server)
    {
        await using var client = await TlsLineClient.ConnectAsync(server.Submissions, implicitTls: true);
        Assert.StartsWith("220 ", await client.ReadSmtpReplyAsync());
        Assert.True(client.Tls!.SslProtocol is System.Security.Authentication.SslProtocols.Tls12
            or System.Security.Authentication.SslProtocols.Tls13);
        return client.ServerCertificate!.Thumbprint;
    }
}
