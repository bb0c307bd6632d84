namespace Paloma.Accounts;

/// <summary>An account operation that cannot be done; the message is meant for the administrator.</summary>
public class AccountException(string message) : Exception(message);

/// <summary>An address or domain given to an account command is not valid: a usage error (exit status 2).
/// </summary>
public sealed class AccountArgumentException(string message) : AccountException(message);
