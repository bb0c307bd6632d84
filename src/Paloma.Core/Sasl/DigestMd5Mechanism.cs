using System.Security.Cryptography;
using System.Text;

namespace Paloma.Sasl;

/// <summary>
/// DIGEST-MD5, RFC 2831, authentication only (qop=auth): no integrity or confidentiality layer. Historic
/// (RFC 6331) and off by default; kept for legacy clients.
/// </summary>
public sealed class DigestMd5Mechanism(SaslContext context) : SaslServerMechanism
{
    public const string MechanismName = "DIGEST-MD5";

    private static readonly UTF8Encoding s_utf8 = new(false, true);

    private string _nonce = string.Empty;

    public override string Name => MechanismName;

    protected override ValueTask<SaslResult> StartCoreAsync(byte[]? initialResponse,
        CancellationToken cancellationToken)
    {
        if (initialResponse is not null)
        {
            // RFC 2831 §2.1: the exchange starts with the server's digest-challenge.
            return ValueTask.FromResult(SaslResult.Malformed("DIGEST-MD5 takes no initial response"));
        }

        // RFC 2831 §2.1.1: realm, nonce, qop-options, charset=utf-8 (so names and password are UTF-8) and
        // algorithm=md5-sess, which is required.
        _nonce = context.NewNonce();
        var challenge = $"realm=\"{Quote(context.EffectiveRealm)}\",nonce=\"{_nonce}\",qop=\"auth\","
            + "charset=utf-8,algorithm=md5-sess";
        return ValueTask.FromResult(SaslResult.Continue(Encoding.UTF8.GetBytes(challenge)));
    }

    protected override async ValueTask<SaslResult> StepCoreAsync(ReadOnlyMemory<byte> response,
        CancellationToken cancellationToken)
    {
        var directives = Decode(response.Span);
        if (directives is null)
        {
            return SaslResult.Malformed("malformed DIGEST-MD5 digest-response");
        }

        var problem = Validate(directives);
        if (problem is not null)
        {
            return problem;
        }

        var username = directives["username"];
        var realm = directives.GetValueOrDefault("realm", string.Empty);
        var secret = await context.Credentials.GetDigestMd5SecretAsync(username, realm, cancellationToken)
            .ConfigureAwait(false);
        if (secret is null || secret.UserRealmPasswordHash.Length != 16)
        {
            return SaslResult.Failed();
        }

        var authzid = directives.GetValueOrDefault("authzid");
        var ha1 = HashA1(secret.UserRealmPasswordHash, directives["cnonce"], authzid);
        var digestUri = directives["digest-uri"];
        var expected = ResponseValue(ha1, directives, "AUTHENTICATE:" + digestUri);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected),
                Encoding.ASCII.GetBytes(directives["response"].ToLowerInvariant())))
        {
            return SaslResult.Failed();
        }

        if (authzid is not null && !SaslText.MayActAs(username, authzid))
        {
            return SaslResult.Failure(SaslErrorKind.AuthzidNotPermitted, $"{username} may not act as {authzid}");
        }

        // RFC 2831 §2.1.3: rspauth proves the server knew the secret; A2 is then ":" digest-uri.
        var rspauth = ResponseValue(ha1, directives, ":" + digestUri);
        return SaslResult.Success(username, Encoding.ASCII.GetBytes("rspauth=" + rspauth));
    }

    private static Dictionary<string, string>? Decode(ReadOnlySpan<byte> response)
    {
        string text;
        try
        {
            text = s_utf8.GetString(response);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        return DigestMd5Directives.Parse(text);
    }

    private SaslResult? Validate(Dictionary<string, string> d)
    {
        foreach (var required in new[] { "username", "nonce", "cnonce", "nc", "digest-uri", "response" })
        {
            if (!d.ContainsKey(required))
            {
                return SaslResult.Malformed($"DIGEST-MD5 response lacks {required}");
            }
        }

        // RFC 2831 §2.1.2: charset=utf-8 is the only value; without it the client used ISO 8859-1, which our
        // stored UTF-8 secrets cannot match for non-ASCII names, so require the announced charset.
        if (d.TryGetValue("charset", out var charset) && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return SaslResult.Malformed("DIGEST-MD5 charset must be utf-8");
        }

        if (d.TryGetValue("qop", out var qop) && qop != "auth")
        {
            return SaslResult.Failure(SaslErrorKind.MechanismError, "only qop=auth is supported");
        }

        // RFC 2831 §2.1.2: nonce is the server's; nc counts uses of it, and this is the first (and only) one.
        if (d["nonce"] != _nonce || d["nc"] != "00000001")
        {
            return SaslResult.Malformed("DIGEST-MD5 nonce or nonce-count mismatch");
        }

        if (d.TryGetValue("realm", out var realm) && realm != context.EffectiveRealm)
        {
            return SaslResult.Failed("DIGEST-MD5 realm was not offered");
        }

        // RFC 2831 §2.1.2: digest-uri = serv-type "/" host [ "/" serv-name ]; the serv-type must be ours.
        var uri = d["digest-uri"];
        var slash = uri.IndexOf('/');
        if (slash <= 0 || (context.Service is not null
                && !uri[..slash].Equals(context.Service, StringComparison.OrdinalIgnoreCase)))
        {
            return SaslResult.Failed("DIGEST-MD5 digest-uri names another service");
        }

        return d["response"].Length == 32 ? null : SaslResult.Malformed("DIGEST-MD5 response must be 32 hex digits");
    }

    // RFC 2831 §2.1.2.1: A1 = { H( { username-value, ":", realm-value, ":", passwd } ), ":", nonce-value, ":",
    // cnonce-value [, ":", authzid-value] }.
    private byte[] HashA1(byte[] userRealmPassword, string cnonce, string? authzid)
    {
        var tail = $":{_nonce}:{cnonce}" + (authzid is null ? "" : ":" + authzid);
        return MD5.HashData([.. userRealmPassword, .. Encoding.UTF8.GetBytes(tail)]);
    }

    // RFC 2831 §2.1.2.1: response-value = HEX( KD( HEX(H(A1)), { nonce-value, ":" nc-value, ":", cnonce-value,
    // ":", qop-value, ":", HEX(H(A2)) })), with KD(k, s) = H({k, ":", s}).
    private string ResponseValue(byte[] ha1, Dictionary<string, string> d, string a2)
    {
        var ha2 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(a2)));
        var kd = $"{Convert.ToHexStringLower(ha1)}:{_nonce}:{d["nc"]}:{d["cnonce"]}:auth:{ha2}";
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(kd)));
    }

    private static string Quote(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
