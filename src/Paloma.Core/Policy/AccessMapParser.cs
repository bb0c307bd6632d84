using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Paloma.Policy;

/// <summary>One parsed access entry before the map is built: the normalised key, and for network keys the
/// address and prefix length.</summary>
internal sealed record ParsedAccessEntry(AccessEntry Entry, string NormalizedKey, IPAddress? Network, int PrefixLength);

/// <summary>Reads Sendmail's access map text (cf/README, "The access database"): "key action" per line, keys
/// optionally tagged Connect:, From: or To:. Keys are matched case-insensitively, as makemap(8) folds keys to
/// lower case by default.</summary>
internal static class AccessMapParser
{
    // Tags Sendmail defines that Paloma does not act on (cf/README: delay_checks' Spam:, greet_pause's
    // GreetPause:, ratecontrol's ClientRate:, conncontrol's ClientConn:, the STARTTLS and queue group tags).
    // A migrated file keeps working; the entries are listed as warnings so `paloma check` can report them.
    private static readonly HashSet<string> s_ignoredTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "Spam", "GreetPause", "ClientRate", "ClientConn", "Srv_Features", "Try_TLS", "TLS_Clt", "TLS_Srv",
        "TLS_Rcpt", "CERTISSUER", "CERTSUBJECT", "QGRP", "Auth", "Compat", "Mailer", "Local", "Conn_Rate",
    };

    public static void ParseSource(string text, string source, List<ParsedAccessEntry> into, List<string> warnings)
    {
        var seen = new HashSet<(AccessKeyKind, string)>();
        foreach (var line in MapLines.Split(text, source))
        {
            var (rawKey, value) = MapLines.SplitKeyValue(line.Text);
            var (kind, key, ignoredTag) = SplitTag(rawKey);
            if (ignoredTag is not null)
            {
                warnings.Add($"{source}:{line.Number}: {ignoredTag}: entries are not supported by Paloma; ignored");
                continue;
            }

            if (key.Length == 0)
            {
                throw new MapParseException(source, line.Number, $"empty key in \"{line.Text}\"");
            }

            var action = AccessAction.TryParse(value, out var actionError)
                ?? throw new MapParseException(source, line.Number, actionError!);
            var entry = new AccessEntry(kind, key, action, source, line.Number);
            var parsed = ParseKey(entry, out var keyError)
                ?? throw new MapParseException(source, line.Number, keyError!);
            if (!seen.Add((kind, parsed.NormalizedKey)))
            {
                throw new MapParseException(source, line.Number, $"duplicate key \"{rawKey}\"");
            }

            into.Add(parsed);
        }
    }

    private static (AccessKeyKind Kind, string Key, string? IgnoredTag) SplitTag(string rawKey)
    {
        var colon = rawKey.IndexOf(':');
        if (colon <= 0)
        {
            return (AccessKeyKind.Untagged, rawKey, null);
        }

        var tag = rawKey[..colon];
        var rest = rawKey[(colon + 1)..];
        if (tag.Equals("Connect", StringComparison.OrdinalIgnoreCase))
        {
            return (AccessKeyKind.Connect, rest, null);
        }

        if (tag.Equals("From", StringComparison.OrdinalIgnoreCase))
        {
            return (AccessKeyKind.From, rest, null);
        }

        if (tag.Equals("To", StringComparison.OrdinalIgnoreCase))
        {
            return (AccessKeyKind.To, rest, null);
        }

        return s_ignoredTags.Contains(tag)
            ? (AccessKeyKind.Untagged, rest, tag)
            : (AccessKeyKind.Untagged, rawKey, null);
    }

    private static ParsedAccessEntry? ParseKey(AccessEntry entry, out string? error)
    {
        error = null;
        var key = entry.Key;
        if (entry.Kind is AccessKeyKind.Connect or AccessKeyKind.Untagged)
        {
            var network = TryParseNetwork(key, out var length, out var networkError);
            if (networkError is not null)
            {
                error = networkError;
                return null;
            }

            if (network is not null)
            {
                return new ParsedAccessEntry(entry, $"{network}/{length}", network, length);
            }
        }

        if (entry.Kind == AccessKeyKind.Connect)
        {
            var host = DomainName.Normalize(key);
            error = host is null ? $"\"{key}\" is not an IP address, network, host name or domain" : null;
            return host is null ? null : new ParsedAccessEntry(entry, host, null, 0);
        }

        var normalized = NormalizeAddressKey(key);
        error = normalized is null
            ? $"\"{key}\" is not an address (user@domain), user@, domain, IP address or network"
            : null;
        return normalized is null ? null : new ParsedAccessEntry(entry, normalized, null, 0);
    }

    /// <summary>"user@domain", "user@" or "domain"; the domain part normalised like any domain.</summary>
    internal static string? NormalizeAddressKey(string key)
    {
        var at = key.LastIndexOf('@');
        if (at < 0)
        {
            return DomainName.Normalize(key);
        }

        var local = key[..at];
        if (local.Length == 0 || local.Contains('@') || local.Any(char.IsWhiteSpace))
        {
            return null;
        }

        if (at == key.Length - 1)
        {
            return local.ToLowerInvariant() + "@";
        }

        var domain = DomainName.Normalize(key.AsSpan(at + 1));
        return domain is null ? null : local.ToLowerInvariant() + "@" + domain;
    }

    /// <summary>Network keys: a full IPv4 or IPv6 address; Sendmail's shortened prefixes ("192.0.2" is
    /// 192.0.2.0/24, "2001:db8" is 2001:db8::/32 — cf/README: "IPv6:2002:c0a8:02c7 RELAY", whole 16-bit
    /// groups); an optional "IPv6:" tag as Sendmail writes them; and CIDR ("192.0.2.0/25"), a Paloma
    /// extension. Returns null with no error when the key is not a network at all.</summary>
    internal static IPAddress? TryParseNetwork(string key, out int length, out string? error)
    {
        length = 0;
        error = null;
        var text = key;
        var v6Tag = text.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase);
        if (v6Tag)
        {
            text = text[5..];
        }

        var slash = text.IndexOf('/');
        if (slash >= 0)
        {
            return ParseCidr(key, text, slash, out length, out error);
        }

        if (!v6Tag && text.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return ParseIPv4Prefix(key, text, out length, out error);
        }

        if (!text.Contains(':') || !text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.'))
        {
            if (v6Tag)
            {
                error = $"\"{key}\" is not an IPv6 address or prefix";
            }

            return null;
        }

        return ParseIPv6Prefix(key, text, out length, out error);
    }

    private static IPAddress? ParseCidr(string key, string text, int slash, out int length, out string? error)
    {
        error = null;
        var addressText = text[..slash];
        var valid = IPAddress.TryParse(addressText, out var address)
            && (address.AddressFamily == AddressFamily.InterNetworkV6 || DomainName.IsDottedQuad(addressText));
        var max = address?.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!valid || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture,
                out length) || length > max)
        {
            error = $"\"{key}\" is not a valid network (address/prefix-length)";
            length = 0;
            return null;
        }

        return address;
    }

    private static IPAddress? ParseIPv4Prefix(string key, string text, out int length, out string? error)
    {
        error = null;
        length = 0;
        var parts = text.Split('.');
        var bytes = new byte[4];
        if (parts.Length > 4)
        {
            error = $"\"{key}\" has more than four parts for an IPv4 address";
            return null;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (!byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                error = $"\"{key}\" is not an IPv4 address or prefix (each part must be 0-255)";
                return null;
            }
        }

        length = parts.Length * 8;
        return new IPAddress(bytes);
    }

    private static IPAddress? ParseIPv6Prefix(string key, string text, out int length, out string? error)
    {
        error = null;
        length = 128;
        var groups = text.Split(':');
        if (text.Contains("::") || groups.Length == 8)
        {
            if (IPAddress.TryParse(text, out var full) && full.AddressFamily == AddressFamily.InterNetworkV6)
            {
                return full;
            }

            error = $"\"{key}\" is not a valid IPv6 address";
            return null;
        }

        var bytes = new byte[16];
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i].Length is 0 or > 4 || !ushort.TryParse(groups[i], NumberStyles.AllowHexSpecifier,
                    CultureInfo.InvariantCulture, out var group))
            {
                error = $"\"{key}\" is not an IPv6 prefix (groups of 1-4 hex digits separated by ':')";
                return null;
            }

            bytes[2 * i] = (byte)(group >> 8);
            bytes[2 * i + 1] = (byte)group;
        }

        length = groups.Length * 16;
        return new IPAddress(bytes);
    }
}
