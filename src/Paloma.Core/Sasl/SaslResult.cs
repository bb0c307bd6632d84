namespace Paloma.Sasl;

/// <summary>
/// The outcome of one step of an exchange.
/// </summary>
/// <remarks>
/// <see cref="ServerData"/> is RFC 4422 §3.6 "additional data with success" (SCRAM's <c>v=</c>, DIGEST-MD5's
/// <c>rspauth=</c>). SMTP (RFC 4954), IMAP4rev1 and POP3 (RFC 5034) cannot carry it on the success reply, so
/// there the protocol layer sends it as one more challenge, waits for the client's empty response (or
/// <c>*</c>, which cancels) and only then reports success.
/// </remarks>
public sealed class SaslResult
{
    private SaslResult(SaslResultKind kind, byte[]? challenge, string? username, byte[]? serverData,
        SaslError? error)
    {
        Kind = kind;
        Challenge = challenge ?? [];
        Username = username;
        ServerData = serverData;
        Error = error;
    }

    public SaslResultKind Kind { get; }

    /// <summary>The challenge to send (raw bytes; the protocol layer base64-encodes). Empty unless
    /// <see cref="Kind"/> is <see cref="SaslResultKind.Continue"/>.</summary>
    public byte[] Challenge { get; }

    /// <summary>The authenticated identity (after SASLprep) when <see cref="Kind"/> is Success.</summary>
    public string? Username { get; }

    /// <summary>Optional final server data on success; see the remarks on the class.</summary>
    public byte[]? ServerData { get; }

    public SaslError? Error { get; }

    public bool IsContinue => Kind == SaslResultKind.Continue;

    public bool IsSuccess => Kind == SaslResultKind.Success;

    public bool IsFailure => Kind == SaslResultKind.Failure;

    public static SaslResult Continue(byte[] challenge) =>
        new(SaslResultKind.Continue, challenge, null, null, null);

    public static SaslResult Success(string username, byte[]? serverData = null) =>
        new(SaslResultKind.Success, null, username, serverData, null);

    public static SaslResult Failure(SaslErrorKind kind, string message, string? scramError = null) =>
        new(SaslResultKind.Failure, null, null, null, new SaslError(kind, message, scramError));

    public static SaslResult Malformed(string message, string? scramError = null) =>
        Failure(SaslErrorKind.MalformedResponse, message, scramError);

    public static SaslResult Failed(string message = "authentication failed", string? scramError = null) =>
        Failure(SaslErrorKind.AuthenticationFailed, message, scramError);

    public override string ToString() => Kind switch
    {
        SaslResultKind.Continue => $"Continue({Challenge.Length} octets)",
        SaslResultKind.Success => $"Success({Username})",
        _ => $"Failure({Error!.Kind}: {Error.Message})",
    };
}
