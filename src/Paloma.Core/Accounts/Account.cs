namespace Paloma.Accounts;

/// <summary>A mail user: an address that owns mailboxes and can log in. Not a system user.</summary>
public sealed record Account(long Id, string Address, DateTimeOffset Created);
