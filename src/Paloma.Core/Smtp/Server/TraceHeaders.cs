using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Paloma.Smtp.Server;

/// <summary>The Return-Path: and Received: lines put in front of every message we accept.</summary>
internal static class TraceHeaders
{
    /// <summary>
    /// RFC 5321 §4.4: Return-Path: with the reverse-path (final delivery), then Received: with FROM (the
    /// EHLO/HELO name and the client's IP address), BY, WITH, ID, FOR (only when there is one recipient, so
    /// that Bcc recipients are not disclosed) and the date. <paramref name="reversePath"/> is null for a message
    /// that is relayed: only the final delivery adds Return-Path: (RFC 5321 §4.4).
    /// </summary>
    /// <param name="tls">The TLS version and cipher as a comment, e.g. "using TLSv1.3 with cipher X"; null
    /// without TLS.</param>
    /// <param name="clientName">The client's forward-confirmed reverse DNS name, or null: RFC 5321 §4.4
    /// TCP-info is "Domain FWS address-literal" when the name is known.</param>
    public static byte[] Build(string? reversePath, string heloName, IPAddress clientIp, string hostname,
        string protocol, string queueId, string? singleRecipient, DateTimeOffset now, string? tls = null,
        string? clientName = null)
    {
        var builder = new StringBuilder();
        if (reversePath is not null)
        {
            builder.Append(ReturnPath(reversePath));
        }

        builder.Append("Received: from ").Append(heloName).Append(" (");
        if (clientName is not null)
        {
            builder.Append(clientName).Append(' ');
        }

        builder.Append(AddressLiteral(clientIp)).Append(")\r\n");
        if (tls is not null)
        {
            builder.Append("\t(").Append(tls).Append(")\r\n");
        }

        builder.Append("\tby ").Append(hostname).Append(" (Paloma) with ").Append(protocol)
            .Append(" id ").Append(queueId);
        if (singleRecipient is not null)
        {
            builder.Append("\r\n\tfor ").Append(singleRecipient);
        }

        builder.Append(";\r\n\t").Append(FormatDate(now)).Append("\r\n");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>The Return-Path: line of final delivery (RFC 5321 §4.4).</summary>
    public static string ReturnPath(string reversePath) => "Return-Path: " + reversePath + "\r\n";

    /// <summary>RFC 5321 §4.4 and RFC 3848 WITH protocol types: ESMTP, with S for TLS and A for AUTH (ESMTPS,
    /// ESMTPA, ESMTPSA); RFC 6531 §3.7.3 "UTF8SMTP" (and UTF8SMTPS, UTF8SMTPA, UTF8SMTPSA) when the transaction
    /// used SMTPUTF8.</summary>
    public static string Protocol(bool extended, bool smtpUtf8, bool tls = false, bool authenticated = false)
    {
        if (!extended && !smtpUtf8)
        {
            return "SMTP";
        }

        return (smtpUtf8 ? "UTF8SMTP" : "ESMTP") + (tls ? "S" : "") + (authenticated ? "A" : "");
    }

    /// <summary>RFC 5321 §4.1.3 address-literal form of the client's address.</summary>
    public static string AddressLiteral(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return plain.AddressFamily == AddressFamily.InterNetworkV6 ? $"[IPv6:{plain}]" : $"[{plain}]";
    }

    /// <summary>RFC 5322 §3.3 date-time, e.g. "Tue, 1 Jul 2025 10:00:00 +0000".</summary>
    public static string FormatDate(DateTimeOffset time)
    {
        var offset = time.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return time.ToString("ddd, d MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + $"{sign}{abs.Hours:00}{abs.Minutes:00}";
    }
}
