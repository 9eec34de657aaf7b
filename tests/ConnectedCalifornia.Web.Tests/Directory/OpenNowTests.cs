using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Directory.Hsds;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>"Open now" at the network clock's time in America/Los_Angeles: the logic, the search API and the HSDS schedules.</summary>
public sealed class OpenNowTests
{
    private static readonly OpeningHours Office = OpeningHours.Weekdays(9 * 60, 17 * 60);

    // Saturday 8 PM to Sunday 2 AM: two ranges across midnight.
    private static readonly OpeningHours LateNight = new(false, [new OpeningRange(DayOfWeek.Saturday, 20 * 60, OpeningRange.EndOfDay), new OpeningRange(DayOfWeek.Sunday, 0, 2 * 60)]);

    private static DateTime PacificAt(string utc)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
        return new DirectoryClock(clock).PacificNow();
    }

    [Theory]
    // Monday March 2, 2026 (PST, UTC-8): 16:59Z is 8:59 AM, 17:00Z is 9:00 AM, 00:59Z Tuesday is 4:59 PM Monday, 01:00Z is 5:00 PM.
    [InlineData("2026-03-02T16:59:00Z", false, "Closed · opens 9:00 AM")]
    [InlineData("2026-03-02T17:00:00Z", true, "Open now · closes 5:00 PM")]
    [InlineData("2026-03-03T00:59:00Z", true, "Open now · closes 5:00 PM")]
    [InlineData("2026-03-03T01:00:00Z", false, "Closed · opens Tue 9:00 AM")]
    // Friday evening: next opening is Monday.
    [InlineData("2026-03-07T03:00:00Z", false, "Closed · opens Mon 9:00 AM")]
    // Monday March 9, 2026, the first weekday of daylight time (PDT, UTC-7): 9:00 AM is 16:00Z now.
    [InlineData("2026-03-09T16:00:00Z", true, "Open now · closes 5:00 PM")]
    [InlineData("2026-03-09T15:59:00Z", false, "Closed · opens 9:00 AM")]
    public void An_office_is_open_on_weekdays_in_Pacific_time_across_the_daylight_saving_change(string utc, bool open, string status)
    {
        var pacific = PacificAt(utc);

        Assert.Equal(open, Office.IsOpenAt(pacific));
        Assert.Equal(status, Office.StatusAt(pacific));
    }

    [Theory]
    // Saturday March 7 / Sunday March 8, 2026: daylight time starts Sunday 2:00 AM PST (10:00Z), when clocks jump to 3:00 AM.
    [InlineData("2026-03-08T03:59:00Z", false, "Closed · opens 8:00 PM")]          // Sat 7:59 PM PST
    [InlineData("2026-03-08T04:00:00Z", true, "Open now · closes Sun 2:00 AM")]    // Sat 8:00 PM PST
    [InlineData("2026-03-08T08:30:00Z", true, "Open now · closes 2:00 AM")]        // Sun 12:30 AM PST: past midnight, still open
    [InlineData("2026-03-08T09:59:00Z", true, "Open now · closes 2:00 AM")]        // Sun 1:59 AM PST
    [InlineData("2026-03-08T10:00:00Z", false, "Closed · opens Sat 8:00 PM")]      // Sun 3:00 AM PDT: the 2 AM hour never happened
    public void Hours_past_midnight_are_open_until_they_close_also_on_the_night_daylight_time_starts(string utc, bool open, string status)
    {
        var pacific = PacificAt(utc);

        Assert.Equal(open, LateNight.IsOpenAt(pacific));
        Assert.Equal(status, LateNight.StatusAt(pacific));
    }

    [Fact]
    public void Open_around_the_clock_is_always_open()
    {
        Assert.True(OpeningHours.Always.IsOpenAt(PacificAt("2026-03-08T10:30:00Z")));
        Assert.Equal("Open 24/7", OpeningHours.Always.StatusAt(PacificAt("2026-11-01T09:30:00Z")));
    }

    [Fact]
    public async Task The_search_filters_by_open_now_at_the_network_clock_and_the_export_carries_the_schedules()
    {
        // The clock starts now (the demo calendar is seeded around today) and the test moves it forward only.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new NetworkAppFactory { NetworkClock = clock };
        using var client = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/directory")).StatusCode);

        // The next Sunday, 3:00 AM Pacific: only the listings open around the clock are open.
        var sunday = NextPacific(clock.GetUtcNow(), DayOfWeek.Sunday, 3);
        clock.SetUtcNow(sunday);

        var night = await client.GetFromJsonAsync<JsonElement>("/api/directory?openNow=true&pageSize=100&sort=name");
        var alwaysOpen = DemoNetworkData.Organizations.Where(o => o.Profile.Hours?.AlwaysOpen == true).Select(o => o.Key).Order().ToList();
        Assert.NotEmpty(alwaysOpen);
        Assert.Equal(alwaysOpen, Ids(night).Order());

        // The Monday after, 10:00 AM Pacific: the weekday offices open too; the same filter combines with the others.
        clock.SetUtcNow(NextPacific(sunday, DayOfWeek.Monday, 10));
        var morning = await client.GetFromJsonAsync<JsonElement>("/api/directory?openNow=true&pageSize=100&sort=name");
        var open = DemoNetworkData.Organizations.Where(o => o.Profile.Hours is { } h && h.IsOpenAt(new DateTime(2026, 3, 2, 10, 0, 0))).Select(o => o.Key).Order().ToList();
        Assert.True(open.Count > alwaysOpen.Count);
        Assert.Equal(open.Count, morning.GetProperty("totalItems").GetInt32());
        var inFresno = await client.GetFromJsonAsync<JsonElement>("/api/directory?openNow=true&county=06019&pageSize=100");
        Assert.Equal(
            DemoNetworkData.Organizations.Where(o => open.Contains(o.Key) && o.Profile.Counties.Contains("06019")).Select(o => o.Key).Order(),
            Ids(inFresno).Order());

        // The HSDS export has a weekly schedule per service: 24/7 as every day 00:00–24:00.
        var export = await client.GetFromJsonAsync<JsonElement>("/api/hsds/export");
        var schedules = export.GetProperty("schedule").EnumerateArray().ToList();
        var shelter = DemoNetworkData.Organizations.First(o => o.Profile.Hours?.AlwaysOpen == true);
        var shelterService = HsdsExporter.ServiceId(shelter.Key, shelter.Profile.Services[0]);
        var always = Assert.Single(schedules, s => s.GetProperty("service_id").GetString() == shelterService);
        Assert.Equal(("WEEKLY", "MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00"), (always.GetProperty("freq").GetString(), always.GetProperty("byday").GetString(), always.GetProperty("opens_at").GetString(), always.GetProperty("closes_at").GetString()));
        var office = DemoNetworkData.Organizations.First(o => o.Profile.Hours is { AlwaysOpen: false } h && h.Ranges.Length == 5);
        var officeSchedule = Assert.Single(schedules, s => s.GetProperty("service_id").GetString() == HsdsExporter.ServiceId(office.Key, office.Profile.Services[0]));
        Assert.Equal("MO,TU,WE,TH,FR", officeSchedule.GetProperty("byday").GetString());
        Assert.Equal(office.Profile.Hours!.Ranges[0].Opens, Minutes(officeSchedule.GetProperty("opens_at").GetString()!));

        // Read back on import: the same hours.
        var (dataset, problem) = HsdsImporter.Read(System.Text.Encoding.UTF8.GetBytes(export.GetRawText()));
        Assert.Null(problem);
        Assert.Equal(dataset!.Schedule.Length, schedules.Count);
    }

    [Fact]
    public void The_manage_page_reads_hours_per_day_and_says_which_day_does_not_read()
    {
        var texts = HoursEditor.Texts(LateNight);
        Assert.Equal("20:00-24:00", texts[DayOfWeek.Saturday]);

        var (hours, problem) = HoursEditor.Parse(false, texts);
        Assert.Null(problem);
        Assert.Equal(LateNight.Ranges.OrderBy(r => r.Day).AsEnumerable(), hours!.Ranges.OrderBy(r => r.Day));

        texts[DayOfWeek.Monday] = "9 to 5";
        Assert.StartsWith("Monday:", HoursEditor.Parse(false, texts).Problem);
        Assert.Null(HoursEditor.Parse(false, HoursEditor.Texts(null)).Hours);
        Assert.True(HoursEditor.Parse(true, texts).Hours!.AlwaysOpen);
    }

    /// <summary>The first time after <paramref name="after"/> that is <paramref name="hour"/>:00 on <paramref name="day"/> in Pacific time.</summary>
    private static DateTimeOffset NextPacific(DateTimeOffset after, DayOfWeek day, int hour)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        var local = TimeZoneInfo.ConvertTime(after, zone).Date.AddDays(1);
        while (local.DayOfWeek != day)
        {
            local = local.AddDays(1);
        }

        var wall = local.AddHours(hour);
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }

    private static IEnumerable<string> Ids(JsonElement results) => results.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!);

    private static int Minutes(string time) => (int.Parse(time[..2], System.Globalization.CultureInfo.InvariantCulture) * 60) + int.Parse(time[3..], System.Globalization.CultureInfo.InvariantCulture);
}
