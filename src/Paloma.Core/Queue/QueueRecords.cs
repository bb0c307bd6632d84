namespace Paloma.Queue;

/// <summary>The state of one recipient of a queued message.</summary>
public enum RecipientStatus
{
    Pending,
    Delivered,
    Relayed,
    Failed,
}

/// <summary>A queued message as stored: envelope, file and bookkeeping.</summary>
public sealed record QueuedMessage(
    string Id,
    string Path,
    long Size,
    string ReversePath,
    string? EnvelopeId,
    DsnReturn Return,
    bool EightBitMime,
    bool SmtpUtf8,
    DateTimeOffset Arrival,
    bool DelayNotified);

/// <summary>A recipient of a queued message as stored.</summary>
public sealed record QueuedRecipient(
    long Id,
    string MessageId,
    string Address,
    string? OriginalRecipient,
    DsnNotify Notify,
    RecipientStatus Status,
    int Attempts,
    string? LastReply,
    string? RemoteMta,
    DateTimeOffset NextAttempt,
    bool Reported)
{
    public string Domain => Address[(Address.LastIndexOf('@') + 1)..].ToLowerInvariant();

    /// <summary>RFC 3461 §4.1: NOTIFY absent lets the MTA choose; we choose FAILURE,DELAY.</summary>
    public bool Wants(DsnNotify kind) =>
        Notify == DsnNotify.Unspecified ? kind is DsnNotify.Failure or DsnNotify.Delay : Notify.HasFlag(kind);
}

/// <summary>A message with the recipients a pass works on.</summary>
public sealed record QueueEntry(QueuedMessage Message, IReadOnlyList<QueuedRecipient> Recipients);
