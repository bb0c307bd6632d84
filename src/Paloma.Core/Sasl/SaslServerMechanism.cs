namespace Paloma.Sasl;

/// <summary>
/// Shared bookkeeping for the mechanisms: the exchange starts once, steps only follow a Continue, and nothing
/// is accepted after Success or Failure, so a protocol layer bug cannot restart a half-finished exchange.
/// </summary>
public abstract class SaslServerMechanism : ISaslMechanism
{
    private bool _started;

    public abstract string Name { get; }

    public bool IsCompleted { get; private set; }

    public async ValueTask<SaslResult> StartAsync(byte[]? initialResponse,
        CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            return SaslResult.Failure(SaslErrorKind.MechanismError, $"{Name}: exchange already started");
        }

        _started = true;
        return Complete(await StartCoreAsync(initialResponse, cancellationToken).ConfigureAwait(false));
    }

    public async ValueTask<SaslResult> StepAsync(ReadOnlyMemory<byte> response,
        CancellationToken cancellationToken = default)
    {
        if (!_started || IsCompleted)
        {
            IsCompleted = true;
            return SaslResult.Failure(SaslErrorKind.MechanismError, $"{Name}: no challenge is outstanding");
        }

        return Complete(await StepCoreAsync(response, cancellationToken).ConfigureAwait(false));
    }

    protected abstract ValueTask<SaslResult> StartCoreAsync(byte[]? initialResponse,
        CancellationToken cancellationToken);

    protected abstract ValueTask<SaslResult> StepCoreAsync(ReadOnlyMemory<byte> response,
        CancellationToken cancellationToken);

    private SaslResult Complete(SaslResult result)
    {
        if (!result.IsContinue)
        {
            IsCompleted = true;
        }

        return result;
    }
}
