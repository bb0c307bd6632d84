namespace Paloma.Storage;

/// <summary>A user's storage quota (RFC 9208 §5.1 STORAGE): octets in use and the limit, null when unlimited.
/// </summary>
public sealed record QuotaUsage(long UsedBytes, long? LimitBytes)
{
    /// <summary>True when <paramref name="extraBytes"/> more still fit under the limit.</summary>
    public bool Allows(long extraBytes) => LimitBytes is not { } limit || UsedBytes + extraBytes <= limit;
}
