namespace Paloma.Storage;

/// <summary>The outcome of APPEND, for the UIDPLUS APPENDUID response code (RFC 4315 §3).</summary>
public sealed record AppendResult(uint UidValidity, uint Uid);
