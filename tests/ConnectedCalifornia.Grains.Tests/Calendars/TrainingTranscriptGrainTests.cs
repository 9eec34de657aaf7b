using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Calendars.Tests;

/// <summary>The training records as the event grain writes them: a person's transcript, an agency's completions, the revision readers follow.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TrainingTranscriptGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Host = new("host-1", "Hana Host");
    private readonly IGrainFactory _grains = fixture.Client;

    private ITrainingRecordsGrain Records => _grains.GetGrain<ITrainingRecordsGrain>(GrainKeys.TrainingRecords);

    private async Task<(IEventGrain Grain, string Agency)> TrainingUnderWayAsync()
    {
        var agency = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IEventGrain>(NewKey("event"));
        Assert.True((await grain.Define(EventGrainTests.Training(agency, capacity: 5, creditHours: 2), Host, EventHostRights.AnyHost)).Succeeded);
        return (grain, agency);
    }

    [Fact]
    public async Task Transcript_attendance_records_the_completion_with_its_person_and_agency_and_unmarking_removes_it()
    {
        var (grain, agency) = await TrainingUnderWayAsync();
        var userId = NewKey("user");
        var email = $"{userId}@example.org";
        var registration = (await grain.Register(new RegistrationRequest(userId, "Rosa Officer", email, agency), Host)).Registration!;
        var known = (await Records.GetCompletions(-1))!.Revision;
        ClusterFixture.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(5));

        Assert.True((await grain.MarkAttendance(registration.RegistrationId, true, Host)).Succeeded);

        var code = (await grain.GetRegistration(registration.RegistrationId))!.CertificateCode!;
        var line = Assert.Single(await Records.GetTranscript(userId, null));
        Assert.Equal((code, agency, 2m, userId, TrainingPeople.KeyOf(email)), (line.CertificateCode, line.OrganizationId, line.CreditHours, line.UserId, line.PersonKey));
        Assert.True(line.IsProp35);
        Assert.Contains(await Records.GetOrganization(agency), c => c.CertificateCode == code);

        // Readers that know the revision get nothing new; those that do not get the completion.
        var fresh = (await Records.GetCompletions(known))!;
        Assert.True(fresh.Revision > known);
        Assert.Contains(fresh.Completions, c => c.CertificateCode == code);
        Assert.Null(await Records.GetCompletions(fresh.Revision));

        Assert.True((await grain.MarkAttendance(registration.RegistrationId, false, Host)).Succeeded);
        Assert.Empty(await Records.GetTranscript(userId, null));
        Assert.Null(await Records.GetCompletion(code));
        Assert.True((await _grains.GetGrain<ICertificateGrain>(code).Get())!.Revoked);
        Assert.NotNull(await Records.GetCompletions(fresh.Revision));
    }

    [Fact]
    public async Task Transcript_a_registration_without_an_account_belongs_to_the_person_with_that_address_only()
    {
        var (grain, agency) = await TrainingUnderWayAsync();
        var email = $"{NewKey("person")}@example.org";
        var registration = (await grain.Register(new RegistrationRequest(null, "Luis Deputy", email, agency), Host)).Registration!;
        await grain.ConfirmRegistration(registration.RegistrationId);
        ClusterFixture.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(5));
        Assert.True((await grain.MarkAttendance(registration.RegistrationId, true, Host)).Succeeded);
        var code = (await grain.GetRegistration(registration.RegistrationId))!.CertificateCode!;

        // The same address in another case is the same person; another address (or another account alone) is not.
        Assert.Contains(await Records.GetTranscript(NewKey("user"), TrainingPeople.KeyOf(email.ToUpperInvariant())), c => c.CertificateCode == code);
        Assert.Empty(await Records.GetTranscript(NewKey("user"), TrainingPeople.KeyOf("someone.else@example.org")));
        Assert.Empty(await Records.GetTranscript(NewKey("user"), null));
    }

    [Theory]
    [InlineData("Proposition 35 two-hour human trafficking training for law enforcement", true)]
    [InlineData("Prop. 35 refresher", true)]
    [InlineData("CASE Act training", true)]
    [InlineData("prop 35", true)]
    [InlineData("Proposition 350", false)]
    [InlineData("Petition circulator training", false)]
    [InlineData(null, false)]
    public void Transcript_a_training_counts_as_proposition_35_when_its_type_names_it(string? type, bool expected) =>
        Assert.Equal(expected, Prop35.IsProp35(type));
}
