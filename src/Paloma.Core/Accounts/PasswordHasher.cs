using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Paloma.Accounts;

/// <summary>
/// Password hashes in the PHC-like form <c>$pbkdf2-sha256$i=ITERATIONS$SALT$HASH</c> (base64), with a random
/// 16-octet salt per user. PBKDF2 is used instead of argon2id because .NET ships it natively (OpenSSL); the
/// iteration count is stored with each hash so it can be raised without breaking existing ones.
/// </summary>
public static class PasswordHasher
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Iterations for new hashes. Chosen so that one check costs tens of milliseconds on a small
    /// server core: slow for an attacker with a stolen database, cheap enough for many logins a second.</summary>
    public static int Iterations { get; set; } = 100_000;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, Iterations);
        return string.Create(CultureInfo.InvariantCulture,
            $"${Scheme}$i={Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 5 || parts[1] != Scheme || !parts[2].StartsWith("i=", StringComparison.Ordinal)
            || !int.TryParse(parts[2].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[3]);
            expected = Convert.FromBase64String(parts[4]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Derive(password, salt, iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256,
            HashBytes);
}
