using System.Security.Cryptography;
using System.Text;
using Paloma.Accounts;
using Paloma.Storage;

namespace Paloma.Import;

/// <summary>
/// <c>paloma import maildir DIR --user ADDRESS</c>: copies a Maildir or Maildir++ tree into a user's mailboxes
/// (DIR itself is INBOX, ".Work.Projects" is Work/Projects), with flags from the file names and the internal
/// date from the file's modification time (Dovecot and Courier keep INTERNALDATE there). Each file is
/// streamed into the spool with LF turned into CRLF and appended on its own, so memory does not grow with
/// the tree; <see cref="MaildirImportState"/> makes a rerun after an interruption skip what is done.
/// </summary>
public sealed class MaildirImporter(IAccountStore accounts, IMailStore store, string dataDirectory)
{
    private const int CopyBufferOctets = 64 * 1024;

    public async Task<MaildirImportResult> ImportAsync(string root, string user, TextWriter progress,
        CancellationToken ct)
    {
        var account = await accounts.FindUserAsync(user, ct).ConfigureAwait(false)
            ?? throw new AccountException($"no such user {user}");
        await store.EnsureDefaultMailboxesAsync(account.Id, ct).ConfigureAwait(false);
        var stateDirectory = Path.Combine(dataDirectory, "import", StateKey(root, account.Address));
        var result = new MaildirImportResult();
        foreach (var (folder, mailbox) in Folders(root))
        {
            var info = await store.GetMailboxAsync(account.Id, mailbox, ct).ConfigureAwait(false)
                ?? await store.CreateMailboxAsync(account.Id, mailbox, null, ct).ConfigureAwait(false);
            var statePath = Path.Combine(stateDirectory, (mailbox == "INBOX" ? "INBOX" : Path.GetFileName(folder))
                + ".state");
            using var state = MaildirImportState.Open(statePath);
            await SettlePendingAsync(state, info.Id, ct).ConfigureAwait(false);
            var before = result.Imported;
            foreach (var sub in new[] { "cur", "new" })
            {
                var directory = Path.Combine(folder, sub);
                if (!Directory.Exists(directory))
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(directory))
                {
                    var name = Path.GetFileName(file);
                    if (state.Done.Contains(MaildirFlags.UniqueName(name)))
                    {
                        result.Skipped++;
                        continue;
                    }

                    await ImportFileAsync(file, name, info.Id, state, ct).ConfigureAwait(false);
                    result.Imported++;
                }
            }

            result.Folders++;
            await progress.WriteLineAsync($"{mailbox}: {result.Imported - before} message(s) imported")
                .ConfigureAwait(false);
        }

        return result;
    }

    private async Task ImportFileAsync(string file, string name, long mailboxId, MaildirImportState state,
        CancellationToken ct)
    {
        var unique = MaildirFlags.UniqueName(name);
        var date = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
        await using var spool = store.Spool.Create();
        await using (var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read,
                         CopyBufferOctets, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            await CopyWithCrlfAsync(source, spool.Stream, ct).ConfigureAwait(false);
        }

        using var spooled = await spool.CompleteAsync(ct).ConfigureAwait(false);
        state.Begin(unique, spooled.Length, date);
        await store.AppendAsync(mailboxId, spooled, MaildirFlags.FromFileName(name), date, ct).ConfigureAwait(false);
        state.Commit(unique);
    }

    /// <summary>A message whose append may or may not have committed before the last run stopped: done if the
    /// mailbox's newest message is that one.</summary>
    private async Task SettlePendingAsync(MaildirImportState state, long mailboxId, CancellationToken ct)
    {
        if (state.Pending is not { } pending || state.Done.Contains(pending.Name))
        {
            return;
        }

        var messages = await store.GetMessagesAsync(mailboxId, ct).ConfigureAwait(false);
        if (messages.Count > 0 && messages[^1].Size == pending.Size
            && messages[^1].InternalDate.UtcTicks / TimeSpan.TicksPerSecond == pending.Ticks / TimeSpan.TicksPerSecond)
        {
            state.Commit(pending.Name);
        }
    }

    /// <summary>Maildir files end lines with LF; IMAP messages with CRLF (RFC 5322 §2.1). A CR already before
    /// an LF is kept as it is.</summary>
    private static async Task CopyWithCrlfAsync(Stream source, Stream target, CancellationToken ct)
    {
        var input = new byte[CopyBufferOctets];
        var output = new byte[CopyBufferOctets * 2];
        var previous = (byte)0;
        int read;
        while ((read = await source.ReadAsync(input, ct).ConfigureAwait(false)) > 0)
        {
            var length = 0;
            for (var i = 0; i < read; i++)
            {
                var b = input[i];
                if (b == '\n' && previous != '\r')
                {
                    output[length++] = (byte)'\r';
                }

                output[length++] = b;
                previous = b;
            }

            await target.WriteAsync(output.AsMemory(0, length), ct).ConfigureAwait(false);
        }
    }

    /// <summary>DIR is INBOX; each Maildir++ folder ".A.B" directly under it is A/B.</summary>
    private static IEnumerable<(string Path, string Mailbox)> Folders(string root)
    {
        yield return (root, "INBOX");
        foreach (var directory in Directory.EnumerateDirectories(root, ".*").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            if (name.Length > 1 && Directory.Exists(Path.Combine(directory, "cur")))
            {
                yield return (directory, name[1..].Replace('.', '/'));
            }
        }
    }

    private static string StateKey(string root, string user) => Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(root) + "\n" + user)))[..16];
}

/// <summary>Counts of one import run.</summary>
public sealed class MaildirImportResult
{
    public int Imported { get; set; }

    public int Skipped { get; set; }

    public int Folders { get; set; }
}
