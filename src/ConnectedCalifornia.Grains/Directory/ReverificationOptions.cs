using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Directory;

/// <summary>When a verified listing needs checking again (configuration section <see cref="SectionName"/>).</summary>
public sealed class ReverificationOptions
{
    public const string SectionName = "Reverification";

    /// <summary>A verified listing whose last verification is older than this is flagged for re-verification.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How often the sweep runs (also once when a silo starts). <see cref="TimeSpan.Zero"/> turns it off.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// True: the sweep is an Orleans reminder (a cluster on PostgreSQL, whose reminder table is
    /// durable). False: each silo runs it with <see cref="Network.PeriodicSiloSweep"/> (the embedded
    /// default, whose reminders live in memory only). Set by the hosting, not by configuration.
    /// </summary>
    public bool UseReminder { get; set; }
}

internal sealed class ReverificationOptionsValidator : IValidateOptions<ReverificationOptions>
{
    public ValidateOptionsResult Validate(string? name, ReverificationOptions options)
    {
        var failures = new List<string>();
        var section = ReverificationOptions.SectionName;
        if (options.StaleAfter <= TimeSpan.Zero)
        {
            failures.Add($"{section}:{nameof(ReverificationOptions.StaleAfter)} must be a positive time span such as 365.00:00:00 (it is {options.StaleAfter}).");
        }

        if (options.SweepInterval < TimeSpan.Zero || (options.SweepInterval > TimeSpan.Zero && options.SweepInterval < TimeSpan.FromMinutes(1)))
        {
            failures.Add($"{section}:{nameof(ReverificationOptions.SweepInterval)} must be zero (off) or at least one minute, such as 1.00:00:00 (it is {options.SweepInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
