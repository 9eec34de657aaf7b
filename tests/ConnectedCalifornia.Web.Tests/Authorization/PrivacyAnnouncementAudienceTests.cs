using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Operations;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Directory;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Authorization;

/// <summary>
/// "Announcement audience ⊆ read audience": whoever may join a topic may also read, through the API,
/// every entity announced on it. Checked for every announcement kind (found by reflection, declared
/// in <see cref="AnnouncementAudiences"/>, which the publisher enforces), every topic it is declared
/// for, on the relationship fixtures (a confidential shelter and its site seen through org, county,
/// site and statewide topics; the task force; a referral; an operation; events of every audience;
/// library drafts), for every matrix role; and for what real capacity commands on the confidential
/// site actually publish, caught by an observer registered with the node registry like a web node.
/// </summary>
public sealed class PrivacyAnnouncementAudienceTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Org = AuthorizationMatrix.Org;
    private const string Site = AuthorizationMatrix.Site;
    private const string Fresno = "06019";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private readonly ConcurrentDictionary<(string Topic, MatrixRole Role), bool> _joins = new();
    private readonly ConcurrentDictionary<(string Path, MatrixRole Role), HttpStatusCode> _reads = new();

    [Fact]
    public void Every_announcement_kind_is_declared_with_what_it_names_and_where_it_may_go()
    {
        var kinds = new[] { typeof(AnnouncementKinds), typeof(OperationKinds) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

        var undeclared = kinds.Where(k => !AnnouncementAudiences.All.ContainsKey(k)).ToList();
        var unknown = AnnouncementAudiences.All.Keys.Where(k => !kinds.Contains(k)).ToList();
        Assert.True(undeclared.Count == 0, "Kinds without a declaration in AnnouncementAudiences: " + string.Join(", ", undeclared));
        Assert.True(unknown.Count == 0, "Declarations of kinds that do not exist: " + string.Join(", ", unknown));
        Assert.All(AnnouncementAudiences.All.Values, a => Assert.NotEmpty(a.TopicPrefixes));
    }

    [Fact]
    public async Task Every_announcement_reaches_only_people_who_may_read_its_entity()
    {
        var fixtures = await FixturesAsync();
        var violations = new List<string>();
        foreach (var audience in AnnouncementAudiences.All.Values.OrderBy(a => a.Kind, StringComparer.Ordinal))
        {
            foreach (var prefix in audience.TopicPrefixes)
            {
                if (!fixtures.TryGetValue((audience.Entity, prefix), out var cases) || cases.Length == 0)
                {
                    violations.Add($"{audience.Kind} on {prefix}: no relationship fixture for a {audience.Entity} on that topic; add the most private one the grains may announce there");
                    continue;
                }

                foreach (var (topic, readPath) in cases)
                {
                    Assert.True(audience.Allows(topic), $"fixture topic {topic} is not a {prefix} topic");
                    violations.AddRange(await CheckAsync(audience.Kind, topic, readPath));

                    // Who acted is named only to a closed group: never on a topic the public or every member may join.
                    if (audience.NamesActor(topic) && (await MayJoinAsync(topic, MatrixRole.Anonymous) || await MayJoinAsync(topic, MatrixRole.OtherOrganizationAdmin)))
                    {
                        violations.Add($"{audience.Kind} on {topic}: names who acted, but the public or any network member may join it");
                    }
                }
            }
        }

        Assert.True(violations.Count == 0, "Announcements reaching people who may not read what they name:\n" + string.Join("\n", violations.Distinct()));
    }

    [Fact]
    public async Task What_capacity_commands_on_a_confidential_site_publish_reaches_only_its_readers()
    {
        var captured = new ConcurrentQueue<NetworkAnnouncement>();
        var observer = new CapturingNode(captured);
        var client = app.Factory.Services.GetRequiredService<IClusterClient>();
        var reference = client.CreateObjectReference<INetworkNodeObserver>(observer);
        var registry = client.GetGrain<INetworkNodeRegistryGrain>(GrainKeys.NodeRegistry);
        await registry.Register(reference);
        try
        {
            var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
            var category = await CategoryWithRoomAsync(staff);

            // The publisher reads the node list again every 2 s: post until this observer hears the site.
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                while (!captured.Any(a => a.EntityId == Site))
                {
                    (await staff.PostAsJsonAsync($"/api/capacity/sites/{Site}/counts/{category}", new { available = 1 })).EnsureSuccessStatusCode();
                    await Task.Delay(500, timeout.Token);
                }
            }

            var hold = await staff.PostAsJsonAsync($"/api/capacity/sites/{Site}/holds", new { category, holderOrganizationId = Org, minutes = 30, purpose = "Test hold" });
            hold.EnsureSuccessStatusCode();
            var holdId = (await hold.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("holdId").GetString();
            (await staff.DeleteAsync($"/api/capacity/sites/{Site}/holds/{holdId}")).EnsureSuccessStatusCode();
            // The index announces the county before the site announces itself (same silo, in order): this is the last one.
            await Eventually.TrueAsync(() => Task.FromResult(captured.Any(a => a.Kind == AnnouncementKinds.CapacityHoldReleased && a.EntityId == Site)));
        }
        finally
        {
            await registry.Unregister(reference);
            client.DeleteObjectReference<INetworkNodeObserver>(reference);
        }

        var violations = new List<string>();
        var seen = captured.Where(a => a.Kind.StartsWith("capacity.", StringComparison.Ordinal)).ToList();
        foreach (var announcement in seen)
        {
            foreach (var topic in announcement.Topics)
            {
                if (!AnnouncementAudiences.Allows(announcement.Kind, topic))
                {
                    violations.Add($"{announcement.Kind} of {announcement.EntityId} went to {topic}, which is not declared for it");
                    continue;
                }

                var readPath = ReadPath(AnnouncementAudiences.All[announcement.Kind].Entity, announcement.EntityId);
                violations.AddRange(await CheckAsync(announcement.Kind, topic, readPath));
            }
        }

        Assert.Contains(seen, a => a.EntityId == Site);
        Assert.True(violations.Count == 0, "Announcements reaching people who may not read what they name:\n" + string.Join("\n", violations.Distinct()));
    }

    /// <summary>Every role that may join <paramref name="topic"/> must be able to read <paramref name="readPath"/>.</summary>
    private async Task<IEnumerable<string>> CheckAsync(string kind, string topic, string readPath)
    {
        var violations = new List<string>();
        foreach (var role in MatrixRoles.All)
        {
            if (!await MayJoinAsync(topic, role))
            {
                continue;
            }

            var status = await ReadAsync(readPath, role);
            if (status != HttpStatusCode.OK)
            {
                violations.Add($"{kind} on {topic}: {role} may join but GET {readPath} is {(int)status}");
            }
        }

        return violations;
    }

    private async Task<string> UserIdAsync(MatrixRole role)
    {
        using var scope = app.Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ConnectedCalifornia.Web.Identity.ApplicationUser>>();
        return (await users.FindByEmailAsync(role.Email()!))!.Id;
    }

    private async Task<bool> MayJoinAsync(string topic, MatrixRole role)
    {
        if (_joins.TryGetValue((topic, role), out var known))
        {
            return known;
        }

        var (_, cookie) = await app.ClientForAsync(role.Email());
        await using var connection = app.Factory.CreateHubConnection(cookie);
        await connection.StartAsync();
        var joined = (await connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), topic)).Joined;
        _joins[(topic, role)] = joined;
        return joined;
    }

    private async Task<HttpStatusCode> ReadAsync(string path, MatrixRole role)
    {
        if (_reads.TryGetValue((path, role), out var known))
        {
            return known;
        }

        var (client, _) = await app.ClientForAsync(role.Email());
        using var response = await client.GetAsync(path);
        _reads[(path, role)] = response.StatusCode;
        return response.StatusCode;
    }

    private static string ReadPath(AnnouncedEntity entity, string id) => entity switch
    {
        AnnouncedEntity.Organization => $"/api/organizations/{id}",
        AnnouncedEntity.TaskForce => $"/api/task-forces/{id}",
        AnnouncedEntity.Initiative => $"/api/initiatives/{id}",
        AnnouncedEntity.Site => $"/api/capacity/sites/{id}",
        AnnouncedEntity.CountyCapacity => $"/api/capacity/counties/{id}",
        AnnouncedEntity.Referral => $"/api/referrals/{id}",
        AnnouncedEntity.Operation => $"/api/operations/{id}",
        AnnouncedEntity.Event => $"/api/calendar/events/{id}",
        AnnouncedEntity.LibraryEntry => $"/api/library/{id}",
        AnnouncedEntity.Taxonomy => "/api/taxonomy/",
        AnnouncedEntity.Notifications => "/api/me/notifications",
        AnnouncedEntity.JoinRequest => $"/api/applications/{id}",
        _ => throw new ArgumentOutOfRangeException(nameof(entity)),
    };

    /// <summary>
    /// The relationship fixtures: for each kind of entity and each topic it can be announced on, the most
    /// private instances of the seeded network the grains may announce there, as (topic, read path).
    /// A confidential site and its organization appear on every topic a site could reach, so declaring a
    /// site kind on org:, county: or statewide fails the rule.
    /// </summary>
    private async Task<Dictionary<(AnnouncedEntity, string), ImmutableArray<(string Topic, string Read)>>> FixturesAsync()
    {
        var grains = app.Factory.Services.GetRequiredService<IGrainFactory>();
        var calendar = grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex);
        var events = new List<CalendarEventRow>();
        foreach (var id in new[] { DemoCalendarData.Prop35Training, DemoCalendarData.VolunteerTraining, DemoCalendarData.SignatureGathering, DemoCalendarData.TaskForceMeeting, DemoCalendarData.WorkingGroupMeeting, DemoCalendarData.AwarenessNight })
        {
            events.Add((await calendar.GetEvent(id))!);
        }

        const string taskForce = AuthorizationMatrix.TaskForce;
        const string referral = DemoReferralData.ReferralId;
        const string operation = AuthorizationMatrix.Operation;
        var org = ReadPath(AnnouncedEntity.Organization, Org);
        var site = ReadPath(AnnouncedEntity.Site, Site);
        var fixtures = new Dictionary<(AnnouncedEntity, string), ImmutableArray<(string, string)>>
        {
            [(AnnouncedEntity.Organization, Topics.OrganizationPrefix)] = [(Topics.Organization(Org), org)],
            [(AnnouncedEntity.Organization, Topics.CountyPrefix)] = [(Topics.County(Fresno), org)],
            [(AnnouncedEntity.Organization, Topics.Statewide)] = [(Topics.Statewide, org)],
            [(AnnouncedEntity.Organization, Topics.Curation)] = [(Topics.Curation, org)],
            // Joining: both topics are followed through the bridge only (no one joins them on the hub).
            [(AnnouncedEntity.JoinRequest, Topics.Curation)] = [(Topics.Curation, ReadPath(AnnouncedEntity.JoinRequest, JoinRequestKeys.NewApplication()))],
            [(AnnouncedEntity.JoinRequest, Topics.JoinRequestPrefix)] = [(Topics.JoinRequest(JoinRequestKeys.NewApplication()), ReadPath(AnnouncedEntity.JoinRequest, JoinRequestKeys.NewApplication()))],

            [(AnnouncedEntity.TaskForce, Topics.TaskForcePrefix)] = [(Topics.TaskForce(taskForce), ReadPath(AnnouncedEntity.TaskForce, taskForce))],
            // An organization's invitations and memberships: read in its own list of task forces (its admins).
            [(AnnouncedEntity.TaskForceInvitation, Topics.TaskForceInvitationsPrefix)] =
                [(Topics.TaskForceInvitations(Org), $"/api/organizations/{Org}/task-forces"), (Topics.TaskForceInvitations(AuthorizationMatrix.InvitedShelter), $"/api/organizations/{AuthorizationMatrix.InvitedShelter}/task-forces")],
            [(AnnouncedEntity.TaskForce, Topics.OrganizationPrefix)] = [(Topics.Organization(Org), ReadPath(AnnouncedEntity.TaskForce, taskForce))],

            [(AnnouncedEntity.Initiative, Topics.InitiativePrefix)] = [(Topics.Initiative(AuthorizationMatrix.Initiative), ReadPath(AnnouncedEntity.Initiative, AuthorizationMatrix.Initiative))],
            [(AnnouncedEntity.Initiative, Topics.Statewide)] = [(Topics.Statewide, ReadPath(AnnouncedEntity.Initiative, AuthorizationMatrix.Initiative))],

            // The confidential site seen through its site, its organization, its county and the state.
            [(AnnouncedEntity.Site, Topics.SitePrefix)] = [(Topics.Site(Site), site)],
            [(AnnouncedEntity.Site, Topics.OrganizationPrefix)] = [(Topics.Organization(Org), site)],
            [(AnnouncedEntity.Site, Topics.CountyPrefix)] = [(Topics.County(Fresno), site)],
            [(AnnouncedEntity.Site, Topics.Statewide)] = [(Topics.Statewide, site)],
            [(AnnouncedEntity.CountyCapacity, Topics.CountyPrefix)] = [(Topics.County(Fresno), ReadPath(AnnouncedEntity.CountyCapacity, Fresno))],
            [(AnnouncedEntity.CountyCapacity, Topics.Statewide)] = [(Topics.Statewide, ReadPath(AnnouncedEntity.CountyCapacity, Fresno))],

            [(AnnouncedEntity.Referral, Topics.ReferralsPrefix)] =
                [(Topics.Referrals(Org), ReadPath(AnnouncedEntity.Referral, referral)), (Topics.Referrals(DemoReferralData.FromOrganizationKey), ReadPath(AnnouncedEntity.Referral, referral))],
            [(AnnouncedEntity.Referral, Topics.ReferralPrefix)] = [(Topics.Referral(referral), ReadPath(AnnouncedEntity.Referral, referral))],
            [(AnnouncedEntity.Referral, Topics.OrganizationPrefix)] = [(Topics.Organization(Org), ReadPath(AnnouncedEntity.Referral, referral))],

            [(AnnouncedEntity.Operation, Topics.OperationPrefix)] = [(Topics.Operation(operation), ReadPath(AnnouncedEntity.Operation, operation))],
            [(AnnouncedEntity.Operation, Topics.OperationsPrefix)] =
                [(Topics.Operations(Org), ReadPath(AnnouncedEntity.Operation, operation)), (Topics.Operations(DemoOperationsData.LeadAgencyKey), ReadPath(AnnouncedEntity.Operation, operation))],
            [(AnnouncedEntity.Operation, Topics.OrganizationPrefix)] = [(Topics.Organization(DemoOperationsData.LeadAgencyKey), ReadPath(AnnouncedEntity.Operation, operation))],
            [(AnnouncedEntity.Operation, Topics.TaskForcePrefix)] = [(Topics.TaskForce(taskForce), ReadPath(AnnouncedEntity.Operation, operation))],

            // Events, by the audiences EventGrain publishes to each topic: every event on its own topic;
            // public ones on statewide, county and initiative; public and members' ones on their hosts'
            // organization topics; task-force ones on their task force.
            [(AnnouncedEntity.Event, Topics.EventPrefix)] = [.. events.Select(e => (Topics.Event(e.EventId), EventPath(e)))],
            [(AnnouncedEntity.Event, Topics.Statewide)] = [.. events.Where(e => e.Audience == EventAudience.Public).Select(e => (Topics.Statewide, EventPath(e)))],
            [(AnnouncedEntity.Event, Topics.CountyPrefix)] = [.. events.Where(e => e.Audience == EventAudience.Public).Select(e => (Topics.County(e.County), EventPath(e)))],
            [(AnnouncedEntity.Event, Topics.InitiativePrefix)] =
                [.. events.Where(e => e.Audience == EventAudience.Public && e.InitiativeId is not null).Select(e => (Topics.Initiative(e.InitiativeId!), EventPath(e)))],
            [(AnnouncedEntity.Event, Topics.OrganizationPrefix)] =
                [.. events.Where(e => e.Audience is EventAudience.Public or EventAudience.NetworkMembers).SelectMany(e => e.HostOrganizationIds.Select(h => (Topics.Organization(h), EventPath(e))))],
            [(AnnouncedEntity.Event, Topics.TaskForcePrefix)] =
                [.. events.Where(e => e.Audience == EventAudience.TaskForceMembers && e.TaskForceId is not null).Select(e => (Topics.TaskForce(e.TaskForceId!), EventPath(e)))],

            [(AnnouncedEntity.LibraryEntry, Topics.LibraryPublic)] = [(Topics.LibraryPublic, ReadPath(AnnouncedEntity.LibraryEntry, DemoLibraryData.Proposition35))],
            [(AnnouncedEntity.LibraryEntry, Topics.LibraryCurators)] = [(Topics.LibraryCurators, ReadPath(AnnouncedEntity.LibraryEntry, DemoLibraryData.DraftEntry))],

            [(AnnouncedEntity.Taxonomy, Topics.Statewide)] = [(Topics.Statewide, ReadPath(AnnouncedEntity.Taxonomy, string.Empty))],

            // A person's notification center: only that person joins it, and reads their own center.
            [(AnnouncedEntity.Notifications, Topics.PersonPrefix)] = [(Topics.Person(await UserIdAsync(MatrixRole.ShelterStaff)), ReadPath(AnnouncedEntity.Notifications, string.Empty))],
        };

        // Every event kind reaches every topic above; an audience without a seeded event leaves a gap the test reports.
        Assert.Contains(events, e => e.Audience == EventAudience.NetworkMembers);
        Assert.Contains(events, e => e.Audience == EventAudience.TaskForceMembers);
        Assert.Contains(events, e => e.Audience == EventAudience.LawEnforcement);
        return fixtures;

        static string EventPath(CalendarEventRow e) => ReadPath(AnnouncedEntity.Event, e.EventId);
    }

    /// <summary>Takes announcements as a web node would, and keeps them.</summary>
    private sealed class CapturingNode(ConcurrentQueue<NetworkAnnouncement> captured) : INetworkNodeObserver
    {
        public Task Deliver(ImmutableArray<NetworkAnnouncement> announcements)
        {
            foreach (var announcement in announcements)
            {
                captured.Enqueue(announcement);
            }

            return Task.CompletedTask;
        }
    }

    private async Task<string> CategoryWithRoomAsync(HttpClient staff)
    {
        var site = await staff.GetFromJsonAsync<JsonElement>($"/api/capacity/sites/{Site}", Json);
        return site.GetProperty("categories").EnumerateArray()
            .First(c => c.GetProperty("total").GetInt32() - c.GetProperty("held").GetInt32() >= 1)
            .GetProperty("category").GetString()!;
    }
}
