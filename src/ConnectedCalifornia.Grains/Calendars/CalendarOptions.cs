namespace ConnectedCalifornia.Calendars;

/// <summary>Settings of event registration, under <c>Calendars</c>.</summary>
public sealed class CalendarOptions
{
    public const string SectionName = "Calendars";

    /// <summary>
    /// How long a public registration (without an account) holds its seat or waitlist place before the
    /// registrant confirms through the link e-mailed to the address; unconfirmed, it then ends and the
    /// seat goes to the waitlist.
    /// </summary>
    public TimeSpan ConfirmationHold { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// When an address registers again for the same event, its registration's link is e-mailed to it
    /// again, at most once in this interval (the answer on the page is the same either way).
    /// </summary>
    public TimeSpan LinkResendInterval { get; set; } = TimeSpan.FromMinutes(10);
}
