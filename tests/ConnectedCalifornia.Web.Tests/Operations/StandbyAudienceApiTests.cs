using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Operations;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Operations;

/// <summary>
/// A standby request goes to victim-service organizations only (by their directory category): a
/// request naming a police department or a district attorney is refused and changes nothing.
/// </summary>
public sealed class StandbyAudienceApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Theory]
    [InlineData("cottonleaf-police-department")]
    [InlineData("central-sierra-district-attorney")]
    public async Task A_standby_request_to_police_or_prosecutors_is_refused_and_nothing_is_stored(string organizationId)
    {
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var start = DateTimeOffset.UtcNow.AddDays(45);
        var created = await lead.PostAsJsonAsync($"/api/task-forces/{AuthorizationMatrix.TaskForce}/operations", new
        {
            title = "Standby audience " + Guid.NewGuid().ToString("N")[..6], type = "Enforcement", start, end = start.AddHours(5),
            counties = new[] { "06019" }, generalArea = "North Fresno", shareLocation = false, leadAgencyId = DemoOperationsData.LeadAgencyKey,
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<OperationsApi.Created>(Json))!.Id;

        var refused = await lead.PostAsJsonAsync($"/api/operations/{id}/standby", new
        {
            organizationIds = new[] { AuthorizationMatrix.Org, organizationId }, expectedPeople = 4, ages = "AdultsOnly", languages = new[] { "en" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("not a victim-service organization", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var stored = (await lead.GetFromJsonAsync<OperationView>($"/api/operations/{id}", Json))!;
        Assert.Empty(stored.Standby);
        Assert.DoesNotContain(stored.Participants, p => p.OrganizationId == organizationId || p.OrganizationId == AuthorizationMatrix.Org);
    }
}
