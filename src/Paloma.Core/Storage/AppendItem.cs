namespace Paloma.Storage;

/// <summary>One message of an APPEND or MULTIAPPEND, spooled and ready for the store.</summary>
public sealed record AppendItem(SpooledMessage Message, IReadOnlyList<string> Flags, DateTimeOffset InternalDate);
