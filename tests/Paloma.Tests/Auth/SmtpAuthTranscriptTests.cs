using System.Text;
using Paloma.Sasl;
using Paloma.Tests.Sasl;
using Paloma.Tests.Smtp;
using Paloma.Tests.Support;
using static Paloma.Tests.Auth.AuthTest;

namespace Paloma.Tests.Auth;

/// <summary>SMTP AUTH on the wire (RFC 4954), cases C22 and C23 included; the plain port with plaintext allowed.
/// </summary>
public sealed class SmtpAuthTranscriptTests
{
    [Fact]
    public async Task C22PlainIdentityFieldsAreMappedToTheRightRoles()
    {
        await using var server = await TestServer.StartAsync();
        (string Message, string Expected)[] attempts =
        [
            ("\0alice@example.com\0Secret-1", "235 2.7.0"),
            ("alice@example.com\0alice@example.com\0Secret-1", "235 2.7.0"),
            ("admin@example.com\0\0Secret-1", "501 5.5.2"),
            ("bob@example.com\0alice@example.com\0Secret-1", "535 5.7.8"),
        ];
        foreach (var (message, expected) in attempts)
        {
            await using var client = await SmtpTestClient.ConnectAsync(server);
            await client.ExpectAsync("AUTH PLAIN " + Base64(message), expected);
            if (!expected.StartsWith("235", StringComparison.Ordinal))
            {
                // Not authenticated: relaying stays denied.
                await client.ExpectAsync("MAIL FROM:<alice@example.com>", "250 ");
                await client.ExpectAsync("RCPT TO:<x@example.org>", "550 5.7.1");
            }
        }

        await using var last = await SmtpTestClient.ConnectAsync(server);
        await last.ExpectAsync("AUTH PLAIN", "334 ");
        await last.ExpectAsync(Base64("\0alice@example.com\0wrong"), "535 5.7.8");
    }

    [Fact]
    public async Task C23CancelBadBase64AndLoginInitialResponse()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("AUTH LOGIN", "334 VXNlcm5hbWU6");
        var cancelled = await client.ExpectAsync("*", "501 5.0.0");
        Assert.DoesNotContain('\n', cancelled);
        await client.ExpectAsync("AUTH PLAIN", "334 ");
        await client.ExpectAsync("!!!not*base64!!!", "501 5.5.2");
        await client.ExpectAsync("AUTH PLAIN AGFs=aWNl", "501 5.5.2");
        await client.ExpectAsync("AUTH LOGIN YWxpY2VAZXhhbXBsZS5jb20=", "334 UGFzc3dvcmQ6");
        await client.ExpectAsync("U2VjcmV0LTE=", "235 2.7.0");
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice(), "503 5.5.1");
    }

    [Fact]
    public async Task EmptyInitialResponseAndOverlongResponseLine()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);

        // RFC 4954 §4: "=" is an empty initial response; PLAIN then has nothing to parse.
        await client.ExpectAsync("AUTH PLAIN =", "501 5.5.2");
        await client.ExpectAsync("AUTH PLAIN", "334 ");
        await client.ExpectAsync(new string('A', 20_000), "500 5.5.6");
        await client.ExpectAsync("NOOP", "250 ");
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice(), "235 2.7.0");
    }

    [Fact]
    public async Task AuthIsRefusedInsideATransaction()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 ");
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice(), "503 5.5.1");
    }

    [Theory]
    [InlineData(ScramHashAlgorithm.Sha1, "SCRAM-SHA-1")]
    [InlineData(ScramHashAlgorithm.Sha256, "SCRAM-SHA-256")]
    public async Task ScramByHandSendsServerSignatureAsAFinalChallenge(ScramHashAlgorithm algorithm, string name)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        var (serverFirst, bare) = await ScramFirstAsync(client, name);
        var withoutProof = "c=biws," + serverFirst.Split(',')[0];
        var proof = Proof(algorithm, serverFirst, bare, withoutProof, TestServer.Password);
        var final = await client.ExpectAsync(Base64($"{withoutProof},p={proof}"), "334 ");
        Assert.StartsWith("v=", Encoding.UTF8.GetString(Convert.FromBase64String(final[4..])));
        await client.ExpectAsync("", "235 2.7.0");
    }

    [Fact]
    public async Task ScramWithAWrongProofOrNonceFailsPreciselyAndTheSessionSurvives()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        var (serverFirst, bare) = await ScramFirstAsync(client, "SCRAM-SHA-256");
        var withoutProof = "c=biws," + serverFirst.Split(',')[0];
        var wrong = Proof(ScramHashAlgorithm.Sha256, serverFirst, bare, withoutProof, "Not-The-Password");
        await client.ExpectAsync(Base64($"{withoutProof},p={wrong}"), "535 5.7.8");

        (serverFirst, bare) = await ScramFirstAsync(client, "SCRAM-SHA-256");
        var otherNonce = "c=biws,r=someone-elses-nonce";
        var proof = Proof(ScramHashAlgorithm.Sha256, serverFirst, bare, otherNonce, TestServer.Password);
        await client.ExpectAsync(Base64($"{otherNonce},p={proof}"), "501 5.5.2");

        (serverFirst, bare) = await ScramFirstAsync(client, "SCRAM-SHA-256");
        await client.ExpectAsync("*", "501 5.0.0");
        await client.ExpectAsync("NOOP", "250 ");
    }

    private static async Task<(string ServerFirst, string Bare)> ScramFirstAsync(SmtpTestClient client, string name)
    {
        const string bare = "n=alice@example.com,r=c1i3nt-n0nce";
        var reply = await client.ExpectAsync($"AUTH {name} {Base64("n,," + bare)}", "334 ");
        return (Encoding.UTF8.GetString(Convert.FromBase64String(reply[4..])), bare);
    }

    private static string Proof(ScramHashAlgorithm algorithm, string serverFirst, string bare, string withoutProof,
        string password)
    {
        var parts = serverFirst.Split(',');
        var salt = Convert.FromBase64String(parts[1][2..]);
        var iterations = int.Parse(parts[2][2..], System.Globalization.CultureInfo.InvariantCulture);
        return Convert.ToBase64String(ScramProof.Compute(algorithm, password, salt, iterations,
            $"{bare},{serverFirst},{withoutProof}"));
    }
}
