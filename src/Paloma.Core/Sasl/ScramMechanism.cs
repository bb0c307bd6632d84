using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Paloma.Sasl;

/// <summary>
/// SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677), and their -PLUS variants with channel binding
/// (RFC 5802 §6). The client speaks first; the server answers with its nonce, salt and iteration count, checks
/// the client proof, and returns <c>v=ServerSignature</c> as success data.
/// </summary>
public sealed class ScramMechanism : SaslServerMechanism
{
    private readonly SaslContext _context;
    private readonly ScramHashAlgorithm _algorithm;
    private readonly bool _plus;
    private readonly bool _serverAdvertisesPlus;

    private ScramClientFirst? _clientFirst;
    private ScramCredential? _credential;
    private string _username = string.Empty;
    private string _authzid = string.Empty;
    private string _nonce = string.Empty;
    private string _serverFirst = string.Empty;

    /// <param name="context">The connection.</param>
    /// <param name="algorithm">SHA-1 or SHA-256.</param>
    /// <param name="plus">True for SCRAM-*-PLUS, which requires <see cref="SaslContext.ChannelBinding"/>.</param>
    /// <param name="serverAdvertisesPlus">Whether a -PLUS variant was offered on this connection; a client of the
    /// plain variant that says "y" is then refused (RFC 5802 §6, downgrade detection).</param>
    public ScramMechanism(SaslContext context, ScramHashAlgorithm algorithm, bool plus, bool serverAdvertisesPlus)
    {
        _context = context;
        _algorithm = algorithm;
        _plus = plus;
        _serverAdvertisesPlus = serverAdvertisesPlus;
        Name = (algorithm == ScramHashAlgorithm.Sha1 ? "SCRAM-SHA-1" : "SCRAM-SHA-256") + (plus ? "-PLUS" : "");
    }

    public override string Name { get; }

    protected override async ValueTask<SaslResult> StartCoreAsync(byte[]? initialResponse,
        CancellationToken cancellationToken)
    {
        if (_plus && _context.ChannelBinding is null)
        {
            return SaslResult.Failure(SaslErrorKind.MechanismError, $"{Name} needs a TLS channel binding",
                "channel-binding-not-supported");
        }

        // RFC 5802 §5: the client sends first; without an initial response the server's challenge is empty.
        return initialResponse is null
            ? SaslResult.Continue([])
            : await ClientFirstAsync(initialResponse, cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask<SaslResult> StepCoreAsync(ReadOnlyMemory<byte> response,
        CancellationToken cancellationToken)
    {
        return _clientFirst is null
            ? await ClientFirstAsync(response, cancellationToken).ConfigureAwait(false)
            : ClientFinal(response.Span);
    }

    private async ValueTask<SaslResult> ClientFirstAsync(ReadOnlyMemory<byte> response,
        CancellationToken cancellationToken)
    {
        if (!SaslText.TryDecodeUtf8(response.Span, out var text))
        {
            return SaslResult.Malformed("SCRAM message is not UTF-8", "invalid-encoding");
        }

        var first = ScramMessages.ParseClientFirst(text, out var error);
        if (first is null)
        {
            return SaslResult.Malformed("malformed SCRAM client-first-message", error);
        }

        var bindingError = CheckChannelBindingFlag(first);
        if (bindingError is not null)
        {
            return bindingError;
        }

        // RFC 5802 §5.1: the user name is prepared with SASLprep before use.
        if (!SaslPrep.TryPrepare(first.Username, storedString: false, out _username)
            || !SaslPrep.TryPrepare(first.Authzid, storedString: false, out _authzid))
        {
            return SaslResult.Malformed("SCRAM user name rejected by SASLprep", "invalid-username-encoding");
        }

        _clientFirst = first;
        _credential = await _context.Credentials.GetScramCredentialAsync(_username, _algorithm, cancellationToken)
            .ConfigureAwait(false);
        if (_credential is not null && _credential.Algorithm != _algorithm)
        {
            _credential = null;
        }

        // RFC 5802 §5.1: r = client nonce + server nonce; s = salt; i = iteration count. An unknown user gets a
        // salt and count derived from the name, so the answer does not reveal whether the account exists.
        var salt = _credential?.Salt ?? FakeSalt(_username);
        var iterations = _credential?.Iterations ?? _context.ScramFakeIterations;
        _nonce = first.Nonce + _context.NewNonce();
        _serverFirst = string.Create(CultureInfo.InvariantCulture,
            $"r={_nonce},s={Convert.ToBase64String(salt)},i={iterations}");
        return SaslResult.Continue(Encoding.UTF8.GetBytes(_serverFirst));
    }

    private SaslResult? CheckChannelBindingFlag(ScramClientFirst first)
    {
        if (_plus)
        {
            // RFC 5802 §6: a client that chose -PLUS must send "p=" with a type the server supports.
            if (first.CbindFlag != 'p')
            {
                return SaslResult.Malformed($"{Name} requires the 'p' gs2 channel-binding flag");
            }

            return first.CbName == _context.ChannelBinding!.Type
                ? null
                : SaslResult.Failure(SaslErrorKind.MechanismError,
                    $"channel binding type {first.CbName} is not offered", "unsupported-channel-binding-type");
        }

        return first.CbindFlag switch
        {
            // RFC 5802 §6: "p" with a non-PLUS mechanism is a client asking for binding we are not doing.
            'p' => SaslResult.Failure(SaslErrorKind.MechanismError,
                $"{Name} is the variant without channel binding", "channel-binding-not-supported"),

            // RFC 5802 §6: "y" means the client thinks the server lacks channel binding. If PLUS was advertised,
            // someone removed it from the list on the way: a downgrade attack.
            'y' when _serverAdvertisesPlus => SaslResult.Failure(SaslErrorKind.MechanismError,
                "client says 'y' but the server advertised SCRAM-*-PLUS", "server-does-support-channel-binding"),
            _ => null,
        };
    }

    private SaslResult ClientFinal(ReadOnlySpan<byte> response)
    {
        if (!SaslText.TryDecodeUtf8(response, out var text))
        {
            return SaslResult.Malformed("SCRAM message is not UTF-8", "invalid-encoding");
        }

        var final = ScramMessages.ParseClientFinal(text, out var error);
        if (final is null)
        {
            return SaslResult.Malformed("malformed SCRAM client-final-message", error);
        }

        // RFC 5802 §5.1: the nonce must be the one the server sent, client part and server part.
        if (!string.Equals(final.Nonce, _nonce, StringComparison.Ordinal))
        {
            return SaslResult.Malformed("SCRAM nonce does not match", "other-error");
        }

        // RFC 5802 §6/§7: c = base64(gs2-header [cbind-data]), byte for byte what the client sent first.
        var expectedBinding = Encoding.UTF8.GetBytes(_clientFirst!.Gs2Header)
            .Concat(_clientFirst.CbindFlag == 'p' ? _context.ChannelBinding!.Data.ToArray() : [])
            .ToArray();
        if (!CryptographicOperations.FixedTimeEquals(final.ChannelBinding, expectedBinding))
        {
            return SaslResult.Failure(SaslErrorKind.MechanismError, "SCRAM channel bindings do not match",
                "channel-bindings-dont-match");
        }

        return VerifyProof(final);
    }

    private SaslResult VerifyProof(ScramClientFinal final)
    {
        // RFC 5802 §3: AuthMessage = client-first-message-bare "," server-first-message ","
        // client-final-message-without-proof; ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage);
        // the proof is good when H(ClientKey) = StoredKey.
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirst!.Bare},{_serverFirst},{final.WithoutProof}");
        if (_credential is null || final.Proof.Length != _credential.StoredKey.Length)
        {
            return SaslResult.Failed("SCRAM proof rejected", "invalid-proof");
        }

        var clientSignature = ScramCrypto.Hmac(_algorithm, _credential.StoredKey, authMessage);
        var clientKey = new byte[clientSignature.Length];
        for (var i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] = (byte)(final.Proof[i] ^ clientSignature[i]);
        }

        if (!CryptographicOperations.FixedTimeEquals(ScramCrypto.Hash(_algorithm, clientKey), _credential.StoredKey))
        {
            return SaslResult.Failed("SCRAM proof rejected", "invalid-proof");
        }

        // RFC 5802 §5.1: authzid, when present, must be an identity the user may act as.
        if (!SaslText.MayActAs(_username, _authzid))
        {
            return SaslResult.Failure(SaslErrorKind.AuthzidNotPermitted, $"{_username} may not act as {_authzid}",
                "other-error");
        }

        var serverSignature = ScramCrypto.Hmac(_algorithm, _credential.ServerKey, authMessage);
        return SaslResult.Success(_username, Encoding.ASCII.GetBytes($"v={Convert.ToBase64String(serverSignature)}"));
    }

    private byte[] FakeSalt(string username) =>
        HMACSHA256.HashData(_context.ScramFakeSaltKey, Encoding.UTF8.GetBytes($"{_algorithm}\0{username}"))[..16];
}
