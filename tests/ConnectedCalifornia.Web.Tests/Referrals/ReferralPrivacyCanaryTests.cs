using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Referrals;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace ConnectedCalifornia.Web.Tests.Referrals;

/// <summary>
/// The privacy proof. Plants a unique marker as a referral's consented name, another as a secure
/// note and a third in its needs; then acts as every role through every page, API endpoint and hub
/// topic of the authorization matrix (pointed at this referral), listening to every hub frame, and
/// scans every response, every frame and every log line: the markers appear only in what the two
/// organizations' members receive, never in a frame, a log line, an inbox row or the audit log.
/// </summary>
public sealed class ReferralPrivacyCanaryTests(SeededAppFixture app, ITestOutputHelper output) : IClassFixture<SeededAppFixture>
{
    /// <summary>The members of the two organizations: the only ones who may ever see the markers.</summary>
    private static readonly MatrixRole[] Parties = [MatrixRole.ShelterStaff, MatrixRole.ShelterAdmin, MatrixRole.TaskForceMember];

    [Fact]
    public async Task Canary_markers_reach_only_the_two_organizations_and_never_a_hub_frame_a_log_or_the_audit()
    {
        // Letters only: a run of random hex digits can read as a phone number or a date, and the referral's survivor-data
        // guard then refuses the needs text (400) — the test would fail at random for the wrong reason.
        var run = string.Concat(Guid.NewGuid().ToString("N")[..10].Select(c => char.IsDigit(c) ? (char)('g' + (c - '0')) : c));
        var nameMarker = $"CanaryName{run}";
        var noteMarker = $"CanaryNote{run}";
        var needsMarker = $"CanaryNeeds{run}";
        var safetyMarker = $"CanarySafety{run}";
        var contactMarker = $"canarycontact{run}@example.org";
        var declineMarker = $"CanaryDecline{run}";

        // Every free-text field of a referral carries a marker; the first three are checked to reach the parties (so the scan is not vacuous).
        string[] shown = [nameMarker, noteMarker, needsMarker];
        string[] markers = [.. shown, safetyMarker, contactMarker, declineMarker];

        // Every role listens to every topic it may join, from before the referral exists.
        var frames = new ConcurrentQueue<string>();
        var connections = new List<HubConnection>();
        var (lucia, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var sent = await lucia.PostAsJsonAsync(
            $"/api/organizations/{DemoReferralData.FromOrganizationKey}/referrals/",
            new { toOrganizationId = AuthorizationMatrix.Org, services = new[] { "shelter-housing" }, ageBracket = "Age12To17", language = "es", county = "06019", needs = needsMarker, safetyNotes = safetyMarker, urgency = "Urgent" });
        sent.EnsureSuccessStatusCode();
        var id = (await sent.Content.ReadFromJsonAsync<ReferralApi.Sent>(ReferralApiTests.Json))!.Id;
        string[] topics = [Topics.Referrals(AuthorizationMatrix.Org), Topics.Referrals(DemoReferralData.FromOrganizationKey), Topics.Referral(id), Topics.Statewide, Topics.County("06019"), Topics.Organization(AuthorizationMatrix.Org)];
        foreach (var role in MatrixRoles.All)
        {
            var (_, cookie) = await app.ClientForAsync(role.Email());
            var connection = app.Factory.CreateHubConnection(cookie);
            connection.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => frames.Enqueue($"{role}: {JsonSerializer.Serialize(m)}"));
            await connection.StartAsync();
            foreach (var topic in topics)
            {
                var join = await connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), topic);
                frames.Enqueue($"{role} join {topic}: {JsonSerializer.Serialize(join)}");
            }

            connections.Add(connection);
        }

        (await lucia.PutAsJsonAsync($"/api/referrals/{id}/consent", new
        {
            recipientOrganizationId = AuthorizationMatrix.Org,
            purpose = "Shelter intake",
            expiresAt = DateTimeOffset.UtcNow.AddDays(10),
            writtenConsentConfirmed = true,
            name = nameMarker,
            contact = contactMarker,
        })).EnsureSuccessStatusCode();
        (await lucia.PostAsJsonAsync($"/api/referrals/{id}/notes", new { text = noteMarker })).EnsureSuccessStatusCode();
        var (receiver, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        (await receiver.PostAsJsonAsync($"/api/referrals/{id}/transitions", new { to = "Declined", reason = "Other", text = declineMarker })).EnsureSuccessStatusCode();

        // Every page and every reading endpoint of the matrix as every role, pointed at this referral;
        // commands keep their invalid bodies (and the demo referral), so they change nothing.
        var seen = new Dictionary<MatrixRole, StringBuilder>();
        var requests = 0;
        foreach (var role in MatrixRoles.All)
        {
            var (client, _) = await app.ClientForAsync(role.Email());
            var text = seen[role] = new StringBuilder();
            foreach (var row in AuthorizationMatrix.Pages.Concat(AuthorizationMatrix.Endpoints))
            {
                var verb = row.Key.Split(' ')[0];
                var isRead = !row.Key.StartsWith('/') ? verb is "GET" or "ANY" : true;
                if (row.Path.StartsWith("/hubs/", StringComparison.Ordinal) || row.Path.Contains("scalar", StringComparison.Ordinal))
                {
                    continue;
                }

                var path = isRead ? row.Path.Replace(DemoReferralData.ReferralId, id, StringComparison.Ordinal) : row.Path;
                using var request = new HttpRequestMessage(isRead ? HttpMethod.Get : new HttpMethod(verb), path);
                if (!isRead && row.Body is not null)
                {
                    request.Content = new StringContent(row.Body, Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                requests++;
                text.Append(path).Append(' ').Append(body).Append('\n');
                if (row.Path.Contains("/audit", StringComparison.Ordinal) || row.Path.Contains("/referrals/?box", StringComparison.Ordinal) || row.Path.Contains("statistics", StringComparison.Ordinal))
                {
                    Assert.DoesNotContain(markers, m => body.Contains(m, StringComparison.Ordinal));
                }
            }

            foreach (var extra in new[] { $"/api/referrals/{id}", $"/api/referrals/{id}/audit", $"/api/organizations/{DemoReferralData.FromOrganizationKey}/referrals/?box=outbox", $"/organizations/{DemoReferralData.FromOrganizationKey}/referrals" })
            {
                var body = await (await client.GetAsync(extra)).Content.ReadAsStringAsync();
                requests++;
                text.Append(extra).Append(' ').Append(body).Append('\n');
                if (extra.Contains("audit", StringComparison.Ordinal) || extra.Contains("box=", StringComparison.Ordinal))
                {
                    Assert.DoesNotContain(markers, m => body.Contains(m, StringComparison.Ordinal));
                }
            }
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        output.WriteLine($"Canary scan: {requests} responses for {MatrixRoles.All.Length} roles, {frames.Count} hub frames, {app.Factory.Logs.Lines.Count} log lines.");
        foreach (var role in MatrixRoles.All)
        {
            var text = seen[role].ToString();
            foreach (var marker in markers)
            {
                var found = text.Contains(marker, StringComparison.Ordinal);
                if (!shown.Contains(marker))
                {
                    Assert.False(found && !Parties.Contains(role), $"{role} received {marker}");
                }
                else if (Parties.Contains(role))
                {
                    // Not vacuous: the parties do see what they may (the referral page and record).
                    Assert.True(found, $"{role} should see {marker}");
                }
                else
                {
                    Assert.False(found, $"{role} received {marker}");
                }
            }
        }

        Assert.Contains(frames, f => f.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(frames, f => markers.Any(m => f.Contains(m, StringComparison.Ordinal)));
        Assert.DoesNotContain(app.Factory.Logs.Lines, line => markers.Any(m => line.Contains(m, StringComparison.Ordinal)));
    }
}
