namespace Paloma.Sasl;

/// <summary>
/// EXTERNAL, RFC 4422 Appendix A: the identity comes from the TLS client certificate; the client's only message
/// is the authorization identity it wants, empty to act as itself.
/// </summary>
public sealed class ExternalMechanism(SaslContext context) : SaslServerMechanism
{
    public const string MechanismName = "EXTERNAL";

    public override string Name => MechanismName;

    protected override ValueTask<SaslResult> StartCoreAsync(byte[]? initialResponse,
        CancellationToken cancellationToken)
    {
        // RFC 4422 A.1: the client sends first; without an initial response the server's challenge is empty.
        return initialResponse is null
            ? ValueTask.FromResult(SaslResult.Continue([]))
            : AuthorizeAsync(initialResponse, cancellationToken);
    }

    protected override ValueTask<SaslResult> StepCoreAsync(ReadOnlyMemory<byte> response,
        CancellationToken cancellationToken) => AuthorizeAsync(response, cancellationToken);

    private async ValueTask<SaslResult> AuthorizeAsync(ReadOnlyMemory<byte> message,
        CancellationToken cancellationToken)
    {
        // RFC 4422 A.1: message = [authz-id], UTF-8, and NUL is excluded.
        if (message.Span.IndexOf((byte)0) >= 0 || !SaslText.TryDecodeUtf8(message.Span, out var authzid))
        {
            return SaslResult.Malformed("EXTERNAL authorization identity must be UTF-8 without NUL");
        }

        if (context.ClientCertificate is null)
        {
            return SaslResult.Failed("EXTERNAL needs a TLS client certificate");
        }

        var account = await context.Credentials.MapCertificateAsync(context.ClientCertificate, cancellationToken)
            .ConfigureAwait(false);
        if (account is null)
        {
            return SaslResult.Failed("client certificate is not mapped to an account");
        }

        // RFC 4422 A.1: an empty authz-id means the identity derived from the certificate; any other must be
        // one that identity may act as.
        return SaslText.MayActAs(account, authzid)
            ? SaslResult.Success(account)
            : SaslResult.Failure(SaslErrorKind.AuthzidNotPermitted, $"{account} may not act as {authzid}");
    }
}
