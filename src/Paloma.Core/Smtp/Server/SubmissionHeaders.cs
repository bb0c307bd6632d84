using System.Buffers;

namespace Paloma.Smtp.Server;

/// <summary>Finds Date: and Message-ID: in a spooled message's header section (RFC 5322 §3.6), for the
/// submission rules of RFC 6409 §8.</summary>
internal static class SubmissionHeaders
{
    /// <summary>Reads header lines from the stream's position until the empty line that ends the section, the
    /// end of the data, or <paramref name="limit"/> octets.</summary>
    public static async Task<(bool HasDate, bool HasMessageId)> ScanAsync(Stream stream, int limit,
        CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(limit);
        try
        {
            var length = 0;
            while (length < limit)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length, limit - length), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return Scan(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Copies exactly <paramref name="count"/> octets.</summary>
    public static async Task CopyAsync(Stream source, Stream target, int count, CancellationToken ct)
    {
        var buffer = new byte[count];
        await source.ReadExactlyAsync(buffer, ct).ConfigureAwait(false);
        await target.WriteAsync(buffer, ct).ConfigureAwait(false);
    }

    internal static (bool HasDate, bool HasMessageId) Scan(ReadOnlySpan<byte> header)
    {
        bool date = false, messageId = false;
        while (header.Length > 0)
        {
            var lf = header.IndexOf((byte)'\n');
            var line = lf < 0 ? header : header[..lf];
            header = lf < 0 ? [] : header[(lf + 1)..];
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.Length == 0)
            {
                break;
            }

            // RFC 5322 §2.2: field-name ":" — continuation lines start with white space and are skipped.
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t')
            {
                continue;
            }

            var name = line[..colon].TrimEnd((byte)' ');
            date |= System.Text.Ascii.EqualsIgnoreCase(name, "Date"u8);
            messageId |= System.Text.Ascii.EqualsIgnoreCase(name, "Message-ID"u8);
        }

        return (date, messageId);
    }
}
