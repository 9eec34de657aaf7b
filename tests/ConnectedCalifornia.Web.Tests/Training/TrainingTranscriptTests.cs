using System.Net;
using System.Net.Http.Json;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Insights;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Training;

/// <summary>
/// Training records through the real app (issue 20): a completion recorded by marking attendance reaches the person's
/// transcript, the agency's staff training and the training-coverage read model; certificate PDFs carry the code and the
/// public address and go only to the holder, their agency's training officers and curators.
/// </summary>
public sealed class TrainingTranscriptTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Shelter = AuthorizationMatrix.Org;
    private const string HarborPoint = "harbor-point-police-department";

    private static readonly string[] FresnoTaskForceCounties = ["06019", "06031", "06039", "06107"];

    [Fact]
    public async Task Transcript_a_completion_marked_by_the_host_reaches_the_transcript_the_staff_view_and_the_coverage_read_model()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var before = (await curator.GetFromJsonAsync<TrainingCoverageReport>("/api/insights/training", TestJson.Options))!;
        var transcriptBefore = (await staff.GetFromJsonAsync<Transcript>("/api/account/transcript", TestJson.Options))!;
        Assert.False(transcriptBefore.Prop35Trained);

        // The shelter hosts a Proposition 35 session starting in 10 minutes; its staff member registers and is marked as attended.
        var start = DateTimeOffset.UtcNow.AddMinutes(10);
        var created = await admin.PostAsJsonAsync("/api/calendar/events", new
        {
            title = "Prop 35 session (transcript test)",
            description = "A test training.",
            kind = "Training",
            hostOrganizationIds = new[] { Shelter },
            county = "06019",
            start,
            end = start.AddHours(2),
            online = false,
            address = "12 Orchard Road, Fresno, CA",
            hideAddressUntilRegistered = false,
            capacity = 10,
            audience = "NetworkMembers",
            trainingType = Prop35.TrainingType,
            creditHours = 2,
        }, TestJson.Options);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var eventId = (await created.Content.ReadFromJsonAsync<CalendarApi.EventCreated>(TestJson.Options))!.EventId;
        var registration = (await (await staff.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { })).Content.ReadFromJsonAsync<MyRegistration>(TestJson.Options))!;
        var marked = await admin.PutAsJsonAsync($"/api/calendar/events/{eventId}/registrations/{registration.RegistrationId}/attendance", new { attended = true });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var code = (await staff.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", TestJson.Options))!.Mine!.CertificateCode!;

        // Her transcript: the new certificate next to the seeded one, 3 + 2 credit hours, the Proposition 35 training done.
        var transcript = (await staff.GetFromJsonAsync<Transcript>("/api/account/transcript", TestJson.Options))!;
        Assert.Equal(transcriptBefore.Completions.Length + 1, transcript.Completions.Length);
        var line = transcript.Completions.Single(c => c.CertificateCode == code);
        Assert.Equal((eventId, 2m, Shelter, true), (line.EventId, line.CreditHours, line.OrganizationId, line.Prop35));
        Assert.Equal(transcriptBefore.CreditHours + 2, transcript.CreditHours);
        Assert.True(transcript.Prop35Trained);

        // The records the read model is fed from hold it under her agency and her account.
        var records = app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ITrainingRecordsGrain>(GrainKeys.TrainingRecords);
        var stored = (await records.GetCompletion(code))!;
        Assert.Equal((Shelter, TrainingPeople.KeyOf(MatrixRole.ShelterStaff.Email()!)), (stored.OrganizationId, stored.PersonKey));
        Assert.NotNull(stored.UserId);

        // Her training officer (the shelter's admin) sees it on the staff view.
        var staffView = (await admin.GetFromJsonAsync<StaffTrainingReport>($"/api/organizations/{Shelter}/training", TestJson.Options))!;
        var marisol = staffView.Staff.Single(s => s.Name == "Marisol Vega");
        Assert.True(marisol.Prop35Trained);
        Assert.Contains(marisol.Lines, l => l.CertificateCode == code);
        Assert.False(staffView.Staff.Single(s => s.Name == "Daniel Vang").Prop35Trained);

        // Coverage: one completion more and one more person with the Proposition 35 training; the same people trained (she was already).
        var after = (await curator.GetFromJsonAsync<TrainingCoverageReport>("/api/insights/training", TestJson.Options))!;
        Assert.Equal(before.State.Completions.Value + 1, after.State.Completions.Value);
        Assert.Equal(before.State.Prop35Trained.Value + 1, after.State.Prop35Trained.Value);
        Assert.Equal(before.State.PeopleTrained.Value, after.State.PeopleTrained.Value);
        Assert.Equal(before.State.CreditHours + 2, after.State.CreditHours);

        // Revoked (attendance unmarked): gone from the transcript, the records and the coverage.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/calendar/events/{eventId}/registrations/{registration.RegistrationId}/attendance", new { attended = false })).StatusCode);
        Assert.DoesNotContain((await staff.GetFromJsonAsync<Transcript>("/api/account/transcript", TestJson.Options))!.Completions, c => c.CertificateCode == code);
        Assert.Null(await records.GetCompletion(code));
        Assert.Equal(before.State.Completions.Value, (await curator.GetFromJsonAsync<TrainingCoverageReport>("/api/insights/training", TestJson.Options))!.State.Completions.Value);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/certificates/{code}/pdf")).StatusCode);
    }

    [Fact]
    public async Task Transcript_the_pdf_carries_the_name_code_and_verification_address_and_the_public_page_still_verifies_it()
    {
        var (officer, _) = await app.ClientForAsync(MatrixRole.LawEnforcementStaff.Email());
        var transcript = (await officer.GetFromJsonAsync<Transcript>("/api/account/transcript", TestJson.Options))!;
        Assert.Contains(transcript.Completions, c => c.CertificateCode == DemoTrainingData.OfficerCertificate && c.Prop35);

        var response = await officer.GetAsync($"/api/certificates/{DemoTrainingData.OfficerCertificate}/pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var url = $"http://localhost/certificates/{DemoTrainingData.OfficerCertificate}";

        // PDFsharp opens it: one page, the code and the address in its properties.
        using (var stream = new MemoryStream(bytes))
        using (var opened = PdfSharp.Pdf.IO.PdfReader.Open(stream, PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import))
        {
            Assert.Equal(1, opened.PageCount);
            Assert.Contains(DemoTrainingData.OfficerCertificate, opened.Info.Title, StringComparison.Ordinal);
            Assert.Contains(url, opened.Info.Subject, StringComparison.Ordinal);
        }

        // Its text (read back by another library) has the name, the training, the hours, the code and the address.
        using (var read = UglyToad.PdfPig.PdfDocument.Open(bytes))
        {
            var text = string.Concat(read.GetPages().Select(p => p.Text)).Replace(" ", string.Empty, StringComparison.Ordinal);
            foreach (var expected in new[] { "Det.RayAlcantar", "HarborPointPoliceDepartment", "Proposition35", "2credithours", DemoTrainingData.OfficerCertificate, url })
            {
                Assert.Contains(expected, text, StringComparison.Ordinal);
            }
        }

        // Anyone still verifies the code on the public page and through the API.
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        Assert.True((await anonymous.GetFromJsonAsync<CertificateView>($"/api/certificates/{DemoTrainingData.OfficerCertificate}", TestJson.Options))!.Valid);
        var page = System.Net.WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/certificates/{DemoTrainingData.OfficerCertificate}"));
        Assert.Contains($"Valid: certificate {DemoTrainingData.OfficerCertificate}", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcript_pdf_only_the_holder_their_agencys_training_officer_and_curators_download_a_certificate()
    {
        async Task<HttpStatusCode> AsAsync(MatrixRole role, string code)
        {
            var (client, _) = await app.ClientForAsync(role.Email());
            using var response = await client.GetAsync($"/api/certificates/{code}/pdf");
            return response.StatusCode;
        }

        var officerCode = DemoTrainingData.OfficerCertificate;
        foreach (var role in new[] { MatrixRole.LawEnforcementStaff, MatrixRole.Curator, MatrixRole.SystemAdmin })
        {
            Assert.Equal(HttpStatusCode.OK, await AsAsync(role, officerCode));
        }

        foreach (var role in new[] { MatrixRole.ShelterStaff, MatrixRole.ShelterAdmin, MatrixRole.TaskForceLead, MatrixRole.TaskForceMember, MatrixRole.OtherOrganizationAdmin })
        {
            Assert.Equal(HttpStatusCode.Forbidden, await AsAsync(role, officerCode));
        }

        using var anonymous = app.Factory.CreateBrowserLikeClient();
        Assert.True((await anonymous.GetAsync($"/api/certificates/{officerCode}/pdf")).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect or HttpStatusCode.Found);

        // The shelter's staff member's certificate: the shelter's admin is her training officer and downloads it; another admin does not.
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var hers = (await staff.GetFromJsonAsync<Transcript>("/api/account/transcript", TestJson.Options))!.Completions.First(c => c.OrganizationId == Shelter).CertificateCode;
        Assert.Equal(HttpStatusCode.OK, await AsAsync(MatrixRole.ShelterStaff, hers));
        Assert.Equal(HttpStatusCode.OK, await AsAsync(MatrixRole.ShelterAdmin, hers));
        Assert.Equal(HttpStatusCode.Forbidden, await AsAsync(MatrixRole.OtherOrganizationAdmin, hers));

        // Unknown or malformed codes are not found, for everyone allowed to ask.
        Assert.Equal(HttpStatusCode.NotFound, await AsAsync(MatrixRole.Curator, "CC-2222-3333"));
        Assert.Equal(HttpStatusCode.NotFound, await AsAsync(MatrixRole.Curator, "not-a-code"));
    }

    [Fact]
    public async Task Transcript_staff_training_is_for_the_agencys_training_officers_and_curators()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var harbor = (await curator.GetFromJsonAsync<StaffTrainingReport>($"/api/organizations/{HarborPoint}/training", TestJson.Options))!;
        Assert.True(harbor.Prop35Applies);
        var officer = harbor.Staff.Single(s => s.Name == "Det. Ray Alcantar");
        Assert.True(officer.Prop35Trained);
        Assert.Contains(officer.Lines, l => l.CertificateCode == DemoTrainingData.OfficerCertificate);
        Assert.True(harbor.CompletionsByOthers > 0, "the seeded officers of the department are not on its staff list");

        var (shelterStaff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        Assert.Equal(HttpStatusCode.Forbidden, (await shelterStaff.GetAsync($"/api/organizations/{Shelter}/training")).StatusCode);
        var (otherAdmin, _) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/api/organizations/{Shelter}/training")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await curator.GetAsync("/api/organizations/no-such-organization/training")).StatusCode);
    }

    [Fact]
    public async Task Transcript_the_staff_view_shows_a_member_only_the_trainings_completed_for_that_organization()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());

        // Marisol also takes a public training on her own (registered without her account, for no organization).
        var start = DateTimeOffset.UtcNow.AddMinutes(10);
        var created = await admin.PostAsJsonAsync("/api/calendar/events", new
        {
            title = "Open workshop (staff view scope test)",
            description = "A public workshop.",
            kind = "Training",
            hostOrganizationIds = new[] { Shelter },
            county = "06019",
            start,
            end = start.AddHours(1),
            online = false,
            address = "12 Orchard Road, Fresno, CA",
            hideAddressUntilRegistered = false,
            capacity = 10,
            audience = "Public",
            trainingType = "Trauma-informed care",
            creditHours = 1,
        }, TestJson.Options);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var eventId = (await created.Content.ReadFromJsonAsync<CalendarApi.EventCreated>(TestJson.Options))!.EventId;
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var registration = await PublicRegistration.RegisterAsync(app.Factory.Services, anonymous, eventId, "Marisol Vega", MatrixRole.ShelterStaff.Email()!);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/calendar/events/{eventId}/registrations/{registration.RegistrationId}/attendance", new { attended = true })).StatusCode);

        // Her own transcript has it (her address is hers); her organization's training officer does not see it.
        var transcript = (await staff.GetFromJsonAsync<Transcript>("/api/account/transcript", TestJson.Options))!;
        var own = Assert.Single(transcript.Completions, c => c.EventId == eventId);
        Assert.Null(own.OrganizationId);
        var staffView = (await admin.GetFromJsonAsync<StaffTrainingReport>($"/api/organizations/{Shelter}/training", TestJson.Options))!;
        var marisol = staffView.Staff.Single(s => s.Name == "Marisol Vega");
        Assert.DoesNotContain(marisol.Lines, l => l.CertificateCode == own.CertificateCode);
        Assert.All(staffView.Staff.SelectMany(s => s.Lines), l => Assert.Equal(Shelter, l.OrganizationId));
    }

    [Fact]
    public async Task Insights_training_coverage_curators_see_the_state_leads_their_counties_and_untrained_agencies_come_first()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var report = (await curator.GetFromJsonAsync<TrainingCoverageReport>("/api/insights/training", TestJson.Options))!;
        Assert.True(report.Statewide);

        // The law-enforcement agencies the demo leaves untrained head the list; every listed agency really has no one trained.
        Assert.All(DemoTrainingData.Untrained, id => Assert.Contains(report.NoOneTrained, a => a.OrganizationId == id && a.LawEnforcement));
        var firstOther = report.NoOneTrained.ToList().FindIndex(a => !a.LawEnforcement);
        Assert.True(firstOther < 0 || report.NoOneTrained.Skip(firstOther).All(a => !a.LawEnforcement));
        var records = app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ITrainingRecordsGrain>(GrainKeys.TrainingRecords);
        foreach (var agency in report.NoOneTrained)
        {
            var completions = await records.GetOrganization(agency.OrganizationId);
            Assert.True(agency.LawEnforcement ? !completions.Any(c => c.IsProp35) : completions.IsEmpty, agency.OrganizationId);
        }

        // The state line is the records' own count; every published count is 0, 5 or more, or hidden.
        var all = (await records.GetCompletions(-1))!.Completions;
        Assert.Equal(all.Length, report.State.Completions.Value);
        Assert.Equal(all.Sum(c => c.CreditHours), report.State.CreditHours);
        foreach (var line in report.ByCounty.Concat(report.ByAgency).Append(report.State))
        {
            foreach (var count in new[] { line.Completions, line.PeopleTrained, line.Prop35Trained })
            {
                Assert.True(count.Suppressed ? count.Value is null : count.Value is 0 or >= Suppression.Below, $"{line.Key}: {count}");
            }

            Assert.True(line.Completions.Suppressed == (line.CreditHours is null), $"{line.Key}: hours shown only with completions");
        }

        // A lead: only the counties of their task force, and another county by name is refused; a malformed one is a 400.
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var theirs = (await lead.GetFromJsonAsync<TrainingCoverageReport>("/api/insights/training", TestJson.Options))!;
        Assert.False(theirs.Statewide);
        Assert.All(theirs.ByCounty, c => Assert.Contains(c.County, FresnoTaskForceCounties));
        Assert.All(theirs.ByAgency, a => Assert.Contains(a.County, FresnoTaskForceCounties));
        Assert.Contains(theirs.ByAgency, a => a.Key == "sierra-mirador-police-department");
        Assert.Equal(report.State, theirs.State);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync("/api/insights/training?county=06019")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/api/insights/training?county=06037")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.GetAsync("/api/insights/training?county=6019")).StatusCode);
        var (member, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/insights/training")).StatusCode);
    }
}
