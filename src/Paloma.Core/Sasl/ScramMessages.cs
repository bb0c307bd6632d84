using System.Text;

namespace Paloma.Sasl;

/// <summary>The client-first-message of RFC 5802 §7, split into its parts.</summary>
/// <param name="CbindFlag">'n', 'y' or 'p'.</param>
/// <param name="CbName">The channel-binding type after <c>p=</c>, else null.</param>
/// <param name="Authzid">The decoded authzid, empty when absent.</param>
/// <param name="Gs2Header">The gs2-header exactly as sent, for the <c>c=</c> check.</param>
/// <param name="Bare">client-first-message-bare, for the AuthMessage.</param>
/// <param name="Username">The decoded saslname (not yet SASLprep-normalised).</param>
/// <param name="Nonce">The client nonce.</param>
internal sealed record ScramClientFirst(char CbindFlag, string? CbName, string Authzid, string Gs2Header,
    string Bare, string Username, string Nonce);

/// <summary>The client-final-message of RFC 5802 §7.</summary>
/// <param name="ChannelBinding">The decoded <c>c=</c> value.</param>
/// <param name="Nonce">The <c>r=</c> value.</param>
/// <param name="WithoutProof">client-final-message-without-proof, for the AuthMessage.</param>
/// <param name="Proof">The decoded <c>p=</c> value.</param>
internal sealed record ScramClientFinal(byte[] ChannelBinding, string Nonce, string WithoutProof, byte[] Proof);

/// <summary>Parsers for the SCRAM client messages; each returns null and an RFC 5802 server-error-value.</summary>
internal static class ScramMessages
{
    public static ScramClientFirst? ParseClientFirst(string message, out string error)
    {
        error = "other-error";
        var firstComma = message.IndexOf(',');
        var secondComma = firstComma < 0 ? -1 : message.IndexOf(',', firstComma + 1);
        if (secondComma < 0)
        {
            return null;
        }

        // RFC 5802 §7: gs2-cbind-flag = ("p=" cb-name) / "n" / "y".
        var flag = message[..firstComma];
        string? cbName = null;
        if (flag.StartsWith("p=", StringComparison.Ordinal) && IsCbName(flag.AsSpan(2)))
        {
            cbName = flag[2..];
        }
        else if (flag is not ("n" or "y"))
        {
            return null;
        }

        // RFC 5802 §7: gs2-header = gs2-cbind-flag "," [ authzid ] ","; authzid = "a=" saslname.
        var authzidField = message[(firstComma + 1)..secondComma];
        var authzid = string.Empty;
        if (authzidField.Length > 0
            && (!authzidField.StartsWith("a=", StringComparison.Ordinal)
                || !TryDecodeSaslName(authzidField[2..], out authzid) || authzid.Length == 0))
        {
            error = "invalid-encoding";
            return null;
        }

        var bare = message[(secondComma + 1)..];
        var attributes = bare.Split(',');

        // RFC 5802 §5.1: "m" is reserved; its presence MUST cause authentication failure.
        if (attributes[0].StartsWith("m=", StringComparison.Ordinal))
        {
            error = "extensions-not-supported";
            return null;
        }

        if (attributes.Length < 2 || !attributes[0].StartsWith("n=", StringComparison.Ordinal)
            || !attributes[1].StartsWith("r=", StringComparison.Ordinal))
        {
            return null;
        }

        if (!TryDecodeSaslName(attributes[0][2..], out var username) || username.Length == 0)
        {
            error = "invalid-username-encoding";
            return null;
        }

        var nonce = attributes[1][2..];
        if (!IsPrintableNonce(nonce) || !attributes.Skip(2).All(IsExtension))
        {
            return null;
        }

        return new ScramClientFirst(flag[0], cbName, authzid, message[..(secondComma + 1)], bare, username, nonce);
    }

    public static ScramClientFinal? ParseClientFinal(string message, out string error)
    {
        error = "other-error";

        // RFC 5802 §7: client-final-message = channel-binding "," nonce ["," extensions] "," proof.
        var proofAt = message.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0)
        {
            return null;
        }

        var withoutProof = message[..proofAt];
        var attributes = withoutProof.Split(',');
        if (attributes.Length < 2 || !attributes[0].StartsWith("c=", StringComparison.Ordinal)
            || !attributes[1].StartsWith("r=", StringComparison.Ordinal) || !attributes.Skip(2).All(IsExtension))
        {
            return null;
        }

        if (!SaslWire.TryDecode(attributes[0].AsSpan(2), out var channelBinding)
            || !SaslWire.TryDecode(message.AsSpan(proofAt + 3), out var proof) || proof.Length == 0)
        {
            error = "invalid-encoding";
            return null;
        }

        return new ScramClientFinal(channelBinding, attributes[1][2..], withoutProof, proof);
    }

    /// <summary>RFC 5802 §5.1: in a saslname "=2C" is "," and "=3D" is "="; any other "=" is invalid.</summary>
    public static bool TryDecodeSaslName(string value, out string decoded)
    {
        decoded = string.Empty;
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == ',')
            {
                return false;
            }

            if (value[i] != '=')
            {
                builder.Append(value[i]);
                continue;
            }

            var escape = value.AsSpan(i);
            if (escape.StartsWith("=2C"))
            {
                builder.Append(',');
            }
            else if (escape.StartsWith("=3D"))
            {
                builder.Append('=');
            }
            else
            {
                return false;
            }

            i += 2;
        }

        decoded = builder.ToString();
        return true;
    }

    // RFC 5802 §7: printable = %x21-2B / %x2D-7E (printable ASCII except ",").
    private static bool IsPrintableNonce(string nonce) =>
        nonce.Length > 0 && nonce.All(c => c >= 0x21 && c <= 0x7E && c != ',');

    // RFC 5802 §7: attr-val = ALPHA "=" value; extensions are ignored, but must still be well-formed.
    private static bool IsExtension(string attribute) =>
        attribute.Length >= 2 && char.IsAsciiLetter(attribute[0]) && attribute[1] == '=' && attribute[0] != 'm';

    // RFC 5056 §7: cb-name = 1*(ALPHA / DIGIT / "." / "-").
    private static bool IsCbName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
