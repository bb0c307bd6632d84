using System.Text;

namespace Paloma.Tests.Imap.SyncClients;

/// <summary>
/// The client side of a sync test: a Maildir tree as the sync programs leave it, read as (Message-ID, flags)
/// per folder, and the changes a local mail reader makes between syncs. Flags are the Maildir info letters after
/// ":2," (D draft, F flagged, R replied, S seen, T trashed), which map one to one to IMAP system flags.
/// </summary>
public static class MaildirFolder
{
    private static readonly (char Letter, string Flag)[] s_letters =
        [('D', @"\Draft"), ('F', @"\Flagged"), ('R', @"\Answered"), ('S', @"\Seen"), ('T', @"\Deleted")];

    public static string Letters(IEnumerable<string> flags)
    {
        var set = flags.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new string(s_letters.Where(l => set.Contains(l.Flag)).Select(l => l.Letter).ToArray());
    }

    /// <summary>Folder name → sorted "Message-ID flags" lines, for the folders given by name and directory.
    /// </summary>
    public static SortedDictionary<string, List<string>> Snapshot(IReadOnlyDictionary<string, string> folders)
    {
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, directory) in folders)
        {
            var lines = Messages(directory).Select(m => m.Id + " " + FlagsOf(m.Path)).Order(StringComparer.Ordinal)
                .ToList();
            if (lines.Count > 0)
            {
                result[name] = lines;
            }
        }

        return result;
    }

    /// <summary>Every folder under <paramref name="root"/> (a directory with cur/), named by its relative path.
    /// </summary>
    public static Dictionary<string, string> FoldersUnder(string root) =>
        Directory.EnumerateDirectories(root, "cur", SearchOption.AllDirectories)
            .Select(cur => Path.GetDirectoryName(cur)!)
            .Where(dir => dir != root)
            .ToDictionary(dir => Path.GetRelativePath(root, dir).Replace(Path.DirectorySeparatorChar, '/'));

    /// <summary>What a local reader does: deletes 20 INBOX messages, flags 20, marks 7 unread, files a new
    /// message in Work and creates a top-level folder with one. (A new nested local folder needs its parent to be
    /// a Maildir folder too for offlineimap; nesting is covered by the server's Work/Projects and Remote/New.)
    /// </summary>
    public static void ChangeLocally(string inbox, string work, string newFolder)
    {
        foreach (var (id, path) in Messages(inbox))
        {
            var number = SyncAccount.Number(id);
            if (number % 50 == 1)
            {
                File.Delete(path);
            }
            else if (number % 50 == 2)
            {
                SetFlags(path, FlagsOf(path) + "F");
            }
            else if (number % 50 == 3 && FlagsOf(path).Contains('S'))
            {
                SetFlags(path, FlagsOf(path).Replace("S", "", StringComparison.Ordinal));
            }
        }

        Deliver(work, "<local-1@sync>");
        foreach (var sub in (string[])["cur", "new", "tmp"])
        {
            Directory.CreateDirectory(Path.Combine(newFolder, sub));
        }

        Deliver(newFolder, "<local-2@sync>");
    }

    private static void Deliver(string folder, string messageId)
    {
        var name = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Guid.NewGuid():N}.paloma-test";
        File.WriteAllText(Path.Combine(folder, "new", name),
            $"From: me@example.com\r\nTo: alice@example.com\r\nSubject: local\r\nMessage-ID: {messageId}\r\n\r\nx\r\n");
    }

    private static void SetFlags(string path, string letters)
    {
        var sorted = new string(letters.Distinct().Order().ToArray());
        var name = Path.GetFileName(path);
        var colon = name.IndexOf(":2,", StringComparison.Ordinal);
        var bare = colon >= 0 ? name[..colon] : name;
        var cur = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(path)!)!, "cur");
        File.Move(path, Path.Combine(cur, bare + ":2," + sorted));
    }

    private static string FlagsOf(string path)
    {
        var name = Path.GetFileName(path);
        var colon = name.IndexOf(":2,", StringComparison.Ordinal);
        return colon < 0 ? "" : new string(name[(colon + 3)..].Where(char.IsAsciiLetterUpper).Order().ToArray());
    }

    private static IEnumerable<(string Id, string Path)> Messages(string folder) =>
        ((string[])["cur", "new"]).Select(sub => Path.Combine(folder, sub)).Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Select(path =>
            {
                using var reader = new StreamReader(path, Encoding.Latin1);
                return (MessageId(reader), path);
            })
            .ToList();

    /// <summary>The Message-ID header's value, read from the header section only.</summary>
    public static string MessageId(TextReader reader)
    {
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            if (line.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
            {
                return line["Message-ID:".Length..].Trim();
            }
        }

        return "";
    }
}
