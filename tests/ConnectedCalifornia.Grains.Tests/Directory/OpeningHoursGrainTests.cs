using System.Collections.Immutable;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Directory.Tests;

[Collection(ClusterCollection.Name)]
public sealed class OpeningHoursGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private static OpeningRange Range(DayOfWeek day, double opens, double closes) => new(day, (int)(opens * 60), (int)(closes * 60));

    public static TheoryData<string, OpeningHours> BadHours => new()
    {
        { "closes before it opens", new(false, [Range(DayOfWeek.Monday, 17, 9)]) },
        { "closes when it opens", new(false, [Range(DayOfWeek.Monday, 9, 9)]) },
        { "runs past midnight", new(false, [Range(DayOfWeek.Friday, 20, 26)]) },
        { "negative time", new(false, [new OpeningRange(DayOfWeek.Monday, -30, 600)]) },
        { "four ranges a day", new(false, [Range(DayOfWeek.Monday, 8, 9), Range(DayOfWeek.Monday, 10, 11), Range(DayOfWeek.Monday, 12, 13), Range(DayOfWeek.Monday, 14, 15)]) },
        { "overlapping ranges", new(false, [Range(DayOfWeek.Tuesday, 9, 13), Range(DayOfWeek.Tuesday, 12, 17)]) },
        { "not a weekday", new(false, [Range((DayOfWeek)9, 9, 17)]) },
        { "24/7 with ranges", new(true, [Range(DayOfWeek.Monday, 9, 17)]) },
    };

    [Theory]
    [MemberData(nameof(BadHours))]
    public async Task Bad_opening_hours_are_refused_and_change_nothing(string _, OpeningHours hours)
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);

        var result = await grain.UpdateProfile(Organization() with { Hours = hours }, Curator);

        AssertRefused(result, "hours");
        var details = await grain.GetDetails();
        Assert.Null(details!.Profile.Hours);
        Assert.Equal(1, details.Version);
    }

    [Fact]
    public async Task Opening_hours_are_stored_and_recorded_in_the_history()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);
        var hours = new OpeningHours(false, [Range(DayOfWeek.Monday, 9, 12), Range(DayOfWeek.Monday, 13, 17), Range(DayOfWeek.Saturday, 20, 24), Range(DayOfWeek.Sunday, 0, 2)]);

        Assert.True((await grain.UpdateProfile(Organization() with { Hours = hours }, Curator)).Succeeded);
        Assert.True((await grain.UpdateProfile(Organization() with { Hours = OpeningHours.Always }, Curator)).Succeeded);

        Assert.True((await grain.GetDetails())!.Profile.Hours!.AlwaysOpen);
        var history = await grain.GetHistory(10);
        Assert.Equal("Open 24/7", history[0].NewValue);
        Assert.Equal("Mon 9:00 AM–12:00 PM; Mon 1:00 PM–5:00 PM; Sat 8:00 PM–12:00 AM; Sun 12:00 AM–2:00 AM", history[0].OldValue);
        Assert.Equal("hours", history[0].Field);
    }
}
