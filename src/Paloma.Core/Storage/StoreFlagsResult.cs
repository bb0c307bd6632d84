namespace Paloma.Storage;

/// <summary>The outcome of a conditional flag change (RFC 7162 §3.1.3 UNCHANGEDSINCE).</summary>
/// <param name="Changed">Messages whose flags changed, with their new MODSEQ.</param>
/// <param name="Modified">UIDs left alone because their MODSEQ was above the UNCHANGEDSINCE value.</param>
public sealed record StoreFlagsResult(IReadOnlyList<MessageInfo> Changed, IReadOnlyList<uint> Modified);
