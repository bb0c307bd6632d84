using System.Security.Cryptography.X509Certificates;
using Paloma.Sasl;
using Paloma.Tls;

namespace Paloma.Accounts;

/// <summary>The account store as the SASL mechanisms see it: the column <c>users.sasl_credentials</c>.</summary>
/// <remarks>Users whose password was set before that column existed have NULL there; every challenge-response
/// mechanism then fails for them exactly as for a wrong password until <c>paloma user passwd</c>.</remarks>
public sealed partial class SqliteAccountStore : ISaslCredentialStore
{
    public async ValueTask<bool> VerifyPasswordAsync(string username, string password,
        CancellationToken cancellationToken) =>
        await AuthenticateAsync(username, password, cancellationToken).ConfigureAwait(false) is not null;

    public ValueTask<ScramCredential?> GetScramCredentialAsync(string username, ScramHashAlgorithm algorithm,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(ReadSaslCredentials(username)?.Scram(algorithm));

    public ValueTask<CramMd5Secret?> GetCramMd5SecretAsync(string username, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ReadSaslCredentials(username)?.CramMd5);

    public ValueTask<DigestMd5Secret?> GetDigestMd5SecretAsync(string username, string realm,
        CancellationToken cancellationToken)
    {
        var secret = ReadSaslCredentials(username)?.DigestMd5;
        return ValueTask.FromResult(secret is not null && secret.Realm == realm ? secret : null);
    }

    /// <summary>EXTERNAL: the first address the certificate names that is an existing user, trying the
    /// subjectAltName rfc822Names, then the subject's emailAddress, then a subject CN that is an address
    /// (<see cref="ClientCertificateNames"/>). The TLS layer must have validated the chain before this is asked.
    /// </summary>
    public async ValueTask<string?> MapCertificateAsync(X509Certificate2 certificate,
        CancellationToken cancellationToken)
    {
        foreach (var address in ClientCertificateNames.CandidateAddresses(certificate))
        {
            if (await FindUserAsync(address, cancellationToken).ConfigureAwait(false) is { } account)
            {
                return account.Address;
            }
        }

        return null;
    }

    private SaslCredentials? ReadSaslCredentials(string username)
    {
        string normalized;
        try
        {
            normalized = Normalize(username);
        }
        catch (AccountException)
        {
            return null;
        }

        using var c = database.OpenConnection();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT sasl_credentials FROM users WHERE address = $a";
        command.Parameters.AddWithValue("$a", normalized);
        return command.ExecuteScalar() is string stored && SaslCredentials.TryParse(stored, out var credentials)
            ? credentials
            : null;
    }
}
