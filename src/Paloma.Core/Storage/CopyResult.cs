namespace Paloma.Storage;

/// <summary>The outcome of COPY or MOVE, for the UIDPLUS COPYUID response code (RFC 4315 §3).</summary>
/// <param name="TargetUidValidity">UIDVALIDITY of the target mailbox.</param>
/// <param name="Pairs">Each source UID with the UID it received in the target, in source UID order.</param>
public sealed record CopyResult(uint TargetUidValidity, IReadOnlyList<(uint SourceUid, uint TargetUid)> Pairs);
