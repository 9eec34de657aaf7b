using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Insights;
using ConnectedCalifornia.Web.Referrals;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Insights;

/// <summary>The demo app with a network clock the referral tests can set back (to send referrals in an earlier month).</summary>
public sealed class ReferralOutcomesAppFixture : IAsyncLifetime
{
    private readonly Dictionary<string, HttpClient> _clients = [];

    public const string Sierra = "06091";

    /// <summary>Noon on the 15th of the month eleven months ago, California time: the oldest month of the view, which the demo's history leaves empty.</summary>
    public static DateTimeOffset Earlier { get; } = EarlierMonth();

    /// <summary>The network clock: the real time, set back to <see cref="Earlier"/> while the fixture sends its two early referrals.</summary>
    public ShiftedClock Clock { get; } = new();

    public NetworkAppFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = new NetworkAppFactory { NetworkClock = Clock };
        using var client = Factory.CreateBrowserLikeClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        Clock.Shift = Earlier - DateTimeOffset.UtcNow;
        try
        {
            await SendAsync(Sierra, "case-management", "Accepted");
            await SendAsync(Sierra, "case-management", "Declined", "NoCapacity");
        }
        finally
        {
            Clock.Shift = TimeSpan.Zero;
        }
    }

    /// <summary>Sends a referral through the referral API (a task-force member's organization to the demo shelter) and has the shelter answer it 45 minutes later.</summary>
    public async Task SendAsync(string county, string service, string answer, string? reason = null)
    {
        var sender = await ClientForAsync(MatrixRole.TaskForceMember);
        var receiver = await ClientForAsync(MatrixRole.ShelterStaff);
        var sent = await sender.PostAsJsonAsync($"/api/organizations/{DemoReferralData.FromOrganizationKey}/referrals/", new
        {
            toOrganizationId = AuthorizationMatrix.Org,
            services = new[] { service },
            ageBracket = "Age25To59",
            language = "en",
            county,
            urgency = "Routine",
        });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<ReferralApi.Sent>(TestJson.Options))!.Id;
        var shift = Clock.Shift;
        Clock.Shift = shift + TimeSpan.FromMinutes(45);
        try
        {
            var answered = await receiver.PostAsJsonAsync($"/api/referrals/{id}/transitions", reason is null ? new { to = answer } : (object)new { to = answer, reason });
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }
        finally
        {
            Clock.Shift = shift;
        }
    }

    /// <summary>The system's time moved by <see cref="Shift"/> (which may go back); timers are the system's.</summary>
    public sealed class ShiftedClock : TimeProvider
    {
        private long _ticks;

        public TimeSpan Shift
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
            set => Interlocked.Exchange(ref _ticks, value.Ticks);
        }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
    }

    private static DateTimeOffset EarlierMonth()
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, CaliforniaTime.Zone);
        var noon = new DateTime(local.Year, local.Month, 15, 12, 0, 0, DateTimeKind.Unspecified).AddMonths(-11);
        return new DateTimeOffset(noon, CaliforniaTime.Zone.GetUtcOffset(noon));
    }

    public async Task<HttpClient> ClientForAsync(MatrixRole role)
    {
        if (_clients.TryGetValue(role.Email()!, out var existing))
        {
            return existing;
        }

        var client = Factory.CreateBrowserLikeClient();
        await SignIn.AsAsync(client, Factory, role.Email()!);
        return _clients[role.Email()!] = client;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await Factory.DisposeAsync();
    }
}

/// <summary>
/// Referral outcomes through the real app: referrals sent and answered through the referral API, read back
/// through <c>GET /api/insights/referrals</c>, attacked by subtraction. Each test builds a case where hiding
/// only the counts under 5 would give one away (a county's total minus its visible classes, a service's or a
/// month's referrals as the state's total minus the other lines), and an attacker that subtracts along every
/// relation the tables have (and uses the acceptance rates) must learn no hidden count.
/// </summary>
public sealed class ReferralOutcomesSuppressionTests(ReferralOutcomesAppFixture app) : IClassFixture<ReferralOutcomesAppFixture>
{
    private const string Sender = DemoReferralData.FromOrganizationKey;
    private const string Alpine = "06003";
    private const string Modoc = "06049";

    [Fact]
    public async Task Suppression_a_county_total_minus_its_visible_outcomes_does_not_reveal_one_decline_for_capacity()
    {
        // Alpine County: six accepted and one declined for lack of capacity (the demo has no referrals there).
        for (var i = 0; i < 6; i++)
        {
            await SendAsync(Alpine, "shelter-housing", "Accepted");
        }

        await SendAsync(Alpine, "shelter-housing", "Declined", "NoCapacity");

        var (report, json) = await ReportAsync(MatrixRole.Curator);
        var alpine = report.ByCounty.Single(c => c.Key == Alpine);

        // What the referral API stored: seven referrals for Alpine County; the view counts exactly those.
        Assert.Equal(7, await OutboxCountAsync(Alpine));
        Assert.True(alpine.Sent.Value is 7 || alpine.Sent.Suppressed, $"{alpine.Sent}");
        Assert.True(alpine.DeclinedNoCapacity.Suppressed);
        Assert.Null(alpine.DeclinedNoCapacity.Value);

        // Sent − accepted − the other classes would be the one decline: so accepted is hidden as well.
        AssertNothingRevealed(report);
        AssertMarkersCarryNoNumber(json);
    }

    [Fact]
    public async Task Suppression_the_state_total_minus_the_visible_services_does_not_reveal_a_service_with_three_referrals()
    {
        // Prevention education: a service the demo's past referrals never asked for; three referrals now.
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(Modoc, "prevention-education", i == 0 ? "Declined" : "Accepted", i == 0 ? "NotEligible" : null);
        }

        var (report, json) = await ReportAsync(MatrixRole.Curator);
        var service = report.ByService.Single(s => s.Key == "prevention-education");
        Assert.True(service.Sent.Suppressed);
        Assert.Equal("Prevention education", service.Label);
        Assert.NotNull(report.State.Sent.Value);

        // The state's referrals minus every visible service line would be the three.
        AssertNothingRevealed(report);
        AssertMarkersCarryNoNumber(json);
    }

    [Fact]
    public async Task Suppression_month_totals_against_the_statewide_total_do_not_reveal_a_month_with_two_referrals()
    {
        // The fixture sent two Sierra County referrals eleven months ago (a month the demo's history leaves empty);
        // five more now, so this month's line is shown.
        for (var i = 0; i < 5; i++)
        {
            await SendAsync(ReferralOutcomesAppFixture.Sierra, "case-management", "Accepted");
        }

        var (report, json) = await ReportAsync(MatrixRole.Curator);
        Assert.Equal(ReferralOutcomeFacts.MonthOf(ReferralOutcomesAppFixture.Earlier), report.Months[0]);
        var month = report.ByMonth.Single(m => m.Key == report.Months[0]);
        Assert.True(month.Sent.Suppressed);
        Assert.Equal(7, report.ByCounty.Single(c => c.Key == ReferralOutcomesAppFixture.Sierra).Sent.Value);
        Assert.Equal(12, report.ByMonth.Length);

        // The state's referrals minus the eleven other months would be the two (three with the demo's own referral).
        AssertNothingRevealed(report);
        AssertMarkersCarryNoNumber(json);
    }

    [Fact]
    public async Task Insights_referral_outcomes_a_lead_gets_their_counties_and_the_state_others_are_refused()
    {
        var lead = await app.ClientForAsync(MatrixRole.TaskForceLead);
        var report = (await lead.GetFromJsonAsync<ReferralOutcomesReport>("/api/insights/referrals", TestJson.Options))!;
        Assert.False(report.Statewide);
        Assert.Contains(report.ByCounty, c => c.Key == "06019");
        Assert.DoesNotContain(report.ByCounty, c => c.Key == "06037");
        Assert.Empty(report.ByService);
        Assert.Empty(report.ByMonth);

        // The lead's lines are the curator's lines: the same published counts, never a finer or another split.
        var curator = await ReportAsync(MatrixRole.Curator);
        Assert.Equal(curator.Report.ByCounty.Single(c => c.Key == "06019"), report.ByCounty.Single(c => c.Key == "06019"));
        Assert.Equal(curator.Report.State, report.State);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/api/insights/referrals?county=06037")).StatusCode);
        var fresno = (await lead.GetFromJsonAsync<ReferralOutcomesReport>("/api/insights/referrals?county=06019", TestJson.Options))!;
        Assert.Equal("06019", Assert.Single(fresno.ByCounty).Key);
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.GetAsync("/api/insights/referrals?county=6019")).StatusCode);

        foreach (var role in new[] { MatrixRole.ShelterStaff, MatrixRole.ShelterAdmin, MatrixRole.TaskForceMember })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync(role)).GetAsync("/api/insights/referrals")).StatusCode);
        }

        using var anonymous = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/insights/referrals")).StatusCode);
    }

    [Fact]
    public async Task Insights_referral_outcomes_count_the_demo_history_and_a_new_referral_at_once()
    {
        var before = (await ReportAsync(MatrixRole.Curator)).Report;
        Assert.True(before.State.Sent.Value > 500, $"the demo's ten months of referrals are counted: {before.State}");
        Assert.True(before.State.AcceptanceRate is > 0 and < 1);
        Assert.True(before.State.HoursToAnswerP50 <= before.State.HoursToAnswerP90);

        await SendAsync("06037", "legal-aid", "Accepted");

        var after = (await ReportAsync(MatrixRole.Curator)).Report;
        Assert.Equal(before.State.Sent.Value + 1, after.State.Sent.Value);
        AssertNothingRevealed(after);
    }

    private Task SendAsync(string county, string service, string answer, string? reason = null) => app.SendAsync(county, service, answer, reason);

    private async Task<int> OutboxCountAsync(string county)
    {
        var sender = await app.ClientForAsync(MatrixRole.TaskForceMember);
        var rows = await sender.GetFromJsonAsync<JsonElement>($"/api/organizations/{Sender}/referrals/?box=outbox", TestJson.Options);
        return rows.EnumerateArray().Count(r => r.GetProperty("county").GetString() == county);
    }

    private async Task<(ReferralOutcomesReport Report, JsonElement Json)> ReportAsync(MatrixRole role)
    {
        var client = await app.ClientForAsync(role);
        var response = await client.GetAsync("/api/insights/referrals");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(TestJson.Options);
        return (json.Deserialize<ReferralOutcomesReport>(TestJson.Options)!, json);
    }

    /// <summary>In the raw JSON, every count marked suppressed has no number.</summary>
    private static void AssertMarkersCarryNoNumber(JsonElement json)
    {
        var markers = 0;
        foreach (var table in new[] { "byCounty", "byService", "byMonth" })
        {
            foreach (var row in json.GetProperty(table).EnumerateArray().Append(json.GetProperty("state")))
            {
                foreach (var cell in row.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
                {
                    if (cell.Value.GetProperty("suppressed").GetBoolean())
                    {
                        markers++;
                        Assert.Equal(JsonValueKind.Null, cell.Value.GetProperty("value").ValueKind);
                    }
                }
            }
        }

        Assert.True(markers > 0);
    }

    /// <summary>Subtracts along every relation of the published tables until nothing more follows; fails on anything hidden it learns.</summary>
    private static void AssertNothingRevealed(ReferralOutcomesReport report)
    {
        var revealed = SubtractionAttack.Run(report);
        Assert.True(revealed.Count == 0, "revealed by subtraction: " + string.Join("; ", revealed));
    }
}

/// <summary>
/// What someone with every number of the API could work out by adding and subtracting: each line's classes
/// add up to its referrals sent and its declines to its declined; each table's lines add up to the state's
/// line; an acceptance rate with one of its two counts gives the other. A relation with one unknown count
/// gives it; a relation whose total is known and whose unknown parts add up to 1–4 gives a small count.
/// </summary>
internal static class SubtractionAttack
{
    private static readonly string[] Columns = ["Sent", "Accepted", "Declined", "DeclinedNoCapacity", "DeclinedNotEligible", "DeclinedOtherReason", "NotAnswered"];

    public static List<string> Run(ReferralOutcomesReport report)
    {
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        var relations = new List<(string Total, string[] Parts)>();
        var rates = new List<(string Accepted, string Declined, double Rate)>();

        void AddLine(string prefix, ReferralOutcomeRow row)
        {
            var cells = new[] { row.Sent, row.Accepted, row.Declined, row.DeclinedNoCapacity, row.DeclinedNotEligible, row.DeclinedOtherReason, row.NotAnswered };
            for (var i = 0; i < Columns.Length; i++)
            {
                var name = prefix + "." + Columns[i];
                if (cells[i].Value is { } value)
                {
                    known[name] = value;
                }
                else
                {
                    Assert.True(cells[i].Suppressed);
                    hidden.Add(name);
                }
            }

            relations.Add((prefix + ".Sent", [prefix + ".Accepted", prefix + ".Declined", prefix + ".NotAnswered"]));
            relations.Add((prefix + ".Sent", [prefix + ".Accepted", prefix + ".DeclinedNoCapacity", prefix + ".DeclinedNotEligible", prefix + ".DeclinedOtherReason", prefix + ".NotAnswered"]));
            relations.Add((prefix + ".Declined", [prefix + ".DeclinedNoCapacity", prefix + ".DeclinedNotEligible", prefix + ".DeclinedOtherReason"]));
            if (row.AcceptanceRate is { } rate)
            {
                rates.Add((prefix + ".Accepted", prefix + ".Declined", rate));
            }
        }

        AddLine("state", report.State);
        foreach (var (name, rows) in new[] { ("county", report.ByCounty), ("service", report.ByService), ("month", report.ByMonth) })
        {
            foreach (var row in rows)
            {
                AddLine(name + ":" + row.Key, row);
            }

            if (!rows.IsDefaultOrEmpty && (name != "county" || report.Statewide))
            {
                foreach (var column in Columns)
                {
                    relations.Add(("state." + column, [.. rows.Select(r => name + ":" + r.Key + "." + column)]));
                }
            }
        }

        var revealed = new List<string>();
        bool progress;
        do
        {
            progress = false;
            foreach (var (total, parts) in relations)
            {
                var members = parts.Prepend(total).ToArray();
                var unknown = members.Where(m => !known.ContainsKey(m)).ToArray();
                if (unknown.Length == 1)
                {
                    var value = unknown[0] == total ? parts.Sum(p => known[p]) : known[total] - parts.Where(p => p != unknown[0]).Sum(p => known[p]);
                    Learn(unknown[0], value);
                    progress = true;
                }
                else if (unknown.Length > 1 && known.TryGetValue(total, out var t))
                {
                    var rest = t - parts.Where(known.ContainsKey).Sum(p => known[p]);
                    if (rest is > 0 and < Suppression.Below)
                    {
                        revealed.Add($"{string.Join(" + ", unknown)} = {rest}");
                    }
                }
            }

            foreach (var (accepted, declined, rate) in rates)
            {
                if (known.TryGetValue(accepted, out var a) && !known.ContainsKey(declined) && rate > 0)
                {
                    Learn(declined, (int)Math.Round(a * (1 - rate) / rate));
                    progress = true;
                }
                else if (known.TryGetValue(declined, out var d) && !known.ContainsKey(accepted) && rate < 1)
                {
                    Learn(accepted, (int)Math.Round(d * rate / (1 - rate)));
                    progress = true;
                }
            }
        }
        while (progress);

        return [.. revealed.Distinct()];

        void Learn(string name, int value)
        {
            known[name] = value;
            if (hidden.Contains(name))
            {
                revealed.Add($"{name} = {value}");
            }
        }
    }
}
