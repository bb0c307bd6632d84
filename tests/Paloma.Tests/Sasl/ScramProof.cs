using System.Security.Cryptography;
using System.Text;
using Paloma.Sasl;

namespace Paloma.Tests.Sasl;

/// <summary>An independent client-side ClientProof (RFC 5802 §3), for exchanges MailKit cannot produce.</summary>
internal static class ScramProof
{
    /// <summary>A whole exchange written out by hand from RFC 5802 §7, for gs2 headers MailKit cannot send.
    /// </summary>
    public static async Task<SaslResult> HandExchangeAsync(ISaslMechanism server, ScramHashAlgorithm algorithm,
        string gs2Header, byte[] cbData, string username, string password)
    {
        var bare = $"n={username},r=cn0nce";
        var first = await server.StartAsync(Encoding.UTF8.GetBytes(gs2Header + bare));
        if (!first.IsContinue)
        {
            return first;
        }

        var serverFirst = Encoding.UTF8.GetString(first.Challenge);
        var parts = serverFirst.Split(',');
        var salt = Convert.FromBase64String(parts[1][2..]);
        var iterations = int.Parse(parts[2][2..], System.Globalization.CultureInfo.InvariantCulture);
        var withoutProof = $"c={Convert.ToBase64String([.. Encoding.UTF8.GetBytes(gs2Header), .. cbData])},{parts[0]}";
        var proof = Compute(algorithm, password, salt, iterations, $"{bare},{serverFirst},{withoutProof}");
        return await server.StepAsync(Encoding.UTF8.GetBytes($"{withoutProof},p={Convert.ToBase64String(proof)}"));
    }

    public static byte[] Compute(ScramHashAlgorithm algorithm, string password, byte[] salt, int iterations,
        string authMessage)
    {
        var name = algorithm == ScramHashAlgorithm.Sha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        var length = algorithm == ScramHashAlgorithm.Sha1 ? 20 : 32;
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, name, length);
        using var hmacSalted = IncrementalHash.CreateHMAC(name, salted);
        hmacSalted.AppendData("Client Key"u8);
        var clientKey = hmacSalted.GetHashAndReset();
        var storedKey = algorithm == ScramHashAlgorithm.Sha1 ? SHA1.HashData(clientKey) : SHA256.HashData(clientKey);
        using var hmacStored = IncrementalHash.CreateHMAC(name, storedKey);
        hmacStored.AppendData(Encoding.UTF8.GetBytes(authMessage));
        var signature = hmacStored.GetHashAndReset();
        return clientKey.Zip(signature, (k, s) => (byte)(k ^ s)).ToArray();
    }
}
