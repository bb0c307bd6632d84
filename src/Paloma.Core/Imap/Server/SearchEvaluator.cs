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
        var message = data.Message;
        switch (key)
        {
            case SearchAll:
                return true;
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
            case SearchDate { Sent: false } date:
                // RFC 3501 §6.4.4: dates compare "disregarding time and timezone".
                return Compare(message.InternalDate.Date, date);
            default:
                return await MatchesContentAsync(key, data, ct).ConfigureAwait(false);
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
