using ConnectedCalifornia.Web.Components.Shared;

namespace ConnectedCalifornia.Web.Capacity;

/// <summary>Short "as of" times for the boards, in Pacific time: "2:26 PM" today, "Nov 22, 9:05 AM" before.</summary>
public static class BoardTime
{
    public static string Short(DateTimeOffset at, DateTimeOffset now)
    {
        var local = Pacific.ToPacific(at);
        var culture = System.Globalization.CultureInfo.GetCultureInfo(Pacific.InSpanish ? "es-US" : "en-US");
        return local.Date == Pacific.ToPacific(now).Date ? local.ToString("h:mm tt", culture) : local.ToString(Pacific.InSpanish ? "d MMM, h:mm tt" : "MMM d, h:mm tt", culture);
    }
}
