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

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es-US");

    /// <summary>True when the page is read in Spanish (the request's culture, see docs/localization.md).</summary>
    public static bool InSpanish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "es";

    /// <summary>"Dec 6, 2026, 3:00 PM PT"; in Spanish "6 de diciembre de 2026, 3:00 p. m. PT", as e-mails write it.</summary>
    public static string Format(DateTimeOffset at) => Format(at, InSpanish ? "es" : null);

    /// <summary>"December 6, 2026"; in Spanish "6 de diciembre de 2026".</summary>
    public static string FormatDate(DateTimeOffset at) => InSpanish
        ? ToPacific(at).ToString("d 'de' MMMM 'de' yyyy", Spanish)
        : ToPacific(at).ToString("MMMM d, yyyy", English);

    /// <summary>"Tue, Mar 10, 2026, 6:00 – 8:00 PM PT" (the date once when the end is the same day); in Spanish es-US.</summary>
    public static string Span(DateTimeOffset startAt, DateTimeOffset endAt)
    {
        var start = ToPacific(startAt);
        var end = ToPacific(endAt);
        if (InSpanish)
        {
            return start.Date == end.Date
                ? $"{start.ToString("ddd d MMM yyyy, h:mm tt", Spanish)} – {end.ToString("h:mm tt", Spanish)} PT"
                : $"{start.ToString("ddd d MMM, h:mm tt", Spanish)} – {end.ToString("ddd d MMM yyyy, h:mm tt", Spanish)} PT";
        }

        return start.Date == end.Date
            ? $"{start.ToString("ddd, MMM d, yyyy, h:mm tt", English)} – {end.ToString("h:mm tt", English)} PT"
            : $"{start.ToString("ddd, MMM d, h:mm tt", English)} – {end.ToString("ddd, MMM d, yyyy, h:mm tt", English)} PT";
    }

    /// <summary>"6:00 PM" (Pacific), "6:00 p. m." in Spanish.</summary>
    public static string Time(DateTimeOffset at) => ToPacific(at).ToString("h:mm tt", InSpanish ? Spanish : English);

    private static readonly string[] SpanishMonths =
        ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

    /// <summary>
    /// A time in Pacific time in a given language: pages say it in theirs (<see cref="Format(DateTimeOffset)"/>), e-mails
    /// in the recipient's. Spanish is "4 de marzo de 2027, 9:00 a. m. PT", written out here so it reads the same
    /// whatever culture data the server has.
    /// </summary>
    public static string Format(DateTimeOffset at, string? language)
    {
        if (language != "es")
        {
            return ToPacific(at).ToString("MMM d, yyyy, h:mm tt", English) + " PT";
        }

        var local = ToPacific(at);
        var hour = local.Hour % 12 == 0 ? 12 : local.Hour % 12;
        return string.Create(CultureInfo.InvariantCulture,
            $"{local.Day} de {SpanishMonths[local.Month - 1]} de {local.Year}, {hour}:{local.Minute:00} {(local.Hour < 12 ? "a. m." : "p. m.")} PT");
    }
}
