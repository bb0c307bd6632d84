using System.Text;
using MimeKit;

namespace Paloma.Sendmail;

/// <summary>
/// The header section of a message a local program submits, held as fields (each with its continuation
/// lines) so that fields can be found, added and removed before it is spooled. Bounded by the caller
/// ([limits] max_header_bytes), as the SMTP server bounds it.
/// </summary>
internal sealed class SubmittedHeader
{
    private readonly List<string> _fields = [];

    /// <summary>Octets of header text read so far, line ends included.</summary>
    public long Octets { get; private set; }

    public int Count => _fields.Count;

    /// <summary>Set when the section passed [limits] max_header_bytes: the message is refused.</summary>
    public bool TooLarge { get; set; }

    /// <summary>True when <paramref name="line"/> opens a field: a name of printable characters and a colon
    /// (RFC 5322 §2.2). Anything else ends the header section, as Sendmail treats it.</summary>
    public static bool IsFieldStart(string line)
    {
        var colon = line.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        for (var i = 0; i < colon; i++)
        {
            if (line[i] is <= ' ' or > '~')
            {
                // RFC 5322 §3.6.8 has no space in a name; a space before the colon is obsolete but seen.
                return line[i] == ' ' && line[i..colon].Trim().Length == 0 && i > 0;
            }
        }

        return true;
    }

    /// <summary>A continuation line starts with white space (RFC 5322 §2.2.3).</summary>
    public static bool IsContinuation(string line) => line.Length > 0 && line[0] is ' ' or '\t';

    public void AddLine(string line)
    {
        Octets += line.Length + 2;
        if (IsContinuation(line) && _fields.Count > 0)
        {
            _fields[^1] += "\r\n" + line;
        }
        else
        {
            _fields.Add(line);
        }
    }

    public void Prepend(string name, string value) => _fields.Insert(0, name + ": " + value);

    public void Append(string name, string value) => _fields.Add(name + ": " + value);

    public bool Has(string name) => _fields.Any(f => IsNamed(f, name));

    public void Remove(string name) => _fields.RemoveAll(f => IsNamed(f, name));

    /// <summary>The unfolded values of every field called <paramref name="name"/>.</summary>
    public IEnumerable<string> Values(string name) => _fields.Where(f => IsNamed(f, name))
        .Select(f => f[(f.IndexOf(':') + 1)..].Replace("\r\n", "").Trim());

    /// <summary>The addresses of To:, Cc: and Bcc:, groups expanded (RFC 5322 §3.6.3), for -t.</summary>
    public List<string> Recipients()
    {
        var addresses = new List<string>();
        foreach (var value in new[] { "To", "Cc", "Bcc" }.SelectMany(Values))
        {
            if (InternetAddressList.TryParse(value, out var list))
            {
                addresses.AddRange(list.Mailboxes.Select(m => m.Address));
            }
            else
            {
                // Not RFC 5322 (a bare "alice, bob" list from an old script): comma-separated words.
                addresses.AddRange(value.Split(',',
                    StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        return addresses;
    }

    /// <summary>The section as written to the spool: every field with CRLF, then the empty line.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        foreach (var field in _fields)
        {
            text.Append(field).Append("\r\n");
        }

        return text.ToString();
    }

    private static bool IsNamed(string field, string name)
    {
        var colon = field.IndexOf(':');
        return colon > 0 && field[..colon].TrimEnd().Equals(name, StringComparison.OrdinalIgnoreCase);
    }
}
