using MimeKit;

namespace Paloma.Tests.Queue;

/// <summary>Reads the RFC 3464 parts of a DSN: the per-message group and the per-recipient groups.</summary>
public static class DsnAssert
{
    public static (HeaderList PerMessage, List<HeaderList> Recipients) Parse(MimeMessage dsn)
    {
        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("delivery-status", report.ReportType);
        var status = Assert.IsType<MessageDeliveryStatus>(report[1]);
        var groups = status.StatusGroups.ToList();
        // The parser may end with an empty group for the blank line closing the last one.
        return (groups[0], groups.Skip(1).Where(g => g.Count > 0).ToList());
    }
}
