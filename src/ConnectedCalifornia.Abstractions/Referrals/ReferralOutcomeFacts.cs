using System.Collections.Immutable;
using System.Globalization;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Referrals;

/// <summary>
/// How a referral ended up for the outcome statistics: one of five classes that partition the referrals
/// sent (each referral is in exactly one), so the classes add up to the referrals sent.
/// </summary>
[Alias("cc.ReferralOutcomeClass")]
public enum ReferralOutcomeClass
{
    /// <summary>The receiver accepted it (whatever happened after: started, completed, closed, withdrawn later).</summary>
    Accepted = 0,

    /// <summary>Declined for lack of capacity: the unmet need.</summary>
    DeclinedNoCapacity = 1,

    DeclinedNotEligible = 2,

    /// <summary>Declined for any other reason (cannot contact, service not offered, other).</summary>
    DeclinedOtherReason = 3,

    /// <summary>No answer: still waiting, withdrawn before an answer, or expired.</summary>
    NotAnswered = 4,
}

/// <summary>
/// A count of referrals that share a county (the person's), a service (the first asked for), a month
/// sent (California time, <c>yyyy-MM</c>), an outcome class and a time to the first answer (in
/// minutes, rounded as <see cref="ReferralOutcomeFacts.RoundMinutes"/> says; null when not answered).
/// Nothing here names a person, an organization or a referral.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralOutcomeFact")]
public sealed record ReferralOutcomeFact(
    [property: Id(0)] string County,
    [property: Id(1)] string Service,
    [property: Id(2)] string Month,
    [property: Id(3)] ReferralOutcomeClass Class,
    [property: Id(4)] int? AnswerMinutes,
    [property: Id(5)] int Count);

/// <summary>The registry's outcome facts at one revision (it counts up with every change the registry stores).</summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralOutcomeFactSet")]
public sealed record ReferralOutcomeFactSet(
    [property: Id(0)] long Revision,
    [property: Id(1)] ImmutableArray<ReferralOutcomeFact> Facts);

/// <summary>How a referral summary becomes an outcome fact, and the facts' storage keys.</summary>
public static class ReferralOutcomeFacts
{
    public static ReferralOutcomeClass ClassOf(ReferralSummary r) => r.Status switch
    {
        ReferralStatus.Declined => r.DeclineReason switch
        {
            DeclineReason.NoCapacity => ReferralOutcomeClass.DeclinedNoCapacity,
            DeclineReason.NotEligible => ReferralOutcomeClass.DeclinedNotEligible,
            _ => ReferralOutcomeClass.DeclinedOtherReason,
        },

        // An answer that was not a decline was an acceptance (a referral accepted and then withdrawn keeps its answer time).
        _ when r.AnsweredAt is not null => ReferralOutcomeClass.Accepted,
        _ => ReferralOutcomeClass.NotAnswered,
    };

    /// <summary>The California month of a time, <c>yyyy-MM</c>.</summary>
    public static string MonthOf(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, CaliforniaTime.Zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// Minutes to an answer as kept: exact under an hour, to the quarter hour under a day, to the hour
    /// after, so a year of answers is a short histogram and a percentile is off by at most half a step.
    /// </summary>
    public static int RoundMinutes(double minutes) => minutes switch
    {
        < 0 => 0,
        < 60 => (int)Math.Round(minutes),
        < 1440 => (int)Math.Round(minutes / 15) * 15,
        _ => (int)Math.Round(minutes / 60) * 60,
    };

    public static ReferralOutcomeFact Of(ReferralSummary r) => new(
        r.County,
        r.Services.IsDefaultOrEmpty ? string.Empty : r.Services[0],
        MonthOf(r.SentAt),
        ClassOf(r),
        r.AnsweredAt is { } answered ? RoundMinutes((answered - r.SentAt).TotalMinutes) : null,
        1);

    /// <summary>The storage key of a fact without its count: <c>county|service|month|class|minutes</c>.</summary>
    public static string Key(ReferralOutcomeFact f) =>
        string.Join('|', f.County, f.Service, f.Month, f.Class.ToString(), f.AnswerMinutes?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);

    public static ReferralOutcomeFact? Parse(string key, int count)
    {
        var parts = key.Split('|');
        if (parts.Length != 5 || !Enum.TryParse<ReferralOutcomeClass>(parts[3], out var outcome))
        {
            return null;
        }

        int? minutes = int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : null;
        return new ReferralOutcomeFact(parts[0], parts[1], parts[2], outcome, minutes, count);
    }

    /// <summary>Adds facts to counts by key.</summary>
    public static ImmutableDictionary<string, int> Add(ImmutableDictionary<string, int> counts, IEnumerable<ReferralOutcomeFact> facts)
    {
        var builder = counts.ToBuilder();
        foreach (var f in facts)
        {
            var key = Key(f);
            builder[key] = builder.GetValueOrDefault(key) + f.Count;
        }

        return builder.ToImmutable();
    }
}
