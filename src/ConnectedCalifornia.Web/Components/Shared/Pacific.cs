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

    private static readonly string[] LocalInputFormats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    /// <summary>An absolute time as the value of a datetime-local (or date) input, in California's wall-clock time.</summary>
    public static string ToLocalInput(DateTimeOffset at, bool dateOnly = false) =>
        ToPacific(at).ToString(dateOnly ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// The value of a datetime-local (or date) input, read as California's wall-clock time; null when
    /// the field is empty or incomplete. A date is that day's midnight in California.
    /// </summary>
    public static DateTimeOffset? ParseLocalInput(string? text, bool dateOnly = false)
    {
        var formats = dateOnly ? ["yyyy-MM-dd"] : LocalInputFormats;
        return DateTime.TryParseExact(text?.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? FromPacific(local)
            : null;
    }

    public static string Format(DateTimeOffset at) =>
        ToPacific(at).ToString("MMM d, yyyy, h:mm tt", CultureInfo.GetCultureInfo("en-US")) + " PT";

    private static readonly string[] SpanishMonths =
        ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

    /// <summary>
    /// A time in Pacific time in a language: English as <see cref="Format"/>; Spanish as "4 de marzo de 2027,
    /// 9:00 a. m. PT" (written out here, so it reads the same whatever culture data the server has).
    /// </summary>
    public static string Format(DateTimeOffset at, string? language)
    {
        if (language != "es")
        {
            return Format(at);
        }

        var local = ToPacific(at);
        var hour = local.Hour % 12 == 0 ? 12 : local.Hour % 12;
        return string.Create(CultureInfo.InvariantCulture,
            $"{local.Day} de {SpanishMonths[local.Month - 1]} de {local.Year}, {hour}:{local.Minute:00} {(local.Hour < 12 ? "a. m." : "p. m.")} PT");
    }

    public static string FormatDate(DateTimeOffset at) =>
        ToPacific(at).ToString("MMMM d, yyyy", CultureInfo.GetCultureInfo("en-US"));
}
