using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Capacity;

/// <summary>How the bed board judges freshness and holds (configuration section <see cref="SectionName"/>).</summary>
public sealed class CapacityOptions
{
    public const string SectionName = "Capacity";

    /// <summary>A count posted longer ago than this is stale: shown as such, not counted as available now.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a hold lasts when the caller names no duration.</summary>
    public TimeSpan DefaultHoldDuration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The longest hold a caller may ask for.</summary>
    public TimeSpan MaxHoldDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How often each silo asks the capacity index to release expired holds of sites nobody
    /// calls (it also does so once at start). <see cref="TimeSpan.Zero"/> turns the silo's own
    /// sweep off, for a host that calls <see cref="ICapacityIndexGrain.SweepExpiredHolds"/> itself.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the durable reminder of a site with holds fires (Orleans reminders, in the database in a
    /// cluster), so a hold is released within this time of its expiry even when the silo that held the site
    /// died and nothing calls it. Orleans refuses a period shorter than its ReminderOptions.MinimumReminderPeriod (one minute by default);
    /// <see cref="TimeSpan.Zero"/> turns the reminder off (the grain timer and the sweep remain).
    /// </summary>
    public TimeSpan HoldReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many closed holds (released, converted, expired) a site keeps, so a repeated release or convert is recognized.</summary>
    public int ClosedHoldsKept { get; set; } = 500;

    /// <summary>
    /// The shortest time between two writes of the capacity index when only counts changed. Counts
    /// posted meanwhile are seen by readers at once and saved together by the next write. A new
    /// site, a moved site or a change of holds is saved at once, so the hold sweep after a crash
    /// never misses a hold. <see cref="TimeSpan.Zero"/> writes after every change.
    /// </summary>
    public TimeSpan IndexWriteInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Checks <see cref="CapacityOptions"/> at start, naming the setting that is wrong.</summary>
internal sealed class CapacityOptionsValidator : IValidateOptions<CapacityOptions>
{
    public ValidateOptionsResult Validate(string? name, CapacityOptions options)
    {
        var failures = new List<string>();
        var section = CapacityOptions.SectionName;
        if (options.StaleAfter <= TimeSpan.Zero)
        {
            failures.Add($"{section}:{nameof(CapacityOptions.StaleAfter)} must be a positive time span such as 12:00:00 (it is {options.StaleAfter}).");
        }

        if (options.MaxHoldDuration <= TimeSpan.Zero)
        {
            failures.Add($"{section}:{nameof(CapacityOptions.MaxHoldDuration)} must be a positive time span such as 1.00:00:00 (it is {options.MaxHoldDuration}).");
        }

        if (options.DefaultHoldDuration <= TimeSpan.Zero || options.DefaultHoldDuration > options.MaxHoldDuration)
        {
            failures.Add($"{section}:{nameof(CapacityOptions.DefaultHoldDuration)} must be positive and at most {section}:{nameof(CapacityOptions.MaxHoldDuration)} ({options.MaxHoldDuration}); it is {options.DefaultHoldDuration}.");
        }

        if (options.SweepInterval < TimeSpan.Zero)
        {
            failures.Add($"{section}:{nameof(CapacityOptions.SweepInterval)} must be 00:00:00 (off) or a positive time span such as 00:05:00 (it is {options.SweepInterval}).");
        }

        if (options.IndexWriteInterval < TimeSpan.Zero || options.IndexWriteInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{section}:{nameof(CapacityOptions.IndexWriteInterval)} must be between 00:00:00 and 00:01:00 (it is {options.IndexWriteInterval}).");
        }

        if (options.HoldReminderPeriod < TimeSpan.Zero)
        {
            failures.Add($"{section}:{nameof(CapacityOptions.HoldReminderPeriod)} must be 00:00:00 (off) or a positive time span such as 00:01:00 (it is {options.HoldReminderPeriod}).");
        }

        if (options.ClosedHoldsKept < 0)
        {
            failures.Add($"{section}:{nameof(CapacityOptions.ClosedHoldsKept)} cannot be negative (it is {options.ClosedHoldsKept}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
