using System.Globalization;

namespace ConnectedCalifornia.Network;

/// <summary>
/// Times written into texts people read (history values, audit details, summaries, messages) are
/// California's wall-clock time, the network's own, marked "PT": "2026-12-06 10:00 AM PT".
/// </summary>
public static class CaliforniaTime
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    public static string Stamp(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("yyyy-MM-dd h:mm tt", CultureInfo.InvariantCulture) + " PT";
}
