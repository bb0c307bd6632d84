namespace Paloma.Policy;

/// <summary>One right-hand-side item of an alias: a local name (aliased again), an address, or a "\name" local
/// user that is delivered as it is, without further aliasing (aliases(5)).</summary>
public readonly record struct AliasTarget(string Value, bool IsVerbatim)
{
    public bool IsAddress => Value.Contains('@');

    public override string ToString() => IsVerbatim ? "\\" + Value : Value;
}
