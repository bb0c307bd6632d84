using System.Security.Cryptography;

namespace Paloma.Queue;

/// <summary>Queue ids: 12 characters of Crockford base32 (60 random bits), short enough for every log line and
/// a 250 reply, and safe as a file name.</summary>
public static class QueueId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<char> id = stackalloc char[12];
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = Alphabet[random[i] & 31];
        }

        return new string(id);
    }

    public static bool IsValid(string id) => id.Length == 12 && id.All(c => Alphabet.Contains(c));
}
