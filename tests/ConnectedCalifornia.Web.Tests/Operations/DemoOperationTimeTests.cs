using ConnectedCalifornia.Web.Components.Shared;
using ConnectedCalifornia.Web.Seeding;

namespace ConnectedCalifornia.Web.Tests.Operations;

/// <summary>The demo operation starts at 5 PM on a Thursday in Fresno, in winter and in summer alike.</summary>
public sealed class DemoOperationTimeTests
{
    [Theory]
    [InlineData("2026-01-12T20:00:00Z", "2026-01-15")] // Monday in standard time
    [InlineData("2026-07-13T20:00:00Z", "2026-07-16")] // Monday in daylight time
    [InlineData("2026-07-16T18:00:00Z", "2026-07-23")] // a Thursday: a week ahead
    [InlineData("2026-07-17T05:00:00Z", "2026-07-23")] // Friday in UTC, still Thursday evening in California
    public void The_demo_operation_starts_at_5_pm_on_the_next_Thursday_in_California(string now, string thursday)
    {
        var start = Pacific.ToPacific(DemoOperationsData.NextThursdayEvening(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(DateTime.Parse(thursday, System.Globalization.CultureInfo.InvariantCulture).AddHours(17), start.DateTime);
        Assert.Equal(DayOfWeek.Thursday, start.DayOfWeek);
    }
}
