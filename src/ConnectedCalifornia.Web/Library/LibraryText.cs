using ConnectedCalifornia.Library;

namespace ConnectedCalifornia.Web.Library;

/// <summary>How the library's pages word things.</summary>
public static class LibraryText
{
    public const string NotRecorded = "Not recorded";

    /// <summary>"AB 2105 · 2017–2018 session · Chaptered": what is known of a bill, in one line.</summary>
    public static string BillLine(LegislationDetails bill) =>
        string.Join(" · ", new[]
        {
            bill.BillNumber,
            bill.Session is { } session ? session + " session" : null,
            bill.Status is { } status ? LibraryFormats.Label(status) : null,
            bill.Author is { } author ? "by " + author : null,
        }.OfType<string>());

    public static string Date(DateOnly? date) => date?.ToString("MMMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US")) ?? NotRecorded;
}
