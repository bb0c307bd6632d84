using Microsoft.Data.Sqlite;
using Paloma.Sasl;
using Paloma.Tests.Smtp;
using Paloma.Tests.Support;
using static Paloma.Tests.Auth.AuthTest;

namespace Paloma.Tests.Auth;

/// <summary>What the account store keeps for SASL (docs/sasl-credentials.md), and what it means on the wire.
/// </summary>
public sealed class CredentialStorageTests
{
    [Fact]
    public async Task CramMd5AndDigestMd5SecretsAreStoredOnlyWhenEnabled()
    {
        await using (var server = await TestServer.StartAsync(c => c.Auth.Mechanisms = ["SCRAM-SHA-256", "PLAIN"]))
        {
            var stored = SaslCredentials.Parse(StoredCredentials(server, Alice)!);
            Assert.NotNull(stored.ScramSha1);
            Assert.NotNull(stored.ScramSha256);
            Assert.Null(stored.CramMd5);
            Assert.Null(stored.DigestMd5);
        }

        await using var all = await TestServer.StartAsync(AllMechanisms);
        var full = SaslCredentials.Parse(StoredCredentials(all, Alice)!);
        Assert.NotNull(full.CramMd5);
        Assert.Equal("mx.example.com", full.DigestMd5!.Realm);
    }

    [Fact]
    public async Task UsersWithoutDerivedCredentialsFailScramUntilPasswd()
    {
        await using var server = await TestServer.StartAsync();
        Execute(server, "UPDATE users SET sasl_credentials = NULL WHERE address = 'alice@example.com'");
        using (var client = new MailKit.Net.Smtp.SmtpClient())
        {
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
            await client.ConnectAsync(server.Submissions.Address.ToString(), server.Submissions.Port,
                MailKit.Security.SecureSocketOptions.SslOnConnect);
            await Assert.ThrowsAsync<MailKit.Security.AuthenticationException>(
                () => client.AuthenticateAsync(MailKitMechanism("SCRAM-SHA-256")));
            await client.AuthenticateAsync(MailKitMechanism("PLAIN"));
        }

        await server.Server.Context.Accounts.SetPasswordAsync(Alice, TestServer.Password);
        Assert.NotNull(StoredCredentials(server, Alice));
        using var scram = new MailKit.Net.Smtp.SmtpClient();
        scram.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await scram.ConnectAsync(server.Submissions.Address.ToString(), server.Submissions.Port,
            MailKit.Security.SecureSocketOptions.SslOnConnect);
        await scram.AuthenticateAsync(MailKitMechanism("SCRAM-SHA-256"));
    }

    [Fact]
    public async Task PasswordsAreStoredAfterSaslPrep()
    {
        await using var server = await TestServer.StartAsync();

        // RFC 4013 §2.1: U+00A0 NO-BREAK SPACE maps to a plain space, so both spellings are the same password.
        await server.Server.Context.Accounts.SetPasswordAsync(Alice, "Open\u00A0Sesame");
        Assert.NotNull(await server.Server.Context.Accounts.AuthenticateAsync(Alice, "Open Sesame"));
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("AUTH PLAIN " + Base64("\0alice@example.com\0Open Sesame"), "235 2.7.0");
    }

    private static string? StoredCredentials(TestServer server, string address)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "paloma.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sasl_credentials FROM users WHERE address = $a";
        command.Parameters.AddWithValue("$a", address);
        return command.ExecuteScalar() as string;
    }

    private static void Execute(TestServer server, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "paloma.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
