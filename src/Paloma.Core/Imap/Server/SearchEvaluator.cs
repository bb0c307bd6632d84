using Paloma.Imap.Protocol;
using Paloma.Storage;

namespace Paloma.Imap.Server;

/// <summary>
/// Decides whether one message matches a SEARCH key (RFC 3501 §6.4.4). Keys on flags, sizes, dates and sets use
/// the session's view; keys on headers and text read the message once, through <see cref="MessageData"/>. A
/// message whose content is gone (expunged elsewhere) matches no content key.
/// </summary>
internal sealed class SearchEvaluator(SelectedMailbox selected, IMailStore store)
{
    public async Task<bool> MatchesAsync(SearchKey key, int seq, MessageData data, CancellationToken ct)
    {
        switch (key)
        {
            case SearchAnd and:
                foreach (var part in and.Keys)
                {
                    if (!await MatchesAsync(part, seq, data, ct).ConfigureAwait(false))
                    {
                        return false;
                    }
                }

                return true;
            case SearchOr or:
                return await MatchesAsync(or.Left, seq, data, ct).ConfigureAwait(false)
                    || await MatchesAsync(or.Right, seq, data, ct).ConfigureAwait(false);
            case SearchNot not:
                return !await MatchesAsync(not.Key, seq, data, ct).ConfigureAwait(false);
            case var _ when IsIndexOnly(key):
                return Matches(key, seq, data.Message);
            default:
                return await MatchesContentAsync(key, data, ct).ConfigureAwait(false);
        }
    }

    /// <summary>True when no part of the key needs the message's content: the search can then run on the
    /// session's view alone, with <see cref="Matches"/>, without a read or a task per message.</summary>
    public static bool IsIndexOnly(SearchKey key) => key switch
    {
        SearchAnd and => and.Keys.All(IsIndexOnly),
        SearchOr or => IsIndexOnly(or.Left) && IsIndexOnly(or.Right),
        SearchNot not => IsIndexOnly(not.Key),
        SearchDate date => !date.Sent,
        SearchAll or SearchFlag or SearchRecent or SearchSize or SearchSet or SearchModSeq => true,
        _ => false,
    };

    /// <summary>Whether a message matches a key for which <see cref="IsIndexOnly"/> is true.</summary>
    public bool Matches(SearchKey key, int seq, MessageInfo message)
    {
        switch (key)
        {
            case SearchAll:
                return true;
            case SearchAnd and:
                foreach (var part in and.Keys)
                {
                    if (!Matches(part, seq, message))
                    {
                        return false;
                    }
                }

                return true;
            case SearchOr or:
                return Matches(or.Left, seq, message) || Matches(or.Right, seq, message);
            case SearchNot not:
                return !Matches(not.Key, seq, message);
            case SearchFlag flag:
                return message.HasFlag(flag.Flag) == flag.Present;
            case SearchRecent recent:
                return selected.IsRecent(message.Uid) == recent.Recent;
            case SearchSize size:
                return size.Larger ? message.Size > size.Size : message.Size < size.Size;
            case SearchSet { Set.Saved: true }:
                return selected.Saved.Contains(message.Uid);
            case SearchModSeq modSeq:
                return message.ModSeq >= modSeq.ModSeq;
            case SearchSet { Uid: true } set:
                return set.Set.Contains(message.Uid, selected.LargestUid);
            case SearchSet set:
                return set.Set.Contains((uint)seq, (uint)selected.Count);
            case SearchDate date:
                // RFC 3501 §6.4.4: dates compare "disregarding time and timezone".
                return Compare(message.InternalDate.Date, date);
            default:
                throw new ArgumentException($"{key.GetType().Name} needs the message's content", nameof(key));
        }
    }

    private static async Task<bool> MatchesContentAsync(SearchKey key, MessageData data, CancellationToken ct)
    {
        if (await data.ContentAsync(ct).ConfigureAwait(false) is not { } content)
        {
            return false;
        }

        return key switch
        {
            SearchDate date => content.SentDate is { } sent && Compare(sent.Date, date),
            SearchHeader header => content.HeaderContains(header.Field, header.Value),
            SearchBody body => content.BodyContains(body.Value),
            SearchText text => content.TextContains(text.Value),
            _ => false,
        };
    }

    private static bool Compare(DateTime day, SearchDate key) => key.Comparison switch
    {
        SearchDateComparison.Before => day < key.Date,
        SearchDateComparison.On => day == key.Date,
        _ => day >= key.Date,
    };

    public MessageData Load(MessageInfo message) => new(store, message);
}
