using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Directory.Tests;

/// <summary>Edits of a verified listing by its admins wait for a curator; curators accept or reject them field by field.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChangeRequestTests(ClusterFixture fixture)
{
    private static readonly Actor Admin = new("admin-1", "Daniel Vang");
    private static readonly Actor OtherAdmin = new("admin-2", "Mai Lee");
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task An_admins_edit_of_a_verified_field_waits_for_review_and_operational_fields_apply_at_once()
    {
        var (grain, id) = await VerifiedAsync();

        var result = await grain.SubmitProfile(
            Organization() with { Name = "Harbor House Fresno", AcceptingReferrals = false, Languages = ["en", "es", "hmn"], Hours = OpeningHours.Always },
            Admin);

        Assert.True(result.Succeeded);
        var details = (await grain.GetDetails())!;
        Assert.Equal("Fresno Harbor House", details.Profile.Name);
        Assert.Equal(["en", "es"], details.Profile.Languages.AsEnumerable());
        Assert.False(details.Profile.AcceptingReferrals);
        Assert.True(details.Profile.Hours?.AlwaysOpen);
        var open = (await grain.GetChangeReview())!.Open!;
        Assert.Equal([VerifiedFields.Name, VerifiedFields.Languages], open.Fields.Select(f => f.Field));
        var name = open.Fields[0];
        Assert.Equal(["Fresno Harbor House"], name.Before.AsEnumerable());
        Assert.Equal(["Harbor House Fresno"], name.After.AsEnumerable());
        Assert.Equal(("admin-1", "Daniel Vang", ClusterFixture.Clock.GetUtcNow()), (name.RequestedById, name.RequestedByName, name.RequestedAt));
        Assert.Empty(open.StaleFields);

        var queue = await _grains.GetGrain<ICurationQueueGrain>(GrainKeys.CurationQueue).List();
        var line = Assert.Single(queue, e => e.OrganizationId == id);
        Assert.Equal((2, "Daniel Vang", "Fresno Harbor House"), (line.FieldCount, line.RequestedByName, line.OrganizationName));
        var history = await grain.GetHistory(10);
        Assert.Contains(history, r => r.Field == "acceptingReferrals" && r.NewValue == "false" && r.ActorName == "Daniel Vang");
        Assert.DoesNotContain(history, r => r.Field is "name" or "languages" && r.ActorId == Admin.UserId);
    }

    [Fact]
    public async Task Localization_a_Spanish_description_on_a_verified_listing_waits_for_a_curator_like_the_description()
    {
        var (grain, _) = await VerifiedAsync();
        const string Spanish = "Refugio de emergencia para sobrevivientes de la trata.";

        Assert.True((await grain.SubmitProfile(Organization() with { SpanishDescription = Spanish }, Admin)).Succeeded);

        Assert.Null((await grain.GetDetails())!.Profile.SpanishDescription);
        var open = (await grain.GetChangeReview())!.Open!;
        var field = Assert.Single(open.Fields);
        Assert.Equal((VerifiedFields.SpanishDescription, "Description in Spanish"), (field.Field, VerifiedFields.Label(field.Field)));
        Assert.Empty(field.Before);
        Assert.Equal([Spanish], field.After.AsEnumerable());

        Assert.True((await grain.DecideChanges(open.Revision, [new ChangeDecision(VerifiedFields.SpanishDescription, true, null)], Curator)).Succeeded);
        Assert.Equal(Spanish, (await grain.GetDetails())!.Profile.SpanishDescription);
    }

    [Fact]
    public async Task A_curator_accepting_a_field_applies_it_and_records_who_requested_and_who_approved()
    {
        var (grain, id) = await VerifiedAsync();
        await grain.SubmitProfile(Organization() with { Name = "Harbor House Fresno", Website = "https://harborhouse.example.org" }, Admin);
        var open = (await grain.GetChangeReview())!.Open!;

        var result = await grain.DecideChanges(open.Revision, [new ChangeDecision(VerifiedFields.Name, true, null)], Curator);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        var details = (await grain.GetDetails())!;
        Assert.Equal("Harbor House Fresno", details.Profile.Name);
        Assert.Equal("https://harbor.example.org", details.Profile.Website);
        var record = Assert.Single(await grain.GetHistory(5), r => r.Field == "name");
        Assert.Equal(("Fresno Harbor House", "Harbor House Fresno"), (record.OldValue, record.NewValue));
        Assert.Equal(("curator-1", "Casey Curator"), (record.ActorId, record.ActorName));
        Assert.Equal(("admin-1", "Daniel Vang"), (record.RequestedById, record.RequestedByName));
        var review = (await grain.GetChangeReview())!;
        Assert.Equal([VerifiedFields.Website], review.Open!.Fields.Select(f => f.Field));
        var decided = Assert.Single(review.RecentDecisions);
        Assert.True(decided.Accepted);
        Assert.Equal("Casey Curator", decided.DecidedByName);
        var line = Assert.Single(await _grains.GetGrain<ICurationQueueGrain>(GrainKeys.CurationQueue).List(), e => e.OrganizationId == id);
        Assert.Equal("Harbor House Fresno", line.OrganizationName);
        Assert.Equal(1, line.FieldCount);
    }

    [Fact]
    public async Task Keeping_a_field_from_the_public_applies_at_once_and_making_it_public_again_waits_for_a_curator()
    {
        var (grain, _) = await VerifiedAsync();
        var hidden = Organization() with
        {
            Description = "Intake by referral from partner agencies",
            Populations = ["minors-csec"],
            FieldVisibility = new FieldVisibility(Description: Visibility.Organization, Populations: Visibility.Network),
        };

        Assert.True((await grain.SubmitProfile(hidden, Admin)).Succeeded);

        // Hidden fields are not part of the reviewed public listing: value and tier apply at once, nothing waits.
        var details = (await grain.GetDetails())!;
        Assert.Equal("Intake by referral from partner agencies", details.Profile.Description);
        Assert.Equal(Visibility.Organization, details.Profile.VisibilityOf(FieldVisibility.DescriptionField));
        Assert.Equal(string.Empty, details.Profile.SeenBy(Visibility.Network).Description);
        Assert.Equal(["minors-csec"], details.Profile.SeenBy(Visibility.Network).Populations.AsEnumerable());
        Assert.Empty(details.Profile.SeenBy(Visibility.Public).Populations);
        Assert.Null((await grain.GetChangeReview())!.Open);
        var history = await grain.GetHistory(10);
        var description = Assert.Single(history, r => r.Field == "description");
        Assert.Equal("(organization only)", description.NewValue);
        Assert.Contains(history, r => r.Field == "fieldVisibility" && r.NewValue == "description: Organization; populations: Network");

        // Publishing the populations again is a change of the public listing: it waits, then the curator's accept applies value and tier.
        Assert.True((await grain.SubmitProfile(hidden with { FieldVisibility = hidden.FieldVisibility! with { Populations = Visibility.Public } }, Admin)).Succeeded);
        Assert.Empty((await grain.GetDetails())!.Profile.SeenBy(Visibility.Public).Populations);
        var open = (await grain.GetChangeReview())!.Open!;
        var populations = Assert.Single(open.Fields);
        Assert.Equal((VerifiedFields.Populations, 0, 1), (populations.Field, populations.Before.Length, populations.After.Length));

        Assert.True((await grain.DecideChanges(open.Revision, [new ChangeDecision(VerifiedFields.Populations, true, null)], Curator)).Succeeded);
        var published = (await grain.GetDetails())!.Profile;
        Assert.Equal(["minors-csec"], published.SeenBy(Visibility.Public).Populations.AsEnumerable());
        Assert.Equal(string.Empty, published.SeenBy(Visibility.Public).Description);

        // The value did not change, only who sees it: the history records that, as approved by the curator on the admin's request.
        var madePublic = Assert.Single(await grain.GetHistory(1));
        Assert.Equal(("fieldVisibility", "description: Organization; populations: Network", "description: Organization"), (madePublic.Field, madePublic.OldValue, madePublic.NewValue));
        Assert.Equal((Curator.UserId, Admin.UserId), (madePublic.ActorId, madePublic.RequestedById));

        // A profile that does not say who sees its fields keeps the listing's tiers.
        Assert.True((await grain.SubmitProfile(published with { FieldVisibility = null, Description = "Intake by referral only" }, Admin)).Succeeded);
        var kept = (await grain.GetDetails())!.Profile;
        Assert.Equal(("Intake by referral only", Visibility.Organization), (kept.Description, kept.VisibilityOf(FieldVisibility.DescriptionField)));
        Assert.Null((await grain.GetChangeReview())!.Open);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_leaves_the_listing_as_it_was()
    {
        var (grain, id) = await VerifiedAsync();
        await grain.SubmitProfile(Organization() with { Counties = [Fresno, Kern, LosAngeles] }, Admin);
        var open = (await grain.GetChangeReview())!.Open!;
        var version = (await grain.GetDetails())!.Version;

        AssertRefused(await grain.DecideChanges(open.Revision, [new ChangeDecision(VerifiedFields.Counties, false, "  ")], Curator), "decisions[0].reason");
        AssertRefused(await grain.DecideChanges(open.Revision, [new ChangeDecision(VerifiedFields.Counties, false, new string('r', 501))], Curator), "decisions[0].reason");
        Assert.Equal(version, (await grain.GetDetails())!.Version);

        var result = await grain.DecideChanges(open.Revision, [new ChangeDecision(VerifiedFields.Counties, false, "Los Angeles is not served: no site there.")], Curator);

        Assert.True(result.Succeeded);
        Assert.Equal([Fresno, Kern], (await grain.GetDetails())!.Profile.Counties.AsEnumerable());
        var review = (await grain.GetChangeReview())!;
        Assert.Null(review.Open);
        var decided = Assert.Single(review.RecentDecisions);
        Assert.False(decided.Accepted);
        Assert.Equal("Los Angeles is not served: no site there.", decided.Reason);
        Assert.DoesNotContain(await grain.GetHistory(10), r => r.Field == "counties" && (r.NewValue ?? string.Empty).Contains(LosAngeles, StringComparison.Ordinal));
        Assert.DoesNotContain(await _grains.GetGrain<ICurationQueueGrain>(GrainKeys.CurationQueue).List(), e => e.OrganizationId == id);
    }

    [Fact]
    public async Task A_decision_on_a_field_that_changed_meanwhile_is_refused_and_changes_nothing()
    {
        var (grain, _) = await VerifiedAsync();
        await grain.SubmitProfile(Organization() with { Name = "Harbor House Fresno" }, Admin);
        var loaded = (await grain.GetChangeReview())!.Open!;

        // The admin asks for something else after the curator loaded the request.
        await grain.SubmitProfile(Organization() with { Name = "Harbor House of Fresno" }, OtherAdmin);
        var outdated = await grain.DecideChanges(loaded.Revision, [new ChangeDecision(VerifiedFields.Name, true, null)], Curator);
        AssertRefused(outdated, "revision");
        Assert.Contains("reload", outdated.Errors[0].Message, StringComparison.Ordinal);

        // A curator changed the name directly: the request was made on a value the listing no longer has.
        await grain.UpdateProfile(Organization() with { Name = "Fresno Harbor House Inc." }, Curator);
        var current = (await grain.GetChangeReview())!.Open!;
        Assert.Equal([VerifiedFields.Name], current.StaleFields.AsEnumerable());
        var version = (await grain.GetDetails())!.Version;

        var stale = await grain.DecideChanges(current.Revision, [new ChangeDecision(VerifiedFields.Name, true, null)], Curator);

        AssertRefused(stale, "decisions[0].field");
        Assert.Contains("changed on the listing since it was requested", stale.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(version, (await grain.GetDetails())!.Version);
        Assert.Equal("Fresno Harbor House Inc.", (await grain.GetDetails())!.Profile.Name);
        Assert.True((await grain.DecideChanges(current.Revision, [new ChangeDecision(VerifiedFields.Name, false, "Renamed by the curation desk already.")], Curator)).Succeeded);
    }

    [Fact]
    public async Task A_newer_edit_replaces_the_open_request_and_keeps_unchanged_entries()
    {
        var (grain, id) = await VerifiedAsync();
        await grain.SubmitProfile(Organization() with { Name = "Harbor House Fresno" }, Admin);
        var first = (await grain.GetChangeReview())!.Open!;
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(5));

        await grain.SubmitProfile(Organization() with { Name = "Harbor House Fresno", Services = ["shelter-housing"] }, OtherAdmin);

        var second = (await grain.GetChangeReview())!.Open!;
        Assert.NotEqual(first.Revision, second.Revision);
        Assert.Equal(first.OpenedAt, second.OpenedAt);
        Assert.Equal(
            (first.Fields[0].Field, first.Fields[0].RequestedAt, first.Fields[0].RequestedByName, first.Fields[0].After.Single()),
            (second.Fields[0].Field, second.Fields[0].RequestedAt, second.Fields[0].RequestedByName, second.Fields[0].After.Single()));
        Assert.Equal(("services", "Mai Lee"), (second.Fields[1].Field, second.Fields[1].RequestedByName));
        Assert.Equal(["shelter-housing", "case-management"], second.Fields[1].Before.AsEnumerable());

        // Saving the same again changes nothing; putting everything back withdraws the request.
        var version = (await grain.GetDetails())!.Version;
        await grain.SubmitProfile(Organization() with { Name = "Harbor House Fresno", Services = ["shelter-housing"] }, OtherAdmin);
        Assert.Equal(version, (await grain.GetDetails())!.Version);
        await grain.SubmitProfile(Organization(), Admin);
        Assert.Null((await grain.GetChangeReview())!.Open);
        Assert.DoesNotContain(await _grains.GetGrain<ICurationQueueGrain>(GrainKeys.CurationQueue).List(), e => e.OrganizationId == id);
    }

    [Fact]
    public async Task Confidential_contacts_apply_at_once_and_never_enter_a_request()
    {
        var (grain, _) = await VerifiedAsync();
        const string Hidden = "12 Quiet Orchard Lane, Fresno, CA 93799";
        var edited = Organization() with
        {
            Contacts =
            [
                new Contact("Intake line", ContactKind.Phone, "(559) 555-0199", Visibility.Public),
                new Contact("Intake email", ContactKind.Email, "intake@harbor.example.org", Visibility.Network),
                new Contact("Safe house", ContactKind.Address, Hidden, Visibility.Organization),
            ],
        };

        await grain.SubmitProfile(edited, Admin);

        var details = (await grain.GetDetails())!;
        Assert.Contains(details.Profile.Contacts, c => c.Value == Hidden);
        Assert.Contains(details.Profile.Contacts, c => c.Value == "(559) 555-0100");
        var open = (await grain.GetChangeReview())!.Open!;
        var contacts = Assert.Single(open.Fields);
        Assert.Equal(VerifiedFields.PublicContacts, contacts.Field);
        Assert.Equal(["Intake line (Phone): (559) 555-0199"], contacts.After.AsEnumerable());
        Assert.DoesNotContain(open.Fields.SelectMany(f => f.Before.Concat(f.After)), item => item.Contains("Quiet Orchard", StringComparison.Ordinal));
        Assert.DoesNotContain(await grain.GetHistory(10), r => (r.NewValue ?? string.Empty).Contains("Quiet Orchard", StringComparison.Ordinal));

        var accepted = await grain.DecideChanges(open.Revision, [new ChangeDecision(VerifiedFields.PublicContacts, true, null)], Curator);
        Assert.True(accepted.Succeeded);
        details = (await grain.GetDetails())!;
        Assert.Equal(["(559) 555-0199", "intake@harbor.example.org", Hidden], details.Profile.Contacts.Select(c => c.Value));
    }

    [Fact]
    public async Task Hiding_a_public_contact_takes_it_off_the_public_listing_at_once()
    {
        var (grain, _) = await VerifiedAsync();
        var edited = Organization() with
        {
            Contacts = [new Contact("Intake line", ContactKind.Phone, "(559) 555-0100", Visibility.Organization), Organization().Contacts[1]],
        };

        await grain.SubmitProfile(edited, Admin);

        var details = (await grain.GetDetails())!;
        Assert.DoesNotContain(details.Profile.Contacts, c => c.Visibility == Visibility.Public);
        Assert.Null((await grain.GetChangeReview())!.Open);
    }

    [Fact]
    public async Task On_an_unverified_organization_an_admins_edit_applies_at_once()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);

        var result = await grain.SubmitProfile(Organization() with { Name = "Harbor House Fresno" }, Admin);

        Assert.True(result.Succeeded);
        Assert.Equal("Harbor House Fresno", (await grain.GetDetails())!.Profile.Name);
        Assert.Null((await grain.GetChangeReview())!.Open);
    }

    [Fact]
    public async Task An_organization_that_does_not_exist_has_no_review()
    {
        Assert.Null(await _grains.GetGrain<IOrganizationGrain>(NewKey("missing")).GetChangeReview());
    }

    [Fact]
    public async Task An_invalid_edit_or_decision_changes_nothing()
    {
        var (grain, _) = await VerifiedAsync();
        var version = (await grain.GetDetails())!.Version;

        AssertRefused(await grain.SubmitProfile(Organization() with { Name = "Harbor House Fresno", Counties = ["99999"] }, Admin), "counties");
        Assert.Equal(version, (await grain.GetDetails())!.Version);
        Assert.Null((await grain.GetChangeReview())!.Open);

        AssertRefused(await grain.DecideChanges(version, [new ChangeDecision(VerifiedFields.Name, true, null)], Curator), "decisions");

        await grain.SubmitProfile(Organization() with { Name = "Harbor House Fresno", Website = "https://harborhouse.example.org" }, Admin);
        var open = (await grain.GetChangeReview())!.Open!;
        version = (await grain.GetDetails())!.Version;
        AssertRefused(await grain.DecideChanges(open.Revision, [], Curator), "decisions");
        AssertRefused(await grain.DecideChanges(open.Revision, [new ChangeDecision("description", true, null)], Curator), "decisions[0].field");

        // One wrong decision among good ones: nothing is applied.
        var mixed = await grain.DecideChanges(
            open.Revision,
            [new ChangeDecision(VerifiedFields.Name, true, null), new ChangeDecision(VerifiedFields.Website, false, "")],
            Curator);
        AssertRefused(mixed, "decisions[1].reason");
        AssertRefused(await grain.DecideChanges(open.Revision, [new ChangeDecision(VerifiedFields.Name, true, null), new ChangeDecision(VerifiedFields.Name, true, null)], Curator), "decisions[1].field");
        var details = (await grain.GetDetails())!;
        Assert.Equal(version, details.Version);
        Assert.Equal("Fresno Harbor House", details.Profile.Name);
        Assert.Equal(2, (await grain.GetChangeReview())!.Open!.Fields.Length);
    }

    [Fact]
    public async Task The_queue_ignores_lines_older_than_the_one_it_holds()
    {
        var queue = _grains.GetGrain<ICurationQueueGrain>(NewKey("queue"));
        var at = ClusterFixture.Clock.GetUtcNow();
        await queue.Set(new CurationQueueEntry("org-a", "A", 2, "Daniel Vang", at, at, 5));
        await queue.Set(new CurationQueueEntry("org-a", "A (old)", 1, "Daniel Vang", at, at, 4));
        await queue.Remove("org-a", 3);
        await queue.Set(new CurationQueueEntry("org-b", "B", 1, "Mai Lee", at, at.AddMinutes(1), 2));

        Assert.Equal([("org-b", 1), ("org-a", 2)], (await queue.List()).Select(e => (e.OrganizationId, e.FieldCount)));
        await queue.Remove("org-a", 6);
        Assert.Equal(["org-b"], (await queue.List()).Select(e => e.OrganizationId));
    }

    private async Task<(IOrganizationGrain Grain, string Id)> VerifiedAsync()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);
        Assert.True((await grain.SetVerification(VerificationStatus.Verified, Curator)).Succeeded);
        return (grain, id);
    }
}
