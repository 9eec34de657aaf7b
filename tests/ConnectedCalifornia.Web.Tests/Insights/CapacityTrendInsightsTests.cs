using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Insights;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Insights;

/// <summary>The demo app with a network clock the capacity-trend tests stop and move, so time-weighted figures are exact.</summary>
public sealed class CapacityTrendAppFixture : IAsyncLifetime
{
    private readonly Dictionary<string, HttpClient> _clients = [];

    public SteppedClock Clock { get; } = new();

    public NetworkAppFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = new NetworkAppFactory { NetworkClock = Clock };
        using var client = Factory.CreateBrowserLikeClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    public async Task<HttpClient> ClientForAsync(MatrixRole role)
    {
        if (_clients.TryGetValue(role.ToString(), out var existing))
        {
            return existing;
        }

        var client = Factory.CreateBrowserLikeClient();
        if (role != MatrixRole.Anonymous)
        {
            await SignIn.AsAsync(client, Factory, role.Email()!);
        }

        return _clients[role.ToString()] = client;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await Factory.DisposeAsync();
    }

    /// <summary>The system's time, or a time the test sets and moves by hand (<see cref="At"/>).</summary>
    public sealed class SteppedClock : TimeProvider
    {
        private readonly Lock _lock = new();
        private DateTimeOffset? _at;

        public DateTimeOffset? At
        {
            get { lock (_lock) { return _at; } }
            set { lock (_lock) { _at = value; } }
        }

        public override DateTimeOffset GetUtcNow() => At ?? System.GetUtcNow();
    }
}

/// <summary>
/// Capacity over time through the real app: sites defined and counts posted through the capacity API, the
/// county's daily aggregate read back through <c>GET /api/insights/capacity</c> with the network clock stopped
/// and moved by hand, so beds, free beds, occupancy, fresh counts and nights without a free bed are exactly what
/// the posted counts imply; the small-number rule, validation and who may ask.
/// </summary>
public sealed class CapacityTrendInsightsTests(CapacityTrendAppFixture app) : IClassFixture<CapacityTrendAppFixture>
{
    private const string Modoc = "06049"; // no demo site lists beds there
    private const string Alpine = "06003";
    private const string Fresno = "06019";
    private const string LosAngeles = "06037";
    private const double Hour = 3600;

    [Fact]
    public async Task Insights_Capacity_the_daily_aggregate_is_what_the_posted_counts_imply()
    {
        var admin = await app.ClientForAsync(MatrixRole.ShelterAdmin);
        var staff = await app.ClientForAsync(MatrixRole.ShelterStaff);
        var curator = await app.ClientForAsync(MatrixRole.Curator);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, CaliforniaTime.Zone).DateTime).AddDays(-3);
        var nine = California(day, 9);
        try
        {
            app.Clock.At = nine;
            var before = await ReportAsync(curator, $"county={Modoc}&category=minors&days=7");
            Assert.Equal(0, before.Line.Sites);

            // Three sites in Modoc County with 4, 6 and 10 beds for minors (one confidential); 1, 2 and 3 free at 9 am.
            string[] sites = [$"{AuthorizationMatrix.Org}--trend-a", $"{AuthorizationMatrix.Org}--trend-b", $"{AuthorizationMatrix.Org}--trend-c"];
            int[] totals = [4, 6, 10];
            for (var i = 0; i < sites.Length; i++)
            {
                var definition = new { name = $"Modoc house {i + 1}", county = Modoc, confidential = i == 2, categories = new[] { new { category = "minors", total = totals[i] } } };
                (await admin.PutAsJsonAsync($"/api/capacity/sites/{sites[i]}", definition)).EnsureSuccessStatusCode();
                (await staff.PostAsJsonAsync($"/api/capacity/sites/{sites[i]}/counts/minors", new { available = i + 1 })).EnsureSuccessStatusCode();
            }

            // At 1 pm the first site is full; read at 3 pm.
            app.Clock.At = nine.AddHours(4);
            (await staff.PostAsJsonAsync($"/api/capacity/sites/{sites[0]}/counts/minors", new { available = 0 })).EnsureSuccessStatusCode();
            app.Clock.At = nine.AddHours(6);
            var report = await ReportAsync(curator, $"county={Modoc}&category=minors&days=7");

            // 9 am–1 pm 6 free, 1–3 pm 5 free: 34 bed-hours over 6 hours; 20 beds, every count fresh.
            var line = report.Line;
            Assert.False(line.TooFew);
            Assert.Equal(3, line.Sites);
            Assert.Equal(20, line.MeanBeds!.Value, 6);
            Assert.Equal(34.0 / 6, line.MeanFree!.Value, 6);
            Assert.Equal(1 - 34.0 / 6 / 20, line.Occupancy!.Value, 6);
            Assert.Equal(1, line.FreshShare!.Value, 6);
            Assert.Equal((5, 20, 3), (line.FreeNow, line.BedsNow, line.FreshSitesNow));
            Assert.Equal(7, report.Points.Length);
            Assert.Equal(day, report.Points[^1].From);
            Assert.Equal(34.0 / 6, report.Points[^1].MeanFree!.Value, 6);
            Assert.All(report.Points[..^1], p => Assert.Null(p.MeanFree));

            // 4 am the next day. The 9 am counts turned stale at 9 pm, the 1 pm count (0 free) at 1 am: from 9 pm on the
            // county had no free bed. Fresh: all three sites 9 am–9 pm, one site 9 pm–1 am.
            app.Clock.At = nine.AddHours(19);
            report = await ReportAsync(curator, $"county={Modoc}&category=minors&days=7");
            line = report.Line;
            Assert.Equal(64.0 / 19, line.MeanFree!.Value, 6); // 24 + 10 + 5 × 6 (3–9 pm) bed-hours over 15 + 4 hours
            Assert.Equal(1 - 64.0 / 256, line.Occupancy!.Value, 6); // beds of fresh counts: 20 × 12 h + 4 × 4 h
            Assert.Equal(40.0 / 57, line.FreshShare!.Value, 6); // fresh site-hours 36 + 3 + 1 of 3 × 19
            Assert.Equal(1, line.NightsWithNoFreeBed); // 9 pm–4 am without a free bed: 7 hours
            Assert.Equal(1, line.Nights);
            Assert.Equal((0, 20, 0), (line.FreeNow, line.BedsNow, line.FreshSitesNow));
            Assert.Equal(1, report.Points.Single(p => p.From == day).NightsWithNoFreeBed);

            // The statewide view has the same county line, and the state's line counts it too.
            var state = await ReportAsync(curator, "category=minors&days=7");
            var modoc = state.Counties.Single(c => c.Key == Modoc);
            Assert.Equal(line.MeanFree, modoc.MeanFree);
            Assert.Equal(line.FreshShare, modoc.FreshShare);
            Assert.True(state.Line.BedsNow >= 20);

            // What the trend grain stored is what the API answered (read straight from it).
            var grains = (IGrainFactory)app.Factory.Services.GetService(typeof(IGrainFactory))!;
            var slice = await grains.GetGrain<ConnectedCalifornia.Capacity.ICapacityTrendGrain>(Modoc).Read("minors", day, day);
            Assert.Equal(15 * Hour, slice.Days.Single().ObservedSeconds, 3);
            Assert.Equal(64 * Hour, slice.Days.Single().FreeSeconds, 3);
            Assert.Equal(7 * Hour, slice.Days.Single().NightZeroSeconds, 3);
        }
        finally
        {
            app.Clock.At = null;
        }
    }

    [Fact]
    public async Task Insights_Capacity_a_county_with_fewer_than_3_sites_shows_no_figures_and_never_alone()
    {
        var admin = await app.ClientForAsync(MatrixRole.ShelterAdmin);
        var curator = await app.ClientForAsync(MatrixRole.Curator);
        var definition = new { name = "Alpine refuge", county = Alpine, confidential = true, categories = new[] { new { category = "lgbtq", total = 3 } } };
        (await admin.PutAsJsonAsync($"/api/capacity/sites/{AuthorizationMatrix.Org}--trend-alpine", definition)).EnsureSuccessStatusCode();

        var one = await curator.GetAsync($"/api/insights/capacity?county={Alpine}&category=lgbtq&days=30");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var json = await one.Content.ReadFromJsonAsync<JsonElement>(TestJson.Options);
        Assert.True(json.GetProperty("line").GetProperty("tooFew").GetBoolean());
        foreach (var field in new[] { "meanBeds", "meanFree", "occupancy", "freshShare", "freeNow", "bedsNow", "nightsWithNoFreeBed" })
        {
            Assert.Equal(JsonValueKind.Null, json.GetProperty("line").GetProperty(field).ValueKind);
        }

        Assert.Empty(json.GetProperty("points").EnumerateArray());

        // Statewide: every county under 3 sites is hidden, and the hidden ones are never one alone nor 1–2 sites together,
        // so the state's line minus the shown counties is never one small county.
        foreach (var category in new[] { "lgbtq", "minors", "all-beds" })
        {
            var state = await ReportAsync(curator, $"category={category}&days=30");
            Assert.All(state.Counties.Where(c => c.Sites < 3), c => Assert.True(c.TooFew, c.Key));
            Assert.All(state.Counties.Where(c => c.TooFew), c => Assert.Null(c.MeanFree));
            var hidden = state.Counties.Where(c => c.TooFew).ToList();
            Assert.True(hidden.Count == 0 || (hidden.Count >= 2 && hidden.Sum(c => c.Sites) >= 3), $"{category}: {string.Join(", ", hidden.Select(h => $"{h.Key} ({h.Sites})"))}");
        }

        Assert.True((await ReportAsync(curator, "category=lgbtq&days=30")).Counties.Single(c => c.Key == Alpine).TooFew);
    }

    [Fact]
    public async Task Insights_Capacity_the_demo_has_a_year_of_history()
    {
        var curator = await app.ClientForAsync(MatrixRole.Curator);

        var report = await ReportAsync(curator, "days=365");

        Assert.Equal(53, report.Points.Length); // weeks back from today; the first is shorter
        Assert.All(report.Points, p => Assert.NotNull(p.MeanBeds));
        Assert.InRange(report.Line.FreshShare!.Value, 0.5, 1);
        Assert.InRange(report.Line.Occupancy!.Value, 0.2, 1);
        var shown = report.Counties.Where(c => !c.TooFew).ToList();
        Assert.NotEmpty(shown);
        Assert.All(shown, c => Assert.InRange(c.Nights!.Value, 363, 366));
        Assert.Contains(report.Counties, c => c.NightsWithNoFreeBed > 0);
    }

    [Theory]
    [InlineData("county=6019", "county")]
    [InlineData("county=06999", "county")]
    [InlineData("days=14", "days")]
    [InlineData("days=abc", "days")]
    [InlineData("days=-7", "days")]
    [InlineData("category=cots", "category")]
    [InlineData("category=advocates-on-call", "category")]
    public async Task Insights_Capacity_a_bad_question_is_refused_with_the_field_named(string query, string field)
    {
        var curator = await app.ClientForAsync(MatrixRole.Curator);

        var response = await curator.GetAsync($"/api/insights/capacity?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestJson.Options);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }

    [Theory]
    [InlineData(MatrixRole.Anonymous, Fresno, HttpStatusCode.Unauthorized)]
    [InlineData(MatrixRole.TaskForceMember, Fresno, HttpStatusCode.Forbidden)]
    [InlineData(MatrixRole.ShelterAdmin, Fresno, HttpStatusCode.Forbidden)]
    [InlineData(MatrixRole.TaskForceLead, LosAngeles, HttpStatusCode.Forbidden)]
    [InlineData(MatrixRole.TaskForceLead, Fresno, HttpStatusCode.OK)]
    [InlineData(MatrixRole.Curator, LosAngeles, HttpStatusCode.OK)]
    public async Task Insights_Capacity_who_may_ask(MatrixRole role, string county, HttpStatusCode expected)
    {
        var client = await app.ClientForAsync(role);

        var response = await client.GetAsync($"/api/insights/capacity?county={county}&days=90");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Insights_Capacity_a_lead_sees_the_counties_of_their_task_force_only()
    {
        var lead = await app.ClientForAsync(MatrixRole.TaskForceLead);

        var report = await ReportAsync(lead, "days=30");

        Assert.False(report.Statewide);
        Assert.All(report.Counties, c => Assert.Contains(c.Key, (string[])["06019", "06031", "06039", "06107"]));
        Assert.Contains(report.Counties, c => c.Key == Fresno);
    }

    private static async Task<CapacityTrendReport> ReportAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/insights/capacity?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CapacityTrendReport>(TestJson.Options))!;
    }

    private static DateTimeOffset California(DateOnly day, int hour)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, CaliforniaTime.Zone.GetUtcOffset(local));
    }
}
