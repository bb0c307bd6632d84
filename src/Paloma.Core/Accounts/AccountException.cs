namespace Paloma.Accounts;

/// <summary>An account operation that cannot be done; the message is meant for the administrator.</summary>
public sealed class AccountException(string message) : Exception(message);
