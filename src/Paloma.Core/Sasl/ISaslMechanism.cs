namespace Paloma.Sasl;

/// <summary>
/// The server side of one SASL exchange (RFC 4422 §3). Create a new instance for every authentication attempt;
/// an instance is not reusable and not thread-safe.
/// </summary>
/// <remarks>
/// Bytes in and out are decoded SASL messages: base64 and the <c>*</c> cancellation belong to the protocol
/// layer (see <see cref="SaslWire"/>). Memory instead of spans because credential lookups are asynchronous.
/// </remarks>
public interface ISaslMechanism
{
    /// <summary>The registered mechanism name, such as <c>SCRAM-SHA-256</c>.</summary>
    string Name { get; }

    /// <summary>True once a Success or Failure has been returned.</summary>
    bool IsCompleted { get; }

    /// <summary>Begins the exchange.</summary>
    /// <param name="initialResponse">null when the client sent no initial response; an empty array when it
    /// sent an empty one (<c>=</c> on the wire, RFC 4954 §4 and RFC 4959 §3).</param>
    /// <param name="cancellationToken">Cancels a credential lookup.</param>
    ValueTask<SaslResult> StartAsync(byte[]? initialResponse, CancellationToken cancellationToken = default);

    /// <summary>Processes the client's answer to the last challenge.</summary>
    ValueTask<SaslResult> StepAsync(ReadOnlyMemory<byte> response, CancellationToken cancellationToken = default);
}
