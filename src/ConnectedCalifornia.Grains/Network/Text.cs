using System.Globalization;

namespace ConnectedCalifornia.Network;

/// <summary>Small helpers for the human text of announcements.</summary>
internal static class Text
{
    /// <summary>"1 member", "3 members", "1,200 people".</summary>
    public static string Count(long count, string singular, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");
}
