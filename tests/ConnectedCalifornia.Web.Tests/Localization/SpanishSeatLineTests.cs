using ConnectedCalifornia.Web.Components.Pages.Calendars;
using ConnectedCalifornia.Web.Localization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Localization;

/// <summary>
/// The seats-left line of an event reads right in Spanish for one seat as for many: the verb no longer
/// disagrees with a count of 1 ("Quedan 1 de 40 cupos"); it is said as a label and two numbers.
/// </summary>
public sealed class SpanishSeatLineTests
{
    [Theory]
    [InlineData(1, 40, "Cupos libres: 1 de 40")]
    [InlineData(12, 40, "Cupos libres: 12 de 40")]
    public void Localization_seats_left_in_spanish_agree_with_any_count(int left, int capacity, string expected)
    {
        using var spanish = TestCulture.Use("es");
        Assert.Equal(expected, TestCulture.Localizer<EventsText>().Say($"{left} of {capacity} seats left"));
    }
}
