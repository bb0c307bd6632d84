using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Paloma.Tests.Smtp;
using Paloma.Tests.Support;
using static Paloma.Tests.Auth.AuthTest;

namespace Paloma.Tests.Auth;

/// <summary>Clients that are not ours: Python's smtplib/poplib/imaplib, openssl s_client, swaks and curl.</summary>
public sealed class ExternalClientTests
{
    private static Task<TestServer> StartAsync() => TestServer.StartAsync(c => c.Auth.PlaintextRequiresTls = true);

    [Theory]
    [InlineData("smtp")]
    [InlineData("smtps")]
    [InlineData("pop3")]
    [InlineData("imap")]
    public async Task PythonClientsUseTlsAndAuthenticate(string mode)
    {
        await using var server = await StartAsync();
        var endPoint = mode switch
        {
            "smtp" => server.Submission,
            "smtps" => server.Submissions,
            "pop3" => server.Pop3,
            _ => server.Imap,
        };
        var (exitCode, output) = await PythonScript.RunAsync("tls_auth_client.py", mode,
            endPoint.Address.ToString(), endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Alice, TestServer.Password);
        Assert.True(exitCode == 0, output);
        if (mode.StartsWith("smtp", StringComparison.Ordinal))
        {
            Assert.Single(await Inbox.ReadAsync(server, Alice));
        }
    }

    [Theory]
    [InlineData("smtp", "submission")]
    [InlineData("pop3", "pop3")]
    [InlineData("imap", "imap")]
    public async Task OpenSslCompletesAStartTlsHandshake(string starttls, string listener)
    {
        await using var server = await StartAsync();
        var endPoint = server.Server.EndPointOf(listener);
        var (exitCode, output) = await RunAsync("openssl", "Q\r\n", "s_client", "-starttls", starttls,
            "-connect", $"{endPoint.Address}:{endPoint.Port}", "-servername", "mx.example.com", "-brief");
        Assert.True(exitCode == 0, output);
        Assert.Contains("Protocol version: TLSv1.", output);
        Assert.Contains("mx.example.com", output);
    }

    [Fact]
    public async Task OpenSslCannotNegotiateTls11()
    {
        await using var server = await StartAsync();
        var endPoint = server.Submissions;
        var (exitCode, output) = await RunAsync("openssl", "", "s_client", "-connect",
            $"{endPoint.Address}:{endPoint.Port}", "-tls1_1", "-brief");
        Assert.True(exitCode != 0, output);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    [InlineData("CRAM-MD5")]
    public async Task SwaksAuthenticatesOverStartTls(string mechanism)
    {
        await using var server = await StartAsync();
        var endPoint = server.Submission;
        var (exitCode, output) = await RunAsync("swaks", "", "--server", endPoint.Address.ToString(),
            "--port", endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tls",
            "--auth", mechanism, "--auth-user", Alice, "--auth-password", TestServer.Password,
            "--from", Alice, "--to", Alice, "--helo", "client.example.net");
        Assert.True(exitCode == 0, output);
        Assert.Contains("235 2.7.0", output);
        Assert.Single(await Inbox.ReadAsync(server, Alice));
    }

    [Fact]
    public async Task SwaksIsRefusedWithAWrongPassword()
    {
        await using var server = await StartAsync();
        var endPoint = server.Submissions;
        var (exitCode, output) = await RunAsync("swaks", "", "--server", endPoint.Address.ToString(),
            "--port", endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tlsc",
            "--auth", "PLAIN", "--auth-user", Alice, "--auth-password", "wrong", "--from", Alice, "--to", Alice);
        Assert.True(exitCode != 0, output);
        Assert.Contains("535 5.7.8", output);
    }

    [Theory]
    [InlineData("smtps", "submissions", "PLAIN")]
    [InlineData("smtps", "submissions", "LOGIN")]
    [InlineData("pop3s", "pop3s", "PLAIN")]
    [InlineData("imaps", "imaps", "PLAIN")]
    public async Task CurlLogsInWithTheChosenMechanismOverImplicitTls(string scheme, string listener,
        string mechanism)
    {
        await using var server = await StartAsync();
        var endPoint = server.Server.EndPointOf(listener);
        var url = $"{scheme}://{endPoint.Address}:{endPoint.Port}/";
        string[] args = scheme == "smtps"
            ? ["--mail-from", Alice, "--mail-rcpt", Alice, "--upload-file", "-"]
            : [];
        var (exitCode, output) = await RunAsync("curl", "Subject: curl\r\n\r\nhi\r\n",
            ["-sS", "-v", "--insecure", "--user", $"{Alice}:{TestServer.Password}", "--login-options",
                "AUTH=" + mechanism, url, .. args]);
        Assert.True(exitCode == 0, output);
        Assert.Contains(mechanism, output);
    }

    [Theory]
    [InlineData("smtps", "submissions")]
    [InlineData("pop3s", "pop3s")]
    [InlineData("imaps", "imaps")]
    public async Task CurlLogsInWithAClientCertificate(string scheme, string listener)
    {
        using var ca = new TestClientCa();
        await using var server = await TestServer.StartAsync(c =>
        {
            c.Tls.ClientCa = ca.PemPath;
            c.Auth.Mechanisms = ["EXTERNAL", "SCRAM-SHA-256"];
        });
        using var certificate = ca.Issue(Alice);
        var certPath = Path.Combine(server.DataDirectory, "alice.pem");
        var keyPath = Path.Combine(server.DataDirectory, "alice.key");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var endPoint = server.Server.EndPointOf(listener);
        string[] args = scheme == "smtps"
            ? ["--mail-from", Alice, "--mail-rcpt", Alice, "--upload-file", "-"]
            : [];
        var (exitCode, output) = await RunAsync("curl", "Subject: curl\r\n\r\nhi\r\n",
            ["-sS", "-v", "--insecure", "--cert", certPath, "--key", keyPath, "--user", Alice + ":", "--login-options",
                "AUTH=EXTERNAL", $"{scheme}://{endPoint.Address}:{endPoint.Port}/", .. args]);
        Assert.True(exitCode == 0, output);
        Assert.Contains("EXTERNAL", output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string input,
        params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{program} timed out\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
