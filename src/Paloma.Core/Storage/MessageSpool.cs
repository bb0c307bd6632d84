namespace Paloma.Storage;

/// <summary>
/// Creates the temporary files that incoming message data (SMTP DATA, IMAP APPEND) is streamed into,
/// so that no protocol ever holds a whole message in memory. The files live in <c>{data_dir}/tmp</c>,
/// on the same file system as the message store, so that committing one is a rename and not a copy.
/// </summary>
public sealed class MessageSpool
{
    private readonly string _directory;

    public MessageSpool(string dataDirectory)
    {
        _directory = Path.Combine(dataDirectory, "tmp");
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Opens a new, empty spool file for writing.</summary>
    public SpoolWriter Create()
    {
        var path = Path.Combine(_directory, $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 64 * 1024,
            FileOptions.Asynchronous);
        return new SpoolWriter(path, stream);
    }

    /// <summary>Removes spool files left behind by a crash; they were never acknowledged.</summary>
    public void CleanStale()
    {
        foreach (var file in Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Still in use by a live session of another process; it will clean up itself.
            }
        }
    }
}

/// <summary>
/// A spool file being written. <see cref="CompleteAsync"/> flushes it to stable storage (fsync) and hands
/// it over as a <see cref="SpooledMessage"/>; disposing without completing deletes the file.
/// </summary>
public sealed class SpoolWriter : IAsyncDisposable, IDisposable
{
    private readonly FileStream _stream;
    private bool _completed;

    internal SpoolWriter(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    public Stream Stream => _stream;

    public long Length => _stream.Length;

    public async Task<SpooledMessage> CompleteAsync(CancellationToken ct = default)
    {
        await _stream.FlushAsync(ct).ConfigureAwait(false);
        // Flush(true) is fsync(2): the data must be on disk before anyone acknowledges it.
        _stream.Flush(flushToDisk: true);
        var length = _stream.Length;
        await _stream.DisposeAsync().ConfigureAwait(false);
        _completed = true;
        return new SpooledMessage(Path, length);
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (!_completed)
        {
            TryDelete(Path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        if (!_completed)
        {
            TryDelete(Path);
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file left behind takes space but holds nothing anyone was promised; the caller's outcome
            // (a failed delivery, a discarded spool file) stands either way.
        }
    }
}

/// <summary>
/// A complete, fsynced spool file. The store takes it over by renaming it into place; if it is never
/// handed to the store, <see cref="Dispose"/> removes it.
/// </summary>
public sealed class SpooledMessage(string path, long length) : IDisposable
{
    public string Path { get; } = path;

    public long Length { get; } = length;

    /// <summary>Set by the store once the file has been moved into the message store.</summary>
    internal bool Consumed { get; set; }

    public void Dispose()
    {
        if (!Consumed)
        {
            SpoolWriter.TryDelete(Path);
        }
    }
}
