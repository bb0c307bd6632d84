using Paloma.Tests.Support;

namespace Paloma.Tests.Cli;

public sealed class CheckCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("paloma-check-").FullName;

    [Fact]
    public async Task CheckPrintsEffectiveSettingsFromTheFileInTheWorkingDirectory()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "paloma.toml"),
            "[server]\nhostname = \"mail.example.test\"\n[listen]\nsmtp = [\"127.0.0.1:2600\"]\n");
        var result = await PalomaProcess.RunAsync(_dir, null, "check");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("hostname = \"mail.example.test\"", result.Stdout);
        Assert.Contains("smtp = [\"127.0.0.1:2600\"]", result.Stdout);
        Assert.Contains("imap = [\"127.0.0.1:1143\"]", result.Stdout);
    }

    [Fact]
    public async Task CheckNamesFileLineAndKeyOfEveryError()
    {
        var file = Path.Combine(_dir, "bad.toml");
        await File.WriteAllTextAsync(file,
            "[server]\nhostname = \"ok\"\nfoo = 1\n\n[limits]\nmax_message_bytes = \"x\"\n");
        var result = await PalomaProcess.RunAsync(_dir, null, "check", "--config", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}:3: server.foo: unknown key", result.Stderr);
        Assert.Contains($"{file}:6: limits.max_message_bytes: expected an integer", result.Stderr);
    }

    [Fact]
    public async Task CheckReadsTheCertificatePairAsAStartWould()
    {
        var cert = Path.Combine(_dir, "cert.pem");
        var key = Path.Combine(_dir, "key.pem");
        using (Paloma.Tls.SelfSignedCertificate.CreateAndSave("mx.example.com", cert, key))
        {
        }

        var file = Path.Combine(_dir, "tls.toml");
        await File.WriteAllTextAsync(file, $"[tls]\ncert = \"{cert}\"\nkey = \"{key}\"\n");
        Assert.Equal(0, (await PalomaProcess.RunAsync(_dir, null, "check", "--config", file)).ExitCode);

        // Cut short, as a renewal tool caught half-way would leave it.
        await File.WriteAllTextAsync(cert, (await File.ReadAllTextAsync(cert))[..100]);
        var result = await PalomaProcess.RunAsync(_dir, null, "check", "--config", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}: [tls] {cert}: no PEM certificate could be read", result.Stderr);
        Assert.DoesNotContain("configuration OK", result.Stderr);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
