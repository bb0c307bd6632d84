using Paloma.Tests.Support;

namespace Paloma.Tests.Cli;

/// <summary>The account commands, run as the real program against a data directory.</summary>
public sealed class AccountCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("paloma-cli-").FullName;

    [Fact]
    public async Task DomainAndUserLifecycle()
    {
        Assert.Equal(0, (await Run(null, "domain", "add", "Example.TEST")).ExitCode);
        var duplicate = await Run(null, "domain", "add", "example.test");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("already exists", duplicate.Stderr);

        Assert.Equal(0, (await Run("first-pass\n", "user", "add", "Alice@example.test", "--password-stdin")).ExitCode);
        var users = await Run(null, "user", "list");
        Assert.Equal("alice@example.test", users.Stdout.Trim());

        var unknownDomain = await Run("pw\n", "user", "add", "bob@elsewhere.test", "--password-stdin");
        Assert.Equal(1, unknownDomain.ExitCode);
        Assert.Contains("not a local domain", unknownDomain.Stderr);

        var busy = await Run(null, "domain", "del", "example.test");
        Assert.Equal(1, busy.ExitCode);
        Assert.Contains("still has users", busy.Stderr);

        Assert.Equal(0, (await Run("second-pass\n", "user", "passwd", "alice@example.test", "--password-stdin"))
            .ExitCode);
        Assert.Equal(0, (await Run(null, "user", "del", "alice@example.test")).ExitCode);
        Assert.Equal("", (await Run(null, "user", "list")).Stdout.Trim());
        Assert.Equal(0, (await Run(null, "domain", "del", "example.test")).ExitCode);
        Assert.Equal("", (await Run(null, "domain", "list")).Stdout.Trim());
    }

    [Fact]
    public async Task PasswordIsCheckedAfterPasswd()
    {
        await Run(null, "domain", "add", "example.test");
        await Run("old-pass\n", "user", "add", "carol@example.test", "--password-stdin");
        await Run("new-pass\n", "user", "passwd", "carol@example.test", "--password-stdin");

        var config = new Paloma.Config.PalomaConfig();
        config.Server.DataDir = Path.Combine(_dir, "paloma-data");
        using var db = Paloma.Storage.SqliteDatabase.Open(config.DataDirectory);
        var accounts = new Paloma.Accounts.SqliteAccountStore(db,
            new Paloma.Storage.SqliteMailStore(db, config.DataDirectory));
        Assert.Null(await accounts.AuthenticateAsync("carol@example.test", "old-pass"));
        Assert.NotNull(await accounts.AuthenticateAsync("CAROL@example.test", "new-pass"));
    }

    [Fact]
    public async Task MissingPasswordWithoutTerminalIsAUsageError()
    {
        await Run(null, "domain", "add", "example.test");
        var result = await Run("", "user", "add", "dave@example.test");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--password-stdin", result.Stderr);
    }

    [Theory]
    [InlineData("domain", "bad domain")]
    [InlineData("user", "no-at-sign")]
    [InlineData("user", "a..b@example.test")]
    public async Task InvalidAddressOrDomainIsAUsageError(string noun, string argument)
    {
        await Run(null, "domain", "add", "example.test");
        var result = noun == "user"
            ? await Run("pw\n", "user", "add", argument, "--password-stdin")
            : await Run(null, "domain", "add", argument);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(argument, result.Stderr);
    }

    [Fact]
    public async Task ListingUsersOfAnUnknownDomainSaysSo()
    {
        var result = await Run(null, "user", "list", "nowhere.test");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nowhere.test does not exist", result.Stderr);
    }

    [Fact]
    public async Task UnknownCommandIsAUsageError()
    {
        var result = await Run(null, "frobnicate");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("frobnicate", result.Stderr);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Run(string? stdin, params string[] args) =>
        PalomaProcess.RunAsync(_dir, stdin, args);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
