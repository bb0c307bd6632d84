namespace Paloma.Policy;

/// <summary>A map read from a file and read again when the file changes. On lookup it compares the file's
/// modification time and size with those it last read, at most once per <c>checkInterval</c>, so the hot path
/// costs one clock read and, now and then, one stat(2). If the changed file does not parse, the previous map
/// stays in force (a bad reload never removes policy) and <see cref="LastError"/> says why; the file is tried
/// again when it changes again.</summary>
public sealed class ReloadingMap<T> : IMapSource<T> where T : class
{
    private readonly string _path;
    private readonly Func<T> _load;
    private readonly TimeSpan _checkInterval;
    private readonly TimeProvider _time;
    private readonly Lock _reloadLock = new();
    private volatile T _current;
    private volatile MapParseException? _lastError;
    private (DateTime WriteTime, long Length) _stamp;
    private long _lastCheck;

    /// <summary>Loads the file now; a parse error here is thrown, since there is no previous map to keep.
    /// <paramref name="load"/> reads <paramref name="path"/> (and any inline additions) into a map.</summary>
    public ReloadingMap(string path, Func<T> load, TimeSpan checkInterval, TimeProvider? time = null)
    {
        _path = path;
        _load = load;
        _checkInterval = checkInterval;
        _time = time ?? TimeProvider.System;
        _stamp = Stamp();
        _current = load();
        _lastCheck = _time.GetTimestamp();
    }

    public T Current
    {
        get
        {
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(Volatile.Read(ref _lastCheck), now) >= _checkInterval)
            {
                CheckForChange(now);
            }

            return _current;
        }
    }

    /// <summary>Why the most recent reload failed, or null when the current map is the file's latest
    /// content.</summary>
    public MapParseException? LastError => _lastError;

    private void CheckForChange(long now)
    {
        // One thread checks; the others keep using the current map rather than wait on the lock.
        if (!_reloadLock.TryEnter())
        {
            return;
        }

        try
        {
            Volatile.Write(ref _lastCheck, now);
            var stamp = Stamp();
            if (stamp == _stamp)
            {
                return;
            }

            _stamp = stamp;
            try
            {
                _current = _load();
                _lastError = null;
            }
            catch (MapParseException e)
            {
                _lastError = e;
            }
        }
        finally
        {
            _reloadLock.Exit();
        }
    }

    private (DateTime, long) Stamp()
    {
        var info = new FileInfo(_path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }
}
