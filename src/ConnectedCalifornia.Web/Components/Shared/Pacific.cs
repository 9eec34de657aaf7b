using System.Globalization;

namespace ConnectedCalifornia.Web.Components.Shared;

/// <summary>Times are shown in California's time zone, whatever the server's.</summary>
public static class Pacific
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    public static DateTimeOffset ToPacific(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>A wall-clock time in California (a datetime-local field, a seeded time) as an absolute time.</summary>
    public static DateTimeOffset FromPacific(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, Zone.GetUtcOffset(unspecified));
    }

    public static string Format(DateTimeOffset at) =>
        ToPacific(at).ToString("MMM d, yyyy, h:mm tt", CultureInfo.GetCultureInfo("en-US")) + " PT";

    public static string FormatDate(DateTimeOffset at) =>
        ToPacific(at).ToString("MMMM d, yyyy", CultureInfo.GetCultureInfo("en-US"));
}
