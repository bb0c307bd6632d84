using System.Security.Cryptography.X509Certificates;
using Paloma.Sasl;

namespace Paloma.Tests.Sasl;

/// <summary>An in-memory account store holding derived credentials, as the real one will.</summary>
internal sealed class TestCredentialStore : ISaslCredentialStore
{
    public const string Realm = "mx.example.com";

    private readonly Dictionary<string, string> _passwords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SaslCredentials> _credentials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _certificates = new(StringComparer.Ordinal);

    public List<string> Lookups { get; } = [];

    /// <summary>The C22/C23 fixture: alice@example.com with password Secret-1, and bob@example.com.</summary>
    public static TestCredentialStore WithFixtureUsers()
    {
        var store = new TestCredentialStore();
        store.Add("alice@example.com", "Secret-1");
        store.Add("bob@example.com", "Bob-Secret-2");
        return store;
    }

    public void Add(string username, string password, int iterations = 4096)
    {
        _passwords[username] = password;
        var derived = SaslCredentials.Derive(password, iterations, username, Realm);

        // Round-trip through the storage form so every mechanism test also exercises it.
        _credentials[username] = SaslCredentials.Parse(derived.Serialize());
    }

    public void AddScram(string username, ScramCredential credential)
    {
        var existing = _credentials.GetValueOrDefault(username) ?? new SaslCredentials();
        _credentials[username] = credential.Algorithm == ScramHashAlgorithm.Sha1
            ? new SaslCredentials { ScramSha1 = credential, ScramSha256 = existing.ScramSha256 }
            : new SaslCredentials { ScramSha1 = existing.ScramSha1, ScramSha256 = credential };
    }

    public void MapCertificate(X509Certificate2 certificate, string account) =>
        _certificates[certificate.Thumbprint] = account;

    public ValueTask<bool> VerifyPasswordAsync(string username, string password,
        CancellationToken cancellationToken)
    {
        Lookups.Add(username);
        return ValueTask.FromResult(_passwords.TryGetValue(username, out var stored) && stored == password);
    }

    public ValueTask<ScramCredential?> GetScramCredentialAsync(string username, ScramHashAlgorithm algorithm,
        CancellationToken cancellationToken)
    {
        Lookups.Add(username);
        return ValueTask.FromResult(_credentials.GetValueOrDefault(username)?.Scram(algorithm));
    }

    public ValueTask<CramMd5Secret?> GetCramMd5SecretAsync(string username, CancellationToken cancellationToken)
    {
        Lookups.Add(username);
        return ValueTask.FromResult(_credentials.GetValueOrDefault(username)?.CramMd5);
    }

    public ValueTask<DigestMd5Secret?> GetDigestMd5SecretAsync(string username, string realm,
        CancellationToken cancellationToken)
    {
        Lookups.Add(username);
        var secret = _credentials.GetValueOrDefault(username)?.DigestMd5;
        return ValueTask.FromResult(secret?.Realm == realm ? secret : null);
    }

    public ValueTask<string?> MapCertificateAsync(X509Certificate2 certificate, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_certificates.GetValueOrDefault(certificate.Thumbprint));
}
