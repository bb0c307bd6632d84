using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Paloma.Sasl;

/// <summary>
/// CRAM-MD5, RFC 2195: the server sends a unique msg-id style challenge, the client answers
/// <c>user SP hex(HMAC-MD5(password, challenge))</c>.
/// </summary>
public sealed class CramMd5Mechanism(SaslContext context) : SaslServerMechanism
{
    public const string MechanismName = "CRAM-MD5";

    private const int DigestHexLength = 32;

    // Checked against for unknown users, so they cost the same HMAC as known ones.
    private static readonly CramMd5Secret s_unknownUserSecret =
        CramMd5Secret.FromPassword(RandomNumberGenerator.GetBytes(16));

    private byte[] _challenge = [];

    public override string Name => MechanismName;

    protected override ValueTask<SaslResult> StartCoreAsync(byte[]? initialResponse,
        CancellationToken cancellationToken)
    {
        if (initialResponse is not null)
        {
            // RFC 4422 §4: the server speaks first in CRAM-MD5, so there is nothing an initial response could be.
            return ValueTask.FromResult(SaslResult.Malformed("CRAM-MD5 takes no initial response"));
        }

        // RFC 2195 §2: "<random.timestamp@hostname>", a globally unique msg-id (RFC 822 syntax).
        var timestamp = context.TimeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        _challenge = Encoding.ASCII.GetBytes($"<{context.NewNonce()}.{timestamp}@{context.Hostname}>");
        return ValueTask.FromResult(SaslResult.Continue(_challenge));
    }

    protected override async ValueTask<SaslResult> StepCoreAsync(ReadOnlyMemory<byte> response,
        CancellationToken cancellationToken)
    {
        // RFC 2195 §2: user name, one space, then the digest as 32 lowercase hex digits. The user name may itself
        // contain spaces, so split at the last one.
        var span = response.Span;
        var space = span.LastIndexOf((byte)' ');
        if (space <= 0 || span.Length - space - 1 != DigestHexLength
            || !SaslText.TryDecodeUtf8(span[..space], out var username)
            || !TryParseHex(span[(space + 1)..], out var digest))
        {
            return SaslResult.Malformed("CRAM-MD5 response must be 'user SP 32-hex-digest'");
        }

        if (!SaslPrep.TryPrepare(username, storedString: false, out var prepared))
        {
            return SaslResult.Malformed("CRAM-MD5 user name rejected by SASLprep");
        }

        var secret = await context.Credentials.GetCramMd5SecretAsync(prepared, cancellationToken)
            .ConfigureAwait(false);
        var expected = (secret ?? s_unknownUserSecret).ComputeHmac(_challenge);
        return secret is not null && CryptographicOperations.FixedTimeEquals(expected, digest)
            ? SaslResult.Success(prepared)
            : SaslResult.Failed();
    }

    private static bool TryParseHex(ReadOnlySpan<byte> hex, out byte[] bytes)
    {
        bytes = new byte[hex.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var high = HexValue(hex[i * 2]);
            var low = HexValue(hex[i * 2 + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            bytes[i] = (byte)(high << 4 | low);
        }

        return true;
    }

    // RFC 2195 §2 asks for lowercase; uppercase is accepted too since it names the same digest.
    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
