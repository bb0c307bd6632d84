using System.Globalization;

namespace Paloma.Import;

/// <summary>
/// What an interrupted Maildir import had done, one file per source folder in
/// {data_dir}/import/{key}/: "? name size ticks" before a message is appended, "+ name" after its commit. On a
/// rerun, a name with "+" is skipped; a name with only "?" was being appended when the import stopped, and
/// counts as done if the folder's last message has exactly that size and date (the commit happened), so a
/// rerun neither loses nor duplicates it.
/// </summary>
internal sealed class MaildirImportState : IDisposable
{
    private readonly StreamWriter _writer;

    private MaildirImportState(HashSet<string> done, (string Name, long Size, long Ticks)? pending, StreamWriter writer)
    {
        Done = done;
        Pending = pending;
        _writer = writer;
    }

    public HashSet<string> Done { get; }

    /// <summary>The message that was being appended when the last run stopped, if any.</summary>
    public (string Name, long Size, long Ticks)? Pending { get; }

    public static MaildirImportState Open(string path)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        (string, long, long)? pending = null;
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                var parts = line.Split(' ');
                if (parts[0] == "+" && parts.Length == 2)
                {
                    done.Add(parts[1]);
                    pending = null;
                }
                else if (parts[0] == "?" && parts.Length == 4)
                {
                    pending = (parts[1], long.Parse(parts[2], CultureInfo.InvariantCulture),
                        long.Parse(parts[3], CultureInfo.InvariantCulture));
                }
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
        return new MaildirImportState(done, pending, writer);
    }

    public void Begin(string name, long size, DateTimeOffset date) =>
        Write($"? {name} {size.ToString(CultureInfo.InvariantCulture)} "
            + date.UtcTicks.ToString(CultureInfo.InvariantCulture));

    public void Commit(string name)
    {
        Done.Add(name);
        Write("+ " + name);
    }

    private void Write(string line)
    {
        _writer.Write(line + "\n");
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
