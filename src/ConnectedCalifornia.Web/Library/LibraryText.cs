using ConnectedCalifornia.Library;
using Microsoft.Extensions.Localization;

namespace ConnectedCalifornia.Web.Library;

/// <summary>How the library's pages word things.</summary>
public static class LibraryText
{
    public const string NotRecorded = "Not recorded";

    /// <summary>
    /// "AB 2105 · 2017–2018 session · Chaptered": what is known of a bill, in one line, in the page's language
    /// (<paramref name="t"/> says the English words: "{0} session", "by {0}" and the status names).
    /// </summary>
    public static string BillLine(LegislationDetails bill, IStringLocalizer t) =>
        string.Join(" · ", new[]
        {
            bill.BillNumber,
            bill.Session is { } session ? t["{0} session", session].Value : null,
            bill.Status is { } status ? t[LibraryFormats.Label(status)].Value : null,
            bill.Author is { } author ? t["by {0}", author].Value : null,
        }.OfType<string>());

    /// <summary>"March 4, 2025"; in Spanish "4 de marzo de 2025"; <see cref="NotRecorded"/> (said by <paramref name="t"/>) when unknown.</summary>
    public static string Date(DateOnly? date, IStringLocalizer t) => date is not { } d
        ? t[NotRecorded]
        : Components.Shared.Pacific.InSpanish
            ? d.ToString("d 'de' MMMM 'de' yyyy", System.Globalization.CultureInfo.GetCultureInfo("es-US"))
            : d.ToString("MMMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US"));
}
