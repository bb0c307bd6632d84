// Load generator for bench/run: raw sockets, no client library. Subcommands:
//   maildir DIR COUNT SEED                       write COUNT messages into the Maildir DIR (cur/)
//   imap HOST PORT USER PASS CLIENTS SECONDS     mixed IMAP load; ops/s and p50/p99 latency
//   pop3 HOST PORT PASS SECONDS USER...          one client per user: STAT, UIDL, RETR every message
//   idle HOST PORT USER PASS COUNT DONEFILE      hold COUNT sessions in IDLE until DONEFILE exists
//   pbkdf2 PASSWORD ITERATIONS                   a password hash in Paloma's format
// Results are printed as "RESULT key=value ..." lines for bench/run to pick up.
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Paloma.Bench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: paloma-bench maildir|imap|pop3|idle ...");
    return 2;
}

switch (args[0])
{
    case "maildir":
        MaildirWriter.Write(args[1], int.Parse(args[2]), int.Parse(args[3]));
        return 0;
    case "imap":
        return await ImapLoad.RunAsync(args[1], int.Parse(args[2]), args[3], args[4], int.Parse(args[5]),
            double.Parse(args[6], CultureInfo.InvariantCulture));
    case "pop3":
        return await Pop3Load.RunAsync(args[1], int.Parse(args[2]), args[3],
            double.Parse(args[4], CultureInfo.InvariantCulture), args[5..]);
    case "pbkdf2":
        // Paloma's hash format (src/Paloma.Core/Accounts/PasswordHasher.cs) with a chosen iteration count.
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        var iterations = int.Parse(args[2]);
        var derived = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(args[1]), salt,
            iterations, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        Console.WriteLine($"$pbkdf2-sha256$i={iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(derived)}");
        return 0;
    case "idle":
        return await IdleLoad.RunAsync(args[1], int.Parse(args[2]), args[3], args[4], int.Parse(args[5]), args[6]);
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}

namespace Paloma.Bench
{
    /// <summary>A line-oriented connection with a growable receive buffer; lines are read as bytes.</summary>
    internal sealed class Conn : IDisposable
    {
        private readonly Socket _socket;
        private byte[] _buf = new byte[64 * 1024];
        private int _start, _end;
        public int LineStart { get; private set; }
        public int LineLength { get; private set; }
        public ReadOnlySpan<byte> Line => _buf.AsSpan(LineStart, LineLength);
        public string LineText => Encoding.ASCII.GetString(Line);

        private Conn(Socket socket) => _socket = socket;

        public static async Task<Conn> OpenAsync(string host, int port)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(host, port);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            return new Conn(socket);
        }

        public async ValueTask SendAsync(string text)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            var sent = 0;
            while (sent < bytes.Length)
            {
                sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
            }
        }

        public async ValueTask ReadLineAsync()
        {
            var scanFrom = _start;
            while (true)
            {
                var idx = _buf.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
                if (idx >= 0)
                {
                    idx += scanFrom;
                    LineStart = _start;
                    LineLength = idx - _start;
                    if (LineLength > 0 && _buf[idx - 1] == '\r') LineLength--;
                    _start = idx + 1;
                    return;
                }
                var scanned = _end - _start;
                await FillAsync();
                scanFrom = _start + scanned;
            }
        }

        public async ValueTask SkipAsync(long count)
        {
            while (count > 0)
            {
                if (_end == _start) await FillAsync();
                var take = (int)Math.Min(count, _end - _start);
                _start += take;
                count -= take;
            }
        }

        private async ValueTask FillAsync()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
            var n = await _socket.ReceiveAsync(_buf.AsMemory(_end), SocketFlags.None);
            if (n == 0) throw new IOException("connection closed by the server");
            _end += n;
        }

        /// <summary>Sends an IMAP command and reads up to its tagged reply, skipping literals. Returns true on OK;
        /// <paramref name="onUntagged"/> sees every untagged line (without its literals).</summary>
        public async ValueTask<bool> ImapAsync(string tag, string command, Action<Conn>? onUntagged = null)
        {
            await SendAsync(tag + " " + command + "\r\n");
            var tagBytes = Encoding.ASCII.GetBytes(tag + " ");
            while (true)
            {
                await ReadLineAsync();
                if (Line.StartsWith(tagBytes))
                {
                    return Line[tagBytes.Length..].StartsWith("OK"u8);
                }
                onUntagged?.Invoke(this);
                // A line ending in {n} is followed by n octets and the rest of the same response.
                while (LineLength > 0 && Line[^1] == (byte)'}')
                {
                    var line = Line;
                    var open = line.LastIndexOf((byte)'{');
                    var n = long.Parse(line[(open + 1)..^1], CultureInfo.InvariantCulture);
                    await SkipAsync(n);
                    await ReadLineAsync();
                }
            }
        }

        /// <summary>Reads a POP3 reply line; with <paramref name="multiLine"/> also the lines up to ".".</summary>
        public async ValueTask<bool> Pop3Async(string command, bool multiLine)
        {
            await SendAsync(command + "\r\n");
            await ReadLineAsync();
            if (!Line.StartsWith("+OK"u8)) return false;
            if (!multiLine) return true;
            while (true)
            {
                await ReadLineAsync();
                if (LineLength == 1 && Line[0] == (byte)'.') return true;
            }
        }

        public void Dispose() => _socket.Dispose();
    }

    internal static class Stats
    {
        public static double Percentile(List<long> sortedTicks, double p)
        {
            if (sortedTicks.Count == 0) return double.NaN;
            var i = (int)Math.Ceiling(p * sortedTicks.Count) - 1;
            return sortedTicks[Math.Clamp(i, 0, sortedTicks.Count - 1)] * 1000.0 / Stopwatch.Frequency;
        }
    }

    internal static class MaildirWriter
    {
        private static readonly string[] Words =
            ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et " +
             "dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea " +
             "commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur " +
             "mail server queue mailbox message delivery benchmark paloma postfix dovecot").Split(' ');

        public static void Write(string dir, int count, int seed)
        {
            foreach (var sub in new[] { "cur", "new", "tmp" }) Directory.CreateDirectory(Path.Combine(dir, sub));
            var rnd = new Random(seed);
            var date = new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero);
            var sb = new StringBuilder();
            for (var i = 1; i <= count; i++)
            {
                sb.Clear();
                var when = date.AddMinutes(i * 7);
                sb.Append("Return-Path: <sender").Append(i % 50).Append("@example.net>\r\n");
                sb.Append("From: Sender ").Append(i % 50).Append(" <sender").Append(i % 50).Append("@example.net>\r\n");
                sb.Append("To: Bench User <bench@example.test>\r\n");
                sb.Append("Subject: bench message ").Append(i).Append(' ').Append(Words[rnd.Next(Words.Length)])
                    .Append("\r\n");
                sb.Append("Date: ").Append(when.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture))
                    .Append("\r\n");
                sb.Append("Message-ID: <bench.").Append(seed).Append('.').Append(i).Append("@example.net>\r\n");
                sb.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
                // Body sizes from 1 KB to about 20 KB, most of them small, as in a real mailbox.
                var target = 1024 + (int)(Math.Pow(rnd.NextDouble(), 3) * 19 * 1024);
                var bodyStart = sb.Length;
                while (sb.Length - bodyStart < target)
                {
                    var lineStart = sb.Length;
                    while (sb.Length - lineStart < 68) sb.Append(Words[rnd.Next(Words.Length)]).Append(' ');
                    sb.Append("\r\n");
                }
                var text = sb.ToString();
                var flags = i % 3 == 0 ? "" : "S";
                var name = $"{when.ToUnixTimeSeconds()}.M{i}P{seed}.bench,S={text.Length}:2,{flags}";
                var path = Path.Combine(dir, "cur", name);
                File.WriteAllText(path, text, Encoding.ASCII);
                File.SetLastWriteTimeUtc(path, when.UtcDateTime);
            }
        }
    }

    internal static class ImapLoad
    {
        private static readonly string[] Ops = ["SELECT", "FETCH 1:* (UID FLAGS)", "FETCH n BODY.PEEK[]", "STORE", "SEARCH", "NOOP"];

        public static async Task<int> RunAsync(string host, int port, string user, string pass, int clients,
            double seconds)
        {
            // Warm-up: one pass over the mailbox so an index built on first access is not timed.
            using (var warm = await Conn.OpenAsync(host, port))
            {
                await warm.ReadLineAsync();
                if (!await warm.ImapAsync("w1", $"LOGIN {user} {pass}")) throw new Exception("login failed");
                await warm.ImapAsync("w2", "SELECT INBOX");
                await warm.ImapAsync("w3", "FETCH 1:* (UID FLAGS)");
                await warm.ImapAsync("w4", "LOGOUT");
            }

            var conns = new Conn[clients];
            var exists = new int[clients];
            await Parallel.ForEachAsync(Enumerable.Range(0, clients), new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (i, _) =>
                {
                    var c = await Conn.OpenAsync(host, port);
                    await c.ReadLineAsync();
                    if (!await c.ImapAsync("a", $"LOGIN {user} {pass}")) throw new Exception("login failed");
                    await c.ImapAsync("b", "SELECT INBOX", l => exists[i] = Exists(l, exists[i]));
                    conns[i] = c;
                });

            var latencies = new List<long>[clients, Ops.Length];
            for (var i = 0; i < clients; i++)
            for (var j = 0; j < Ops.Length; j++)
                latencies[i, j] = new List<long>();
            var errors = 0;
            var sw = Stopwatch.StartNew();
            var deadline = TimeSpan.FromSeconds(seconds);
            var tasks = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
            {
                var rnd = new Random(1000 + i);
                var c = conns[i];
                var n = 0;
                while (sw.Elapsed < deadline)
                {
                    var op = rnd.Next(Ops.Length);
                    var msg = rnd.Next(1, Math.Max(2, exists[i] + 1));
                    var command = op switch
                    {
                        0 => "SELECT INBOX",
                        1 => "FETCH 1:* (UID FLAGS)",
                        2 => $"FETCH {msg} BODY.PEEK[]",
                        3 => $"STORE {msg} {(rnd.Next(2) == 0 ? "+" : "-")}FLAGS (\\Flagged)",
                        4 => "SEARCH FLAGGED",
                        _ => "NOOP",
                    };
                    var t0 = Stopwatch.GetTimestamp();
                    var ok = await c.ImapAsync("t" + (++n).ToString(CultureInfo.InvariantCulture), command,
                        op == 0 ? l => exists[i] = Exists(l, exists[i]) : null);
                    latencies[i, op].Add(Stopwatch.GetTimestamp() - t0);
                    if (!ok) Interlocked.Increment(ref errors);
                }
            })).ToArray();
            await Task.WhenAll(tasks);
            var elapsed = sw.Elapsed.TotalSeconds;
            foreach (var c in conns) c.Dispose();

            var all = new List<long>();
            for (var j = 0; j < Ops.Length; j++)
            {
                var op = new List<long>();
                for (var i = 0; i < clients; i++) op.AddRange(latencies[i, j]);
                op.Sort();
                all.AddRange(op);
                Console.WriteLine($"OP \"{Ops[j]}\" count={op.Count} p50_ms={Stats.Percentile(op, 0.5):F2} " +
                                  $"p99_ms={Stats.Percentile(op, 0.99):F2}");
            }
            all.Sort();
            Console.WriteLine($"RESULT ops={all.Count} seconds={elapsed:F1} ops_per_s={all.Count / elapsed:F1} " +
                              $"p50_ms={Stats.Percentile(all, 0.5):F2} p99_ms={Stats.Percentile(all, 0.99):F2} " +
                              $"errors={errors}");
            return errors == 0 ? 0 : 1;
        }

        private static int Exists(Conn c, int previous)
        {
            var line = c.Line;
            if (line.StartsWith("* "u8) && line.EndsWith(" EXISTS"u8))
            {
                return int.Parse(line[2..^7], CultureInfo.InvariantCulture);
            }
            return previous;
        }
    }

    internal static class Pop3Load
    {
        public static async Task<int> RunAsync(string host, int port, string pass, double seconds, string[] users)
        {
            long messages = 0, sessions = 0, errors = 0;
            var sw = Stopwatch.StartNew();
            var deadline = TimeSpan.FromSeconds(seconds);
            await Task.WhenAll(users.Select(user => Task.Run(async () =>
            {
                while (sw.Elapsed < deadline)
                {
                    using var c = await Conn.OpenAsync(host, port);
                    await c.ReadLineAsync();
                    if (!await c.Pop3Async("USER " + user, false) || !await c.Pop3Async("PASS " + pass, false))
                    {
                        Interlocked.Increment(ref errors);
                        await Task.Delay(100);
                        continue;
                    }
                    await c.Pop3Async("STAT", false);
                    var count = int.Parse(c.LineText.Split(' ')[1], CultureInfo.InvariantCulture);
                    await c.Pop3Async("UIDL", true);
                    for (var m = 1; m <= count && sw.Elapsed < deadline; m++)
                    {
                        if (await c.Pop3Async("RETR " + m.ToString(CultureInfo.InvariantCulture), true))
                            Interlocked.Increment(ref messages);
                        else
                            Interlocked.Increment(ref errors);
                    }
                    await c.Pop3Async("QUIT", false);
                    Interlocked.Increment(ref sessions);
                }
            })));
            var elapsed = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"RESULT messages={messages} sessions={sessions} seconds={elapsed:F1} " +
                              $"msgs_per_s={messages / elapsed:F1} errors={errors}");
            return errors == 0 ? 0 : 1;
        }
    }

    internal static class IdleLoad
    {
        public static async Task<int> RunAsync(string host, int port, string user, string pass, int count,
            string doneFile)
        {
            var minFreeMb = long.Parse(Environment.GetEnvironmentVariable("BENCH_MIN_FREE_MB") ?? "3072",
                CultureInfo.InvariantCulture);
            var conns = new List<Conn>(count);
            var failures = 0;
            var stopReason = "";
            var next = 0;
            var gate = new object();
            var sw = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
                {
                    if (stopReason.Length > 0) return;
                    int n;
                    lock (gate) n = ++next;
                    if (n % 200 == 0)
                    {
                        var free = MemAvailableMb();
                        if (free < minFreeMb) stopReason = $"MemAvailable {free} MB < {minFreeMb} MB";
                        if (n % 1000 == 0) Console.Error.WriteLine($"idle: {n} sessions, {sw.Elapsed.TotalSeconds:F0} s");
                    }
                    Conn? c = null;
                    try
                    {
                        c = await Conn.OpenAsync(host, port);
                        await c.ReadLineAsync();
                        if (!c.Line.StartsWith("* OK"u8)) throw new IOException(c.LineText);
                        if (!await c.ImapAsync("a", $"LOGIN {user} {pass}")) throw new IOException(c.LineText);
                        if (!await c.ImapAsync("b", "SELECT INBOX")) throw new IOException(c.LineText);
                        await c.SendAsync("c IDLE\r\n");
                        await c.ReadLineAsync();
                        if (!c.Line.StartsWith("+"u8)) throw new IOException(c.LineText);
                        lock (gate) conns.Add(c);
                    }
                    catch (Exception e)
                    {
                        c?.Dispose();
                        var f = Interlocked.Increment(ref failures);
                        if (f <= 5) Console.Error.WriteLine($"idle: session failed: {e.Message}");
                        if (f >= 100) stopReason = $"{f} sessions failed, last: {e.Message}";
                    }
                });
            Console.WriteLine($"READY sessions={conns.Count} failures={failures} seconds={sw.Elapsed.TotalSeconds:F1} " +
                              $"stop=\"{stopReason}\"");
            Console.Out.Flush();
            while (!File.Exists(doneFile)) await Task.Delay(200);
            foreach (var c in conns) c.Dispose();
            return 0;
        }

        private static long MemAvailableMb()
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
                        CultureInfo.InvariantCulture) / 1024;
                }
            }
            return long.MaxValue;
        }
    }
}
