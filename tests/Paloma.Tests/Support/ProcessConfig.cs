namespace Paloma.Tests.Support;

/// <summary>
/// The paloma.toml that tests running the real program start from: SMTP on 127.0.0.1 with a port the system
/// picks and every other listener off (their defaults are fixed ports another server may hold), data in
/// <c>data</c> beside the file, and unresolvable sender domains accepted (a test machine has no DNS).
/// </summary>
public static class ProcessConfig
{
    /// <summary>Writes <c>paloma.toml</c> into <paramref name="directory"/> with <paramref name="extra"/> tables
    /// appended; returns its path.</summary>
    public static async Task<string> WriteAsync(string directory, string hostname = "mx.example.com",
        string extra = "")
    {
        var path = Path.Combine(directory, "paloma.toml");
        await File.WriteAllTextAsync(path, $"""
            [server]
            hostname = "{hostname}"
            data_dir = "data"
            [listen]
            smtp = ["127.0.0.1:0"]
            imap = []
            pop3 = []
            submission = []
            submissions = []
            imaps = []
            pop3s = []
            [smtp]
            accept_unresolvable_domains = true

            """ + extra);
        return path;
    }
}
