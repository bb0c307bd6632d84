namespace Paloma.Policy;

/// <summary>Where a policy component gets the current version of a map: a fixed value, or a
/// <see cref="ReloadingMap{T}"/> that re-reads its file when it changes.</summary>
public interface IMapSource<out T>
{
    T Current { get; }
}

/// <summary>Helpers for map sources.</summary>
public static class MapSource
{
    /// <summary>A source that always gives the same map (inline configuration only, or tests).</summary>
    public static IMapSource<T> Fixed<T>(T map) => new FixedSource<T>(map);

    private sealed class FixedSource<T>(T map) : IMapSource<T>
    {
        public T Current => map;
    }
}
