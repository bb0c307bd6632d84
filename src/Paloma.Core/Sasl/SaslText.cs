using System.Text;

namespace Paloma.Sasl;

/// <summary>Text helpers shared by the mechanisms.</summary>
internal static class SaslText
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8, refusing malformed sequences instead of substituting U+FFFD (which would let two
    /// different byte strings name the same user).</summary>
    public static bool TryDecodeUtf8(ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = s_strictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    /// <summary>
    /// Whether an authenticated identity may act as the requested authorization identity. Only as itself:
    /// Paloma has no proxy users. Case-insensitive because account names are lower-cased addresses.
    /// </summary>
    public static bool MayActAs(string identity, string authzid) =>
        authzid.Length == 0 || string.Equals(identity, authzid, StringComparison.OrdinalIgnoreCase);
}
