using System.Globalization;
using ConnectedCalifornia.Web.Components.Pages.Calendars;
using ConnectedCalifornia.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Tests.Localization;

/// <summary>
/// The seats-left line of an event reads right in Spanish for one seat as for many: the verb no longer
/// disagrees with a count of 1 ("Quedan 1 de 40 cupos"); it is said as a label and two numbers. The localizer is
/// made by hand from a factory (not the pages' IStringLocalizer<T>): what other tests said through such a localizer of
/// another resource must not be taken for this one's.
/// </summary>
public sealed class SpanishSeatLineTests
{
    [Theory]
    [InlineData(1, 40, "Cupos libres: 1 de 40")]
    [InlineData(12, 40, "Cupos libres: 12 de 40")]
    public void Localization_seats_left_in_spanish_agree_with_any_count(int left, int capacity, string expected)
    {
        var t = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(EventsText));
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("es");
            Assert.Equal(expected, t.Say($"{left} of {capacity} seats left"));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }
}
