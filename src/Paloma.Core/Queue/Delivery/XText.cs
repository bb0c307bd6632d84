using System.Text;

namespace Paloma.Queue.Delivery;

/// <summary>RFC 3461 §4: xtext, the encoding of ENVID and ORCPT values.</summary>
public static class XText
{
    public static string Encode(string value)
    {
        var s = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= 33 and <= 126 and not (byte)'+' and not (byte)'=')
            {
                s.Append((char)b);
            }
            else
            {
                s.Append('+').Append(b.ToString("X2"));
            }
        }

        return s.ToString();
    }
}
