using System.Text;

namespace Paloma.Sasl;

/// <summary>
/// LOGIN (draft-murchison-sasl-login): the server prompts "Username:" then "Password:"; each answer is one
/// client message. An initial response is the user name, so the first challenge is then the password prompt.
/// </summary>
public sealed class LoginMechanism(SaslContext context) : SaslServerMechanism
{
    public const string MechanismName = "LOGIN";

    // draft-murchison-sasl-login §2: the prompts clients expect, verbatim.
    private static readonly byte[] s_usernamePrompt = Encoding.ASCII.GetBytes("Username:");
    private static readonly byte[] s_passwordPrompt = Encoding.ASCII.GetBytes("Password:");

    private string? _username;

    public override string Name => MechanismName;

    protected override ValueTask<SaslResult> StartCoreAsync(byte[]? initialResponse,
        CancellationToken cancellationToken)
    {
        return ValueTask.FromResult(initialResponse is null
            ? SaslResult.Continue(s_usernamePrompt)
            : AcceptUsername(initialResponse));
    }

    protected override ValueTask<SaslResult> StepCoreAsync(ReadOnlyMemory<byte> response,
        CancellationToken cancellationToken)
    {
        return _username is null
            ? ValueTask.FromResult(AcceptUsername(response.Span))
            : VerifyAsync(_username, response, cancellationToken);
    }

    private SaslResult AcceptUsername(ReadOnlySpan<byte> response)
    {
        if (response.IsEmpty || response.IndexOf((byte)0) >= 0 || !SaslText.TryDecodeUtf8(response, out var name))
        {
            return SaslResult.Malformed("LOGIN user name must be non-empty UTF-8 without NUL");
        }

        if (!SaslPrep.TryPrepare(name, storedString: false, out var prepared))
        {
            return SaslResult.Malformed("LOGIN user name rejected by SASLprep");
        }

        _username = prepared;
        return SaslResult.Continue(s_passwordPrompt);
    }

    private async ValueTask<SaslResult> VerifyAsync(string username, ReadOnlyMemory<byte> response,
        CancellationToken cancellationToken)
    {
        if (response.IsEmpty || response.Span.IndexOf((byte)0) >= 0
            || !SaslText.TryDecodeUtf8(response.Span, out var password))
        {
            return SaslResult.Malformed("LOGIN password must be non-empty UTF-8 without NUL");
        }

        if (!SaslPrep.TryPrepare(password, storedString: false, out var prepared))
        {
            return SaslResult.Malformed("LOGIN password rejected by SASLprep");
        }

        return await context.Credentials.VerifyPasswordAsync(username, prepared, cancellationToken)
            .ConfigureAwait(false)
            ? SaslResult.Success(username)
            : SaslResult.Failed();
    }
}
