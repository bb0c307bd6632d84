using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Paloma.Sasl;

/// <summary>
/// Everything the challenge-response mechanisms need for one account, derived from the password when it is
/// set, and its storage form (one string; see docs/sasl-credentials.md).
/// </summary>
/// <remarks>
/// Stored form: space-separated entries, each <c>SCHEME$field$field…</c> with base64 fields:
/// <c>SCRAM-SHA-1$i$salt$StoredKey$ServerKey</c>, <c>SCRAM-SHA-256$i$salt$StoredKey$ServerKey</c>,
/// <c>CRAM-MD5$contexts</c>, <c>DIGEST-MD5$realm$H(user:realm:password)</c>. Unknown schemes are skipped so an
/// older server can read a newer row.
/// </remarks>
public sealed class SaslCredentials
{
    /// <summary>RFC 7677 §4: at least 4096 iterations.</summary>
    public const int DefaultScramIterations = 4096;

    private const int SaltBytes = 16;
    private const string ScramSha1Scheme = "SCRAM-SHA-1";
    private const string ScramSha256Scheme = "SCRAM-SHA-256";
    private const string CramMd5Scheme = "CRAM-MD5";
    private const string DigestMd5Scheme = "DIGEST-MD5";

    public ScramCredential? ScramSha1 { get; init; }

    public ScramCredential? ScramSha256 { get; init; }

    public CramMd5Secret? CramMd5 { get; init; }

    public DigestMd5Secret? DigestMd5 { get; init; }

    public ScramCredential? Scram(ScramHashAlgorithm algorithm) =>
        algorithm == ScramHashAlgorithm.Sha1 ? ScramSha1 : ScramSha256;

    /// <summary>Derives SCRAM-SHA-1, SCRAM-SHA-256 (each with its own random salt) and CRAM-MD5, plus DIGEST-MD5
    /// when a user name and realm are given.</summary>
    /// <exception cref="FormatException">The password contains characters SASLprep prohibits.</exception>
    public static SaslCredentials Derive(string password, int iterations = DefaultScramIterations,
        string? digestUsername = null, string? digestRealm = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var prepared = SaslPrep.Prepare(password, storedString: true);
        return new SaslCredentials
        {
            ScramSha1 = DeriveScram(prepared, ScramHashAlgorithm.Sha1, RandomNumberGenerator.GetBytes(SaltBytes),
                iterations),
            ScramSha256 = DeriveScram(prepared, ScramHashAlgorithm.Sha256,
                RandomNumberGenerator.GetBytes(SaltBytes), iterations),
            CramMd5 = CramMd5Secret.FromPassword(Encoding.UTF8.GetBytes(prepared)),
            DigestMd5 = digestUsername is null || digestRealm is null
                ? null
                : DeriveDigestMd5(digestUsername, digestRealm, prepared),
        };
    }

    /// <summary>RFC 5802 §3: SaltedPassword = Hi(Normalize(password), salt, i); ClientKey = HMAC(SaltedPassword,
    /// "Client Key"); StoredKey = H(ClientKey); ServerKey = HMAC(SaltedPassword, "Server Key").</summary>
    /// <param name="preparedPassword">The password after SASLprep.</param>
    public static ScramCredential DeriveScram(string preparedPassword, ScramHashAlgorithm algorithm, byte[] salt,
        int iterations)
    {
        var hash = algorithm == ScramHashAlgorithm.Sha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(preparedPassword), salt, iterations, hash,
            ScramCrypto.HashLength(algorithm));
        var clientKey = ScramCrypto.Hmac(algorithm, salted, "Client Key"u8);
        var storedKey = ScramCrypto.Hash(algorithm, clientKey);
        var serverKey = ScramCrypto.Hmac(algorithm, salted, "Server Key"u8);
        CryptographicOperations.ZeroMemory(salted);
        CryptographicOperations.ZeroMemory(clientKey);
        return new ScramCredential(algorithm, iterations, salt, storedKey, serverKey);
    }

    /// <summary>RFC 2831 §2.1.2.1: H(username ":" realm ":" password) in UTF-8 (the server announces
    /// charset=utf-8).</summary>
    public static DigestMd5Secret DeriveDigestMd5(string username, string realm, string preparedPassword) =>
        new(realm, MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{realm}:{preparedPassword}")));

    public string Serialize()
    {
        var entries = new List<string>();
        foreach (var scram in new[] { ScramSha1, ScramSha256 })
        {
            if (scram is not null)
            {
                var scheme = scram.Algorithm == ScramHashAlgorithm.Sha1 ? ScramSha1Scheme : ScramSha256Scheme;
                entries.Add(string.Join('$', scheme, scram.Iterations.ToString(CultureInfo.InvariantCulture),
                    B64(scram.Salt), B64(scram.StoredKey), B64(scram.ServerKey)));
            }
        }

        if (CramMd5 is not null)
        {
            entries.Add($"{CramMd5Scheme}${B64(CramMd5.ToBytes())}");
        }

        if (DigestMd5 is not null)
        {
            var realm = B64(Encoding.UTF8.GetBytes(DigestMd5.Realm));
            entries.Add($"{DigestMd5Scheme}${realm}${B64(DigestMd5.UserRealmPasswordHash)}");
        }

        return string.Join(' ', entries);
    }

    /// <exception cref="FormatException">An entry of a known scheme is damaged.</exception>
    public static SaslCredentials Parse(string stored)
    {
        ScramCredential? sha1 = null, sha256 = null;
        CramMd5Secret? cram = null;
        DigestMd5Secret? digest = null;
        foreach (var entry in stored.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = entry.Split('$');
            switch (fields[0])
            {
                case ScramSha1Scheme:
                    sha1 = ParseScram(ScramHashAlgorithm.Sha1, fields);
                    break;
                case ScramSha256Scheme:
                    sha256 = ParseScram(ScramHashAlgorithm.Sha256, fields);
                    break;
                case CramMd5Scheme:
                    Expect(fields, 2);
                    cram = CramMd5Secret.FromBytes(Convert.FromBase64String(fields[1]));
                    break;
                case DigestMd5Scheme:
                    Expect(fields, 3);
                    digest = new DigestMd5Secret(Encoding.UTF8.GetString(Convert.FromBase64String(fields[1])),
                        ExpectLength(Convert.FromBase64String(fields[2]), 16, fields[0]));
                    break;
            }
        }

        return new SaslCredentials { ScramSha1 = sha1, ScramSha256 = sha256, CramMd5 = cram, DigestMd5 = digest };
    }

    public static bool TryParse(string stored, out SaslCredentials? credentials)
    {
        try
        {
            credentials = Parse(stored);
            return true;
        }
        catch (FormatException)
        {
            credentials = null;
            return false;
        }
    }

    private static ScramCredential ParseScram(ScramHashAlgorithm algorithm, string[] fields)
    {
        Expect(fields, 5);
        if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1)
        {
            throw new FormatException($"{fields[0]}: bad iteration count");
        }

        var length = ScramCrypto.HashLength(algorithm);
        return new ScramCredential(algorithm, iterations, Convert.FromBase64String(fields[2]),
            ExpectLength(Convert.FromBase64String(fields[3]), length, fields[0]),
            ExpectLength(Convert.FromBase64String(fields[4]), length, fields[0]));
    }

    private static void Expect(string[] fields, int count)
    {
        if (fields.Length != count)
        {
            throw new FormatException($"{fields[0]}: expected {count - 1} fields, found {fields.Length - 1}");
        }
    }

    private static byte[] ExpectLength(byte[] value, int length, string scheme) =>
        value.Length == length ? value : throw new FormatException($"{scheme}: a key must be {length} octets");

    private static string B64(byte[] value) => Convert.ToBase64String(value);
}
