using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Paloma.Tls;

namespace Paloma.Tests.Tls;

public sealed class CertificateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("paloma-tls-").FullName;

    private string PathOf(string name) => Path.Combine(_directory, name);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void SelfSignedCertificateHasTheHostnameAsSubjectAltNameAndAPrivateKey()
    {
        using var certificate = SelfSignedCertificate.CreateAndSave("mx.example.com", PathOf("cert.pem"),
            PathOf("sub/key.pem"));
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("mx.example.com", certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false));
        Assert.True(certificate.MatchesHostname("mx.example.com"));
        Assert.False(certificate.MatchesHostname("other.example.com"));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(PathOf("cert.pem")));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(PathOf("sub/key.pem")));
    }

    [Fact]
    public void KeyFileIsReadableByTheOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.WriteAllText(PathOf("key.pem"), "old");
        File.SetUnixFileMode(PathOf("key.pem"), (UnixFileMode)0b110_100_100);
        using var _ = SelfSignedCertificate.CreateAndSave("mx.example.com", PathOf("cert.pem"), PathOf("key.pem"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("key.pem")));

        using var fresh = SelfSignedCertificate.CreateAndSave("mx.example.com", PathOf("c2.pem"), PathOf("k2.pem"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("k2.pem")));
    }

    [Fact]
    public async Task LoadedCertificateServesTlsThroughSslStream()
    {
        using var created = SelfSignedCertificate.CreateAndSave("mx.example.com", PathOf("cert.pem"),
            PathOf("key.pem"));
        using var certificate = CertificateLoader.Load(PathOf("cert.pem"), PathOf("key.pem"));
        Assert.Equal(created.Thumbprint, certificate.Thumbprint);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serverTask = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync();
            await using var ssl = new SslStream(accepted.GetStream());
            await ssl.AuthenticateAsServerAsync(certificate);
            await ssl.WriteAsync("ok"u8.ToArray());
        });

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var clientSsl = new SslStream(client.GetStream(), false, (_, cert, _, _) =>
            cert is not null && cert.GetCertHashString() == certificate.Thumbprint);
        await clientSsl.AuthenticateAsClientAsync("mx.example.com");
        var buffer = new byte[2];
        await clientSsl.ReadExactlyAsync(buffer);
        Assert.Equal("ok"u8.ToArray(), buffer);
        await serverTask;
    }

    [Fact]
    public void MissingCertificateFileIsNamedInTheError()
    {
        var error = Assert.Throws<TlsCertificateException>(
            () => CertificateLoader.Load(PathOf("nope.pem"), PathOf("key.pem")));
        Assert.Contains(PathOf("nope.pem"), error.Message);
    }

    [Fact]
    public void GarbageCertificateFileIsNamedInTheError()
    {
        File.WriteAllText(PathOf("cert.pem"), "not a certificate");
        using var key = ECDsa.Create();
        File.WriteAllText(PathOf("key.pem"), key.ExportPkcs8PrivateKeyPem());
        var error = Assert.Throws<TlsCertificateException>(
            () => CertificateLoader.Load(PathOf("cert.pem"), PathOf("key.pem")));
        Assert.Contains(PathOf("cert.pem"), error.Message);
    }

    [Fact]
    public void KeyOfAnotherCertificateIsNamedInTheError()
    {
        using var _ = SelfSignedCertificate.CreateAndSave("mx.example.com", PathOf("cert.pem"), PathOf("key.pem"));
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(PathOf("other.pem"), other.ExportPkcs8PrivateKeyPem());
        var error = Assert.Throws<TlsCertificateException>(
            () => CertificateLoader.Load(PathOf("cert.pem"), PathOf("other.pem")));
        Assert.Contains(PathOf("other.pem"), error.Message);
    }

    [Fact]
    public void IntermediatesAreTheCertificatesAfterTheFirst()
    {
        using var leaf = SelfSignedCertificate.CreateAndSave("mx.example.com", PathOf("leaf.pem"), PathOf("k.pem"));
        using var ca = SelfSignedCertificate.CreateAndSave("ca.example.com", PathOf("ca.pem"), PathOf("k2.pem"));
        File.WriteAllText(PathOf("chain.pem"),
            File.ReadAllText(PathOf("leaf.pem")) + File.ReadAllText(PathOf("ca.pem")));
        var intermediates = CertificateLoader.LoadIntermediates(PathOf("chain.pem"));
        Assert.Equal(ca.Thumbprint, Assert.Single(intermediates).Thumbprint);
    }
}
