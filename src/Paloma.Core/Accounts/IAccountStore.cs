namespace Paloma.Accounts;

/// <summary>
/// Local domains and their users. Addresses are stored lower-cased ("Alice@Example.TEST" and
/// "alice@example.test" are one account); every method normalises its input the same way.
/// </summary>
public interface IAccountStore
{
    /// <exception cref="AccountException">The domain exists already, or is not a valid domain name.</exception>
    Task AddDomainAsync(string domain, CancellationToken ct = default);

    /// <exception cref="AccountException">The domain does not exist, or still has users.</exception>
    Task RemoveDomainAsync(string domain, CancellationToken ct = default);

    Task<IReadOnlyList<string>> ListDomainsAsync(CancellationToken ct = default);

    /// <summary>A number that changes whenever a domain is added or removed, by any process: readers that keep a
    /// copy of <see cref="ListDomainsAsync"/> read the list again only when it moved.</summary>
    Task<long> GetDomainsChangeCounterAsync(CancellationToken ct = default);

    Task<bool> IsLocalDomainAsync(string domain, CancellationToken ct = default);

    /// <summary>Creates the user with the default mailboxes.</summary>
    /// <exception cref="AccountException">Unknown domain, user exists, invalid address, empty password.</exception>
    Task<Account> AddUserAsync(string address, string password, CancellationToken ct = default);

    Task SetPasswordAsync(string address, string password, CancellationToken ct = default);

    /// <summary>Removes the user, their mailboxes and messages.</summary>
    Task RemoveUserAsync(string address, CancellationToken ct = default);

    Task<IReadOnlyList<Account>> ListUsersAsync(string? domain = null, CancellationToken ct = default);

    Task<Account?> FindUserAsync(string address, CancellationToken ct = default);

    /// <summary>Checks a password; returns the account, or null for an unknown user or a wrong password.</summary>
    Task<Account?> AuthenticateAsync(string address, string password, CancellationToken ct = default);
}
