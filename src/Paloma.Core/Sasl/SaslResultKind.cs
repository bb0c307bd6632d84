namespace Paloma.Sasl;

public enum SaslResultKind
{
    /// <summary>Send <see cref="SaslResult.Challenge"/> and wait for the client's next response.</summary>
    Continue,

    /// <summary>The client is authenticated as <see cref="SaslResult.Username"/>.</summary>
    Success,

    /// <summary>The exchange is over and failed; see <see cref="SaslResult.Error"/>.</summary>
    Failure,
}
