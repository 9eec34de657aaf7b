using System.Collections.Immutable;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Components.Shared;

namespace ConnectedCalifornia.Web.Referrals;

/// <summary>
/// One line of a referral's audit log as the page shows it. Reads of the record are audited every
/// time, so a busy referral's log is mostly "read": a run of reads with nothing else between them
/// is shown as one line per reader ("read 12 times"), from their first to their last read. Only the
/// view is shortened; every entry stays in the log and in its hash chain.
/// </summary>
public sealed record ReferralAuditRow(DateTimeOffset First, DateTimeOffset Last, string Action, string ActorName, string Detail, int Count)
{
    /// <summary>The actions whose repetitions are folded together.</summary>
    private static readonly ImmutableHashSet<string> Reads = ["read", "audit-read"];

    /// <summary>"Status", "Read", "Consent recorded": the action in words.</summary>
    public string ActionText => Readable.Words(Action) + (Count > 1 ? $" ({Count} times)" : string.Empty);

    /// <summary>The audit log, oldest first, with each run of reads folded into one row per reader and kind of read.</summary>
    public static ImmutableArray<ReferralAuditRow> From(IEnumerable<ReferralAuditEntry> entries)
    {
        var rows = ImmutableArray.CreateBuilder<ReferralAuditRow>();
        var run = new List<ReferralAuditEntry>();
        foreach (var entry in entries.OrderBy(e => e.Sequence))
        {
            if (Reads.Contains(entry.Action))
            {
                run.Add(entry);
                continue;
            }

            Fold(run, rows);
            rows.Add(new ReferralAuditRow(entry.At, entry.At, entry.Action, entry.ActorName, Readable.Text(entry.Detail), 1));
        }

        Fold(run, rows);
        return rows.ToImmutable();
    }

    private static void Fold(List<ReferralAuditEntry> run, ImmutableArray<ReferralAuditRow>.Builder rows)
    {
        foreach (var group in run.GroupBy(e => (e.ActorId, e.Action, e.Detail)).OrderBy(g => g.Max(e => e.Sequence)))
        {
            var first = group.First();
            rows.Add(new ReferralAuditRow(first.At, group.Last().At, first.Action, group.Last().ActorName, Readable.Text(first.Detail), group.Count()));
        }

        run.Clear();
    }
}
