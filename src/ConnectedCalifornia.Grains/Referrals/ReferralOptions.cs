using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Referrals;

/// <summary>Time limits of referrals (configuration section <see cref="SectionName"/>).</summary>
public sealed class ReferralOptions
{
    public const string SectionName = "Referrals";

    /// <summary>An urgent referral not answered within this escalates to the receiver's admins.</summary>
    public TimeSpan UrgentAnswerWithin { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A routine referral not answered within this many business days (Monday–Friday, Pacific time) escalates.</summary>
    public int RoutineAnswerBusinessDays { get; set; } = 2;

    /// <summary>A referral still unanswered this long after it was sent expires (and its hold is released).</summary>
    public TimeSpan ExpireUnansweredAfter { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long before an unanswered referral expires both organizations are told (referral.expiring).</summary>
    public TimeSpan ExpiryNoticeBefore { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Identifying details, needs, safety notes and the secure notes are purged this long after a referral closes.</summary>
    public TimeSpan RetainDetailsAfterClose { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often each silo sweeps the referrals (and once at start); <see cref="TimeSpan.Zero"/> turns the silo's own sweep off.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The time zone whose weekdays count as business days.</summary>
    public string BusinessTimeZone { get; set; } = "America/Los_Angeles";
}

internal sealed class ReferralOptionsValidator : IValidateOptions<ReferralOptions>
{
    public ValidateOptionsResult Validate(string? name, ReferralOptions options)
    {
        var failures = new List<string>();
        var s = ReferralOptions.SectionName;
        if (options.UrgentAnswerWithin <= TimeSpan.Zero)
        {
            failures.Add($"{s}:{nameof(ReferralOptions.UrgentAnswerWithin)} must be a positive time span such as 02:00:00 (it is {options.UrgentAnswerWithin}).");
        }

        if (options.RoutineAnswerBusinessDays is < 1 or > 30)
        {
            failures.Add($"{s}:{nameof(ReferralOptions.RoutineAnswerBusinessDays)} must be 1 to 30 (it is {options.RoutineAnswerBusinessDays}).");
        }

        if (options.ExpireUnansweredAfter <= TimeSpan.Zero)
        {
            failures.Add($"{s}:{nameof(ReferralOptions.ExpireUnansweredAfter)} must be a positive time span such as 14.00:00:00 (it is {options.ExpireUnansweredAfter}).");
        }

        if (options.ExpiryNoticeBefore < TimeSpan.Zero || options.ExpiryNoticeBefore >= options.ExpireUnansweredAfter)
        {
            failures.Add($"{s}:{nameof(ReferralOptions.ExpiryNoticeBefore)} must be 00:00:00 or more and shorter than {nameof(ReferralOptions.ExpireUnansweredAfter)} (it is {options.ExpiryNoticeBefore}).");
        }

        if (options.RetainDetailsAfterClose <= TimeSpan.Zero)
        {
            failures.Add($"{s}:{nameof(ReferralOptions.RetainDetailsAfterClose)} must be a positive time span such as 90.00:00:00 (it is {options.RetainDetailsAfterClose}).");
        }

        if (options.SweepInterval < TimeSpan.Zero)
        {
            failures.Add($"{s}:{nameof(ReferralOptions.SweepInterval)} must be 00:00:00 (off) or a positive time span (it is {options.SweepInterval}).");
        }

        if (!TryZone(options.BusinessTimeZone, out _))
        {
            failures.Add($"{s}:{nameof(ReferralOptions.BusinessTimeZone)} '{options.BusinessTimeZone}' is not a time zone this machine knows (e.g. America/Los_Angeles).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool TryZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}

/// <summary>When an answer is due: urgent after a fixed time, routine after business days.</summary>
public static class AnswerDeadline
{
    public static DateTimeOffset For(ReferralUrgency urgency, DateTimeOffset sentAt, ReferralOptions options)
    {
        if (urgency == ReferralUrgency.Urgent)
        {
            return sentAt + options.UrgentAnswerWithin;
        }

        ReferralOptionsValidator.TryZone(options.BusinessTimeZone, out var zone);
        var local = TimeZoneInfo.ConvertTime(sentAt, zone);

        // Sent on a weekend: the clock starts Monday at the same time of day.
        var due = local;
        var added = 0;
        while (added < options.RoutineAnswerBusinessDays)
        {
            due = due.AddDays(1);
            if (due.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                added++;
            }
        }

        // The same wall-clock time on the due day, with that day's offset (daylight saving may have changed).
        var wall = due.DateTime;
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
    }
}
