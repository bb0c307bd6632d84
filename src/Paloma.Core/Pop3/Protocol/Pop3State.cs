namespace Paloma.Pop3.Protocol;

/// <summary>The session states of RFC 1939 §3.</summary>
public enum Pop3State
{
    /// <summary>Before USER/PASS succeeded.</summary>
    Authorization,

    /// <summary>Authenticated, maildrop locked and snapshotted.</summary>
    Transaction,

    /// <summary>After QUIT in TRANSACTION: deletions are applied, then the session ends.</summary>
    Update,
}
