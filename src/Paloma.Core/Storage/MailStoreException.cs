namespace Paloma.Storage;

/// <summary>Why a mailbox operation was refused; protocol layers map each reason to their own reply.</summary>
public enum MailStoreError
{
    MailboxNotFound,
    MailboxExists,
    /// <summary>The name is not acceptable (empty component, "..", control characters, too long).</summary>
    InvalidName,
    /// <summary>The operation is not allowed on this mailbox (deleting INBOX, say).</summary>
    NotPermitted,
    /// <summary>The mailbox has child mailboxes and is \Noselect-able only (RFC 3501 §6.3.4).</summary>
    HasChildren,
    /// <summary>The user's storage quota would be exceeded (RFC 9208 §4.3, IMAP [OVERQUOTA], SMTP 552 5.2.2).
    /// </summary>
    OverQuota,
}

public sealed class MailStoreException(MailStoreError error, string message) : Exception(message)
{
    public MailStoreError Error { get; } = error;
}
