namespace ConnectedCalifornia.Web.Components.Pages.Calendars;

/// <summary>
/// The texts of the calendar, event and certificate pages and the registration form. The English text is the key;
/// <c>EventsText.es.resx</c> beside this file holds the Spanish (see docs/localization.md).
/// </summary>
public sealed class EventsText;
