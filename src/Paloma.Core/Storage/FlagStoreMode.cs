namespace Paloma.Storage;

/// <summary>How STORE combines the given flags with the present ones (RFC 3501 §6.4.6).</summary>
public enum FlagStoreMode
{
    Replace,
    Add,
    Remove,
}
