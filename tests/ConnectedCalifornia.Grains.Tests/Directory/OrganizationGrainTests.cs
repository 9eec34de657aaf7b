using System.Collections.Immutable;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Directory.Tests;

[Collection(ClusterCollection.Name)]
public sealed class OrganizationGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    /// <summary>Each way a profile can be wrong, and the field the person is told to correct.</summary>
    private static readonly Dictionary<string, (string Field, Func<OrganizationProfile, OrganizationProfile> Break)> Broken = new()
    {
        ["name missing"] = ("name", p => p with { Name = "  " }),
        ["name too long"] = ("name", p => p with { Name = new string('n', 201) }),
        ["kind unknown"] = ("kind", p => p with { Kind = (OrganizationKind)99 }),
        ["description too long"] = ("description", p => p with { Description = new string('d', 4001) }),
        ["Spanish description too long"] = ("spanishDescription", p => p with { SpanishDescription = new string('d', 4001) }),
        ["Spanish description with a NUL"] = ("spanishDescription", p => p with { SpanishDescription = "Refugio\0seguro" }),
        ["website not http"] = ("website", p => p with { Website = "ftp://harbor.example.org" }),
        ["website relative"] = ("website", p => p with { Website = "harbor.example.org" }),
        ["website too long"] = ("website", p => p with { Website = "https://example.org/" + new string('a', 481) }),
        ["service unknown"] = ("services", p => p with { Services = ["shelter-housing", "spa-days"] }),
        ["service twice"] = ("services", p => p with { Services = ["medical", "medical"] }),
        ["population unknown"] = ("populations", p => p with { Populations = ["everyone"] }),
        ["language unknown"] = ("languages", p => p with { Languages = ["klingon"] }),
        ["no county"] = ("counties", p => p with { Counties = [] }),
        ["county not in California"] = ("counties", p => p with { Counties = ["06000"] }),
        ["county twice"] = ("counties", p => p with { Counties = [Fresno, Fresno] }),
        ["too many contacts"] = ("contacts", p => p with { Contacts = Many(21, i => new Contact($"Line {i}", ContactKind.Phone, "559-555-0100", Visibility.Public)) }),
        ["contact label missing"] = ("contacts[0].label", p => p with { Contacts = [new Contact("", ContactKind.Phone, "559-555-0100", Visibility.Public)] }),
        ["contact label too long"] = ("contacts[0].label", p => p with { Contacts = [new Contact(new string('l', 101), ContactKind.Phone, "559-555-0100", Visibility.Public)] }),
        ["contact value too long"] = ("contacts[0].value", p => p with { Contacts = [new Contact("Address", ContactKind.Address, new string('v', 501), Visibility.Public)] }),
        ["email not an address"] = ("contacts[1].value", p => p with { Contacts = [p.Contacts[0], new Contact("Email", ContactKind.Email, "intake(at)harbor", Visibility.Public)] }),
        ["phone with letters"] = ("contacts[0].value", p => p with { Contacts = [new Contact("Phone", ContactKind.Phone, "call us maybe", Visibility.Public)] }),
        ["phone too long"] = ("contacts[0].value", p => p with { Contacts = [new Contact("Phone", ContactKind.Phone, "1234567890123456", Visibility.Public)] }),
    };

    public static TheoryData<string> BrokenCases => [.. Broken.Keys];

    [Fact]
    public async Task Checking_a_profile_for_an_import_dry_run_accepts_a_valid_one_and_creates_nothing()
    {
        var grain = _grains.GetGrain<IOrganizationGrain>(NewKey("org"));

        var check = await grain.CheckProfile(Organization());

        Assert.True(check.Succeeded);
        Assert.Null(await grain.GetDetails());
    }

    [Fact]
    public async Task A_created_organization_answers_with_its_profile_at_version_one()
    {
        var id = await CreateOrganizationAsync(_grains);

        var details = await _grains.GetGrain<IOrganizationGrain>(id).GetDetails();

        Assert.NotNull(details);
        Assert.Equal(id, details.Id);
        Assert.Equal("Fresno Harbor House", details.Profile.Name);
        Assert.Equal([Fresno, Kern], details.Profile.Counties.AsEnumerable());
        Assert.Equal(2, details.Profile.Contacts.Length);
        Assert.Equal(VerificationStatus.Unverified, details.Verification);
        Assert.Equal(1, details.Version);
        Assert.Equal(ClusterFixture.Clock.GetUtcNow(), details.UpdatedAt);
    }

    [Fact]
    public async Task An_organization_that_was_never_created_has_no_details()
    {
        Assert.Null(await _grains.GetGrain<IOrganizationGrain>(NewKey("org")).GetDetails());
    }

    [Fact]
    public async Task Creating_an_existing_organization_is_refused_and_keeps_the_first()
    {
        var id = await CreateOrganizationAsync(_grains);

        var result = await _grains.GetGrain<IOrganizationGrain>(id).Create(Organization("Someone Else"), Curator);

        AssertRefused(result, "id");
        var details = await _grains.GetGrain<IOrganizationGrain>(id).GetDetails();
        Assert.Equal("Fresno Harbor House", details!.Profile.Name);
        Assert.Equal(1, details.Version);
    }

    [Fact]
    public async Task An_organization_id_that_is_not_a_slug_is_refused()
    {
        var result = await _grains.GetGrain<IOrganizationGrain>("Not A Slug!").Create(Organization(), Curator);

        AssertRefused(result, "id");
        Assert.Null(await _grains.GetGrain<IOrganizationGrain>("Not A Slug!").GetDetails());
    }

    [Fact]
    public async Task Every_command_on_a_missing_organization_says_it_does_not_exist()
    {
        var grain = _grains.GetGrain<IOrganizationGrain>(NewKey("org"));

        var results = new[]
        {
            await grain.UpdateProfile(Organization(), Curator),
            await grain.SetVerification(VerificationStatus.Verified, Curator),
            await grain.SetMember(new OrganizationMember("user-1", "Ana Ruiz", OrganizationRole.Staff), Curator),
            await grain.RemoveMember("user-1", Curator),
            await grain.SetTwoFactorRequired(true, Curator),
        };

        Assert.All(results, r => Assert.True(r.NotFound));
        Assert.Null(await grain.GetDetails());
    }

    [Theory]
    [MemberData(nameof(BrokenCases))]
    public async Task An_invalid_profile_is_refused_with_the_field_to_correct_and_changes_nothing(string broken)
    {
        var (field, breakProfile) = Broken[broken];
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);

        var update = await grain.UpdateProfile(breakProfile(Organization("Renamed")), Curator);
        var create = await _grains.GetGrain<IOrganizationGrain>(NewKey("org")).Create(breakProfile(Organization()), Curator);

        var check = await grain.CheckProfile(breakProfile(Organization("Renamed")));

        AssertRefused(update, field);
        AssertRefused(create, field);
        AssertRefused(check, field);
        var details = await grain.GetDetails();
        Assert.Equal(1, details!.Version);
        Assert.Equal("Fresno Harbor House", details.Profile.Name);
        Assert.DoesNotContain(await grain.GetHistory(500), r => r.NewValue == "Renamed");
    }

    [Fact]
    public async Task A_refused_command_is_never_announced()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);

        await grain.UpdateProfile(Organization() with { Counties = [] }, Curator);
        await grain.SetMember(new OrganizationMember("", "Nobody", OrganizationRole.Staff), Curator);
        await grain.SetVerification(VerificationStatus.Verified, Curator);

        var received = await fixture.Node.WaitForAsync(id, 2);
        Assert.Equal([1L, 2L], received.Select(a => a.Version));
        Assert.Equal(AnnouncementKinds.OrganizationVerification, received[1].Kind);
    }

    [Fact]
    public async Task A_profile_update_records_who_changed_which_field_from_what_to_what()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var editor = new Actor("user-7", "Ana Ruiz");

        var result = await grain.UpdateProfile(Organization("Harbor House Fresno") with { Services = ["shelter-housing", "legal-aid"] }, editor);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Version);
        var details = await grain.GetDetails();
        Assert.Equal(2, details!.Version);
        Assert.Equal(ClusterFixture.Clock.GetUtcNow(), details.UpdatedAt);
        var history = await grain.GetHistory(2);
        Assert.Equal(["services", "name"], history.Select(r => r.Field));
        var name = history[1];
        Assert.Equal(("Fresno Harbor House", "Harbor House Fresno"), (name.OldValue, name.NewValue));
        Assert.Equal(("shelter-housing, case-management", "shelter-housing, legal-aid"), (history[0].OldValue, history[0].NewValue));
        Assert.All(history, r => Assert.Equal(("user-7", "Ana Ruiz", ClusterFixture.Clock.GetUtcNow()), (r.ActorId, r.ActorName, r.At)));
    }

    [Fact]
    public async Task Localization_a_Spanish_description_is_stored_kept_by_a_profile_without_it_and_removed_when_emptied()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);
        const string Spanish = "Refugio de emergencia y manejo de casos para sobrevivientes de la trata en Fresno.";

        Assert.True((await grain.UpdateProfile(Organization() with { SpanishDescription = "  " + Spanish + " " }, Curator)).Succeeded);
        Assert.Equal(Spanish, (await grain.GetDetails())!.Profile.SpanishDescription);
        Assert.Contains(await grain.GetHistory(5), r => r.Field == "spanishDescription" && r.NewValue == Spanish);

        // A form or client that does not send it (null) keeps it; an empty text removes it.
        Assert.True((await grain.UpdateProfile(Organization() with { Name = "Harbor House Fresno" }, Curator)).Succeeded);
        Assert.Equal(Spanish, (await grain.GetDetails())!.Profile.SpanishDescription);
        Assert.True((await grain.UpdateProfile(Organization() with { Name = "Harbor House Fresno", SpanishDescription = string.Empty }, Curator)).Succeeded);
        Assert.Null((await grain.GetDetails())!.Profile.SpanishDescription);

        // It is public exactly when the description is.
        var profile = Organization() with { SpanishDescription = Spanish, FieldVisibility = FieldVisibility.AllPublic.With(FieldVisibility.DescriptionField, Visibility.Network) };
        Assert.Null(profile.SeenBy(Visibility.Public).SpanishDescription);
        Assert.Equal(Spanish, profile.SeenBy(Visibility.Network).SpanishDescription);
    }

    [Fact]
    public async Task Saving_an_unchanged_profile_is_not_a_new_version()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);

        var result = await grain.UpdateProfile(Organization() with { Name = "  Fresno Harbor House " }, Curator);

        Assert.True(result.Succeeded);
        Assert.Equal(1, result.Version);
        Assert.Equal(1, (await grain.GetDetails())!.Version);
    }

    [Fact]
    public async Task History_keeps_the_newest_two_hundred_changes()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);

        for (var i = 0; i < 205; i++)
        {
            Assert.True((await grain.SetTwoFactorRequired(i % 2 == 0, Curator)).Succeeded);
        }

        var history = await grain.GetHistory(1000);
        Assert.Equal(200, history.Length);
        Assert.All(history, r => Assert.Equal("requireTwoFactor", r.Field));
        Assert.Equal("true", history[0].NewValue);
        Assert.Equal(206, (await grain.GetDetails())!.Version);
    }

    [Fact]
    public async Task Confidential_contact_values_stay_out_of_history_and_announcements()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);
        Contact Shelter(string address) => new("Shelter", ContactKind.Address, address, Visibility.Organization);

        await grain.UpdateProfile(Organization() with { Contacts = [Shelter("100 Hidden Lane, Fresno")] }, Curator);
        var moved = await grain.UpdateProfile(Organization() with { Contacts = [Shelter("200 Quiet Road, Fresno")] }, Curator);

        Assert.Equal(3, moved.Version);
        var history = await grain.GetHistory(50);
        Assert.Equal("contacts", history[0].Field);
        var announcements = await fixture.Node.WaitForAsync(id, 3);
        var everything = history.SelectMany(r => new[] { r.OldValue, r.NewValue })
            .Concat(announcements.SelectMany(a => new[] { a.Title, a.Summary }));
        Assert.DoesNotContain(everything, text => text?.Contains("Hidden", StringComparison.Ordinal) == true || text?.Contains("Quiet", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(everything, text => text?.Contains("intake@harbor", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Verifying_records_when_and_suspending_clears_it()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);

        Assert.True((await grain.SetVerification(VerificationStatus.Verified, Curator)).Succeeded);
        var verified = await grain.GetDetails();
        ClusterFixture.Clock.Advance(TimeSpan.FromDays(30));
        Assert.True((await grain.SetVerification(VerificationStatus.Suspended, Curator)).Succeeded);
        var suspended = await grain.GetDetails();

        Assert.Equal(VerificationStatus.Verified, verified!.Verification);
        Assert.Equal(verified.UpdatedAt, verified.VerifiedAt);
        Assert.Equal(VerificationStatus.Suspended, suspended!.Verification);
        Assert.Null(suspended.VerifiedAt);
        var change = (await grain.GetHistory(1)).Single();
        Assert.Equal(("verification", "Verified", "Suspended"), (change.Field, change.OldValue, change.NewValue));
        AssertRefused(await grain.SetVerification((VerificationStatus)42, Curator), "verification");
    }

    [Fact]
    public async Task Requiring_two_factor_is_recorded()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);

        var result = await grain.SetTwoFactorRequired(true, Curator);

        Assert.Equal(2, result.Version);
        Assert.True((await grain.GetDetails())!.RequireTwoFactor);
        var change = (await grain.GetHistory(1)).Single();
        Assert.Equal(("requireTwoFactor", "false", "true"), (change.Field, change.OldValue, change.NewValue));
    }

    [Fact]
    public async Task Members_are_kept_in_step_with_the_persons_access()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);
        var userId = NewKey("user");
        var access = _grains.GetGrain<IUserAccessGrain>(userId);

        await grain.SetMember(new OrganizationMember(userId, "Ana Ruiz", OrganizationRole.Staff), Curator);
        var asStaff = await access.Get();
        await grain.SetMember(new OrganizationMember(userId, "Ana Ruiz", OrganizationRole.Admin), Curator);
        var asAdmin = await access.Get();
        var removed = await grain.RemoveMember(userId, Curator);
        var afterRemoval = await access.Get();

        Assert.True(asStaff.IsMemberOf(id));
        Assert.False(asStaff.IsAdminOf(id));
        Assert.True(asAdmin.IsAdminOf(id));
        Assert.Equal(4, removed.Version);
        Assert.False(afterRemoval.IsMemberOf(id));
        Assert.Empty((await grain.GetDetails())!.Members);
        var history = await grain.GetHistory(3);
        Assert.Equal(($"Ana Ruiz ({userId}): Admin", (string?)null), (history[0].OldValue, history[0].NewValue));
        Assert.Equal($"Ana Ruiz ({userId}): Staff", history[1].OldValue);
    }

    [Fact]
    public async Task An_invalid_member_is_refused_and_grants_no_access()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);
        var userId = NewKey("user");

        AssertRefused(await grain.SetMember(new OrganizationMember(userId, "", OrganizationRole.Admin), Curator), "member.displayName");
        AssertRefused(await grain.SetMember(new OrganizationMember(userId, new string('n', 101), OrganizationRole.Admin), Curator), "member.displayName");
        AssertRefused(await grain.SetMember(new OrganizationMember(" ", "Ana", OrganizationRole.Admin), Curator), "member.userId");
        AssertRefused(await grain.SetMember(new OrganizationMember(userId, "Ana", (OrganizationRole)7), Curator), "member.role");

        Assert.Equal(1, (await grain.GetDetails())!.Version);
        Assert.False((await _grains.GetGrain<IUserAccessGrain>(userId).Get()).IsMemberOf(id));
    }

    [Fact]
    public async Task A_change_without_a_named_actor_is_refused()
    {
        var id = await CreateOrganizationAsync(_grains);

        var result = await _grains.GetGrain<IOrganizationGrain>(id).SetTwoFactorRequired(true, new Actor("", "Someone"));

        AssertRefused(result, "actor.userId");
        Assert.False((await _grains.GetGrain<IOrganizationGrain>(id).GetDetails())!.RequireTwoFactor);
    }

    [Fact]
    public async Task The_catalog_lists_each_organization_at_its_latest_version()
    {
        var id = await CreateOrganizationAsync(_grains);
        var catalog = _grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog);
        var created = (await catalog.List()).Single(e => e.Id == id);

        await _grains.GetGrain<IOrganizationGrain>(id).UpdateProfile(Organization("Harbor House") with { Kind = OrganizationKind.LegalAid, Counties = [LosAngeles] }, Curator);
        var updated = (await catalog.List()).Single(e => e.Id == id);

        Assert.Equal(("Fresno Harbor House", "Nonprofit", 1L), (created.Name, created.Category, created.Version));
        Assert.Equal(("Harbor House", "LegalAid", 2L), (updated.Name, updated.Category, updated.Version));
        Assert.Equal([LosAngeles], updated.Counties.AsEnumerable());
    }
}
