namespace Paloma.Sasl;

/// <summary>PLAIN, RFC 4616: <c>[authzid] NUL authcid NUL passwd</c> in one client message.</summary>
/// <remarks>The registry only offers it over TLS unless configured otherwise (RFC 4616 §6).</remarks>
public sealed class PlainMechanism(SaslContext context) : SaslServerMechanism
{
    public const string MechanismName = "PLAIN";

    public override string Name => MechanismName;

    protected override ValueTask<SaslResult> StartCoreAsync(byte[]? initialResponse,
        CancellationToken cancellationToken)
    {
        // RFC 4616 §2: the client sends first; without an initial response the server's challenge is empty.
        return initialResponse is null
            ? ValueTask.FromResult(SaslResult.Continue([]))
            : VerifyAsync(initialResponse, cancellationToken);
    }

    protected override ValueTask<SaslResult> StepCoreAsync(ReadOnlyMemory<byte> response,
        CancellationToken cancellationToken) => VerifyAsync(response, cancellationToken);

    private async ValueTask<SaslResult> VerifyAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var span = message.Span;
        var first = span.IndexOf((byte)0);
        var second = first < 0 ? -1 : span[(first + 1)..].IndexOf((byte)0);
        if (first < 0 || second < 0 || span[(first + second + 2)..].IndexOf((byte)0) >= 0)
        {
            // RFC 4616 §2: exactly two NUL separators; NUL is excluded from every field.
            return SaslResult.Malformed("PLAIN message must have exactly two NUL separators");
        }

        second += first + 1;
        if (!SaslText.TryDecodeUtf8(span[..first], out var authzid)
            || !SaslText.TryDecodeUtf8(span[(first + 1)..second], out var authcid)
            || !SaslText.TryDecodeUtf8(span[(second + 1)..], out var password))
        {
            return SaslResult.Malformed("PLAIN fields must be UTF-8 (RFC 4616 §2)");
        }

        // RFC 4616 §2: authcid and passwd are 1*SAFE. An empty authcid is never replaced by the authzid (C22).
        if (authcid.Length == 0 || password.Length == 0)
        {
            return SaslResult.Malformed("PLAIN authcid and passwd must not be empty");
        }

        // RFC 4616 §2: authcid and passwd are prepared with SASLprep (RFC 4013) before comparison.
        if (!SaslPrep.TryPrepare(authcid, storedString: false, out var preparedAuthcid)
            || !SaslPrep.TryPrepare(password, storedString: false, out var preparedPassword)
            || !SaslPrep.TryPrepare(authzid, storedString: false, out var preparedAuthzid))
        {
            return SaslResult.Malformed("PLAIN field rejected by SASLprep");
        }

        if (!await context.Credentials.VerifyPasswordAsync(preparedAuthcid, preparedPassword, cancellationToken)
                .ConfigureAwait(false))
        {
            return SaslResult.Failed();
        }

        // RFC 4616 §2: an empty authzid means "act as authcid"; any other must be one authcid may act as.
        if (!SaslText.MayActAs(preparedAuthcid, preparedAuthzid))
        {
            return SaslResult.Failure(SaslErrorKind.AuthzidNotPermitted,
                $"{preparedAuthcid} may not act as {preparedAuthzid}");
        }

        return SaslResult.Success(preparedAuthcid);
    }
}
