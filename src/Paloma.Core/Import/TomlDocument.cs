using System.Globalization;
using System.Text;

namespace Paloma.Import;

/// <summary>The paloma.toml an import writes: only the keys it set, table by table, each with the comment
/// saying where the value came from.</summary>
public sealed class TomlDocument
{
    private readonly Dictionary<string, List<(string Key, string Value, string Source)>> _tables = [];
    private readonly List<string> _order = [];

    public void Set(string table, string key, string value, string source) =>
        SetRaw(table, key, Quote(value), source);

    public void Set(string table, string key, long value, string source) =>
        SetRaw(table, key, value.ToString(CultureInfo.InvariantCulture), source);

    public void Set(string table, string key, bool value, string source) =>
        SetRaw(table, key, value ? "true" : "false", source);

    public void Set(string table, string key, IEnumerable<string> values, string source) =>
        SetRaw(table, key, "[" + string.Join(", ", values.Select(Quote)) + "]", source);

    public bool Has(string table, string key) => _tables.TryGetValue(table, out var entries)
        && entries.Any(e => e.Key == key);

    public string Format(string header)
    {
        var text = new StringBuilder(header);
        foreach (var table in _order)
        {
            text.Append('\n').Append('[').Append(table).Append("]\n");
            foreach (var (key, value, source) in _tables[table])
            {
                text.Append("# ").Append(source).Append('\n').Append(key).Append(" = ").Append(value).Append('\n');
            }
        }

        return text.ToString();
    }

    private void SetRaw(string table, string key, string value, string source)
    {
        if (!_tables.TryGetValue(table, out var entries))
        {
            entries = [];
            _tables[table] = entries;
            _order.Add(table);
        }

        // A later line of sendmail.mc overrides an earlier one, as m4 redefinition does.
        entries.RemoveAll(e => e.Key == key);
        entries.Add((key, value, source.Replace('\n', ' ')));
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
