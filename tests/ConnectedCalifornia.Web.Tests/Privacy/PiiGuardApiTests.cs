using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Referrals;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using ConnectedCalifornia.Web.Tests.Referrals;

namespace ConnectedCalifornia.Web.Tests.Privacy;

/// <summary>
/// The PII guard through the real pipeline: a field that must not identify a survivor answers a validation
/// problem naming the kind of data and the field (never the data), and reading back shows nothing was stored.
/// </summary>
public sealed class PiiGuardApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Sender = DemoReferralData.FromOrganizationKey;
    private const string Shelter = AuthorizationMatrix.Org;
    private const string TaskForce = AuthorizationMatrix.TaskForce;
    private const string Operation = DemoOperationsData.OperationKey;
    private static readonly JsonSerializerOptions Json = ReferralApiTests.Json;

    [Fact]
    public async Task Referral_needs_refuse_a_phone_number()
    {
        var (lucia, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var outbox = $"/api/organizations/{Sender}/referrals/?box=outbox";
        var before = (await lucia.GetFromJsonAsync<JsonElement>(outbox, Json)).GetArrayLength();

        var response = await lucia.PostAsJsonAsync($"/api/organizations/{Sender}/referrals/", Draft(needs: "A bed tonight. Call her at (559) 555-0199."));

        await AssertRefusedAsync(response, "needs", PiiGuard.Message(PiiKind.PhoneNumber, PiiField.Referral), "555-0199");
        Assert.Equal(before, (await lucia.GetFromJsonAsync<JsonElement>(outbox, Json)).GetArrayLength());
    }

    [Fact]
    public async Task Referral_safety_notes_refuse_a_date_of_birth()
    {
        var (lucia, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var outbox = $"/api/organizations/{Sender}/referrals/?box=outbox";
        var before = (await lucia.GetFromJsonAsync<JsonElement>(outbox, Json)).GetArrayLength();

        var response = await lucia.PostAsJsonAsync($"/api/organizations/{Sender}/referrals/", Draft(safetyNotes: "Jane Doe DOB 04/12/2009 is hiding from her uncle."));

        await AssertRefusedAsync(response, "safetyNotes", PiiGuard.Message(PiiKind.DateOfBirth, PiiField.Referral), "04/12/2009");
        Assert.Equal(before, (await lucia.GetFromJsonAsync<JsonElement>(outbox, Json)).GetArrayLength());
    }

    [Fact]
    public async Task Referral_notes_refuse_the_consented_name_which_is_nowhere_after_a_withdrawal()
    {
        var (lucia, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var sent = await lucia.PostAsJsonAsync($"/api/organizations/{Sender}/referrals/", Draft());
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<ReferralApi.Sent>(Json))!.Id;
        (await lucia.PutAsJsonAsync($"/api/referrals/{id}/consent", new
        {
            recipientOrganizationId = Shelter,
            purpose = "Shelter intake",
            expiresAt = DateTimeOffset.UtcNow.AddDays(10),
            writtenConsentConfirmed = true,
            name = "Odalys Canarywing",
        })).EnsureSuccessStatusCode();

        var note = await lucia.PostAsJsonAsync($"/api/referrals/{id}/notes", new { text = "Odalys prefers mornings." });

        await AssertRefusedAsync(note, "text", PiiGuard.Message(PiiKind.ConsentedDetail, PiiField.Referral), "Odalys");
        Assert.Empty((await lucia.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}", Json)).GetProperty("notes").EnumerateArray());

        (await lucia.DeleteAsync($"/api/referrals/{id}/consent")).EnsureSuccessStatusCode();
        var after = await lucia.GetStringAsync($"/api/referrals/{id}");
        Assert.DoesNotContain("Odalys", after, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Canarywing", after, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Task_force_notice_refuses_a_social_security_number()
    {
        var (member, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var before = (await member.GetFromJsonAsync<JsonElement>($"/api/task-forces/{TaskForce}", Json)).GetProperty("notices").GetArrayLength();

        var response = await member.PostAsJsonAsync($"/api/task-forces/{TaskForce}/notices", new { text = "Found her papers at the motel: SSN 123-45-6789." });

        await AssertRefusedAsync(response, "text", PiiGuard.Message(PiiKind.SocialSecurityNumber, PiiField.TaskForceNotice), "6789");
        var notices = (await member.GetFromJsonAsync<JsonElement>($"/api/task-forces/{TaskForce}", Json)).GetProperty("notices");
        Assert.Equal(before, notices.GetArrayLength());
    }

    [Fact]
    public async Task Operation_timeline_refuses_a_vehicle_plate()
    {
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        (await lead.PutAsJsonAsync($"/api/operations/{Operation}/status", new { status = "Active" })).EnsureSuccessStatusCode();
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var before = (await staff.GetFromJsonAsync<JsonElement>($"/api/operations/{Operation}", Json)).GetProperty("timeline").GetArrayLength();

        var response = await staff.PostAsJsonAsync($"/api/operations/{Operation}/timeline", new { organizationId = Shelter, text = "The girl left in a silver Civic, plate 7CNRY7F." });

        await AssertRefusedAsync(response, "text", PiiGuard.Message(PiiKind.VehiclePlate, PiiField.OperationTimeline), "7CNRY7F");
        var operation = await staff.GetStringAsync($"/api/operations/{Operation}");
        Assert.DoesNotContain("7CNRY7F", operation, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, (await staff.GetFromJsonAsync<JsonElement>($"/api/operations/{Operation}", Json)).GetProperty("timeline").GetArrayLength());

        // Ordinary coordination text with an organization's hotline passes.
        (await staff.PostAsJsonAsync($"/api/operations/{Operation}/timeline", new { organizationId = Shelter, text = "2 beds held at 22:15; hotline 1-800-799-7233 shared." })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Operation_assignment_refuses_a_street_address()
    {
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());

        var response = await lead.PutAsJsonAsync($"/api/operations/{Operation}/assignments/pickup", new
        {
            organizationId = DemoOperationsData.LeadAgencyKey,
            task = "Pick her up at 12 Canary Lane",
            owner = "Sgt. Priya Sandhu",
            status = "Open",
        });

        await AssertRefusedAsync(response, "assignment.task", PiiGuard.Message(PiiKind.StreetAddress, PiiField.OperationAssignment), "Canary Lane");
        var operation = await lead.GetStringAsync($"/api/operations/{Operation}");
        Assert.DoesNotContain("Canary Lane", operation, StringComparison.Ordinal);
    }

    /// <summary>Refused for the field with the guard's message; neither the answer nor any log line repeats the value.</summary>
    private async Task AssertRefusedAsync(HttpResponseMessage response, string field, string message, string value)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.Contains(message, errors.GetProperty(field).EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(value, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(app.Factory.Logs.Lines.ToArray(), line => line.Contains(value, StringComparison.OrdinalIgnoreCase));
    }

    private static Dictionary<string, object?> Draft(string? needs = "A safe bed tonight; speaks Spanish.", string? safetyNotes = null) => new()
    {
        ["toOrganizationId"] = Shelter,
        ["services"] = new[] { "shelter-housing" },
        ["ageBracket"] = "Age12To17",
        ["language"] = "es",
        ["county"] = "06019",
        ["needs"] = needs,
        ["safetyNotes"] = safetyNotes,
        ["urgency"] = "Routine",
    };
}
