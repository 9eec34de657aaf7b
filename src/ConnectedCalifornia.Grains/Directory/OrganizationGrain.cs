using System.Collections.Immutable;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Directory;

/// <summary>
/// An organization of the network (key: its slug). It owns its profile, verification, members and
/// two-factor rule, keeps each member's <see cref="IUserAccessGrain"/> in step, lists itself in the
/// organization catalog and announces every change to its own, its counties' and the statewide topic.
/// </summary>
public sealed class OrganizationGrain(
    [PersistentState("organization", StorageNames.Network)] IPersistentState<OrganizationState> state,
    AnnouncementPublisher publisher,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    ILogger<OrganizationGrain> logger)
    : ParticipantGrain<OrganizationState>(state, publisher, clock, logger), IOrganizationGrain
{
    private const string What = "Organization";

    protected override string CatalogKey => GrainKeys.OrganizationCatalog;

    public Task<OrganizationDetails?> GetDetails() => Task.FromResult(State.Profile is { } profile
        ? new OrganizationDetails(Key, profile, State.Verification, State.VerifiedAt, State.Members, State.RequireTwoFactor, State.Version, State.UpdatedAt)
        : null);

    public Task<ImmutableArray<ChangeRecord>> GetHistory(int max) => Task.FromResult(ChangeLog.Newest(State.History, max));

    public async Task<CommandResult> Create(OrganizationProfile profile, Actor actor)
    {
        var v = new FieldValidator();
        v.Key("id", Key, "The organization's id");
        ValidateActor(v, actor);
        if (State.Exists)
        {
            v.Add("id", $"An organization with the id '{Key}' already exists.");
        }

        var normalized = Validate(profile, v, await VocabulariesAsync(), null);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        RecordProfile(changes, null, normalized);
        var next = State with { Profile = normalized, CreatedAt = changes.At };
        var counties = string.Join(", ", normalized.Counties.Select(California.NameOf));
        return await CommitAsync(next, changes, AnnouncementKinds.OrganizationCreated, $"Joined the network, serving {counties}");
    }

    public async Task<CommandResult> CheckProfile(OrganizationProfile profile)
    {
        var v = new FieldValidator();
        if (!State.Exists)
        {
            v.Key("id", Key, "The organization's id");
        }

        Validate(profile, v, await VocabulariesAsync(), State.Profile);
        return v.HasErrors ? v.ToResult() : CommandResult.Ok(State.Version);
    }

    public async Task<CommandResult> UpdateProfile(OrganizationProfile profile, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        var normalized = Validate(profile, v, await VocabulariesAsync(), State.Profile);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        RecordProfile(changes, State.Profile, normalized);
        if (changes.IsEmpty)
        {
            return CommandResult.Ok(State.Version);
        }

        // Announced to the counties served before and after, so a county that was dropped hears it too.
        var formerCounties = State.Profile!.Counties.Select(Topics.County);
        var summary = "Profile updated: " + string.Join(", ", changes.Fields.Select(OrganizationRules.Label));
        return await CommitAsync(State with { Profile = normalized }, changes, AnnouncementKinds.OrganizationUpdated, summary, formerCounties);
    }

    public async Task<CommandResult> SetVerification(VerificationStatus status, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        v.Defined("verification", status, "Verification");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (status == State.Verification)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("verification", State.Verification.ToString(), status.ToString());
        var next = State with
        {
            Verification = status,
            VerifiedAt = status == VerificationStatus.Verified ? changes.At : null,
        };
        return await CommitAsync(next, changes, AnnouncementKinds.OrganizationVerification, $"Verification: {status}");
    }

    public async Task<CommandResult> SetMember(OrganizationMember member, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        OrganizationRules.Validate(member, v);
        var existing = member is null ? null : State.Members.FirstOrDefault(m => m.UserId == member.UserId);
        if (existing is null && State.Members.Length >= OrganizationRules.MaxMembers)
        {
            v.Add("member", $"An organization has at most {OrganizationRules.MaxMembers:N0} members.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        member = member! with { UserId = member.UserId.Trim(), DisplayName = member.DisplayName.Trim() };
        var access = GrainFactory.GetGrain<IUserAccessGrain>(member.UserId);
        if (member == existing)
        {
            // Nothing changes here; a retry still brings the person's access in step.
            await access.SetOrganizationRole(Key, member.Role);
            return CommandResult.Ok(State.Version);
        }

        // Access is taken away before the change is stored and granted after it: a failure in
        // between leaves a person with less access, never more.
        var lessAccess = existing is not null && member.Role < existing.Role;
        if (lessAccess)
        {
            await access.SetOrganizationRole(Key, member.Role);
        }

        var changes = StartChanges(actor);
        changes.Record("members", existing is null ? null : OrganizationRules.Describe(existing), OrganizationRules.Describe(member));
        var members = existing is null ? State.Members.Add(member) : State.Members.Replace(existing, member);
        var result = await CommitAsync(
            State with { Members = members },
            changes,
            AnnouncementKinds.OrganizationMembers,
            existing is null ? $"Member added ({Text.Count(members.Length, "member")})" : $"Member role changed ({Text.Count(members.Length, "member")})");

        if (!lessAccess)
        {
            await access.SetOrganizationRole(Key, member.Role);
        }

        return result;
    }

    public async Task<CommandResult> RemoveMember(string userId, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        v.Required("userId", userId, FieldValidator.MaxUserIdLength, "The member's user id");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        userId = userId.Trim();
        var access = GrainFactory.GetGrain<IUserAccessGrain>(userId);
        await access.SetOrganizationRole(Key, null);
        var existing = State.Members.FirstOrDefault(m => m.UserId == userId);
        if (existing is null)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("members", OrganizationRules.Describe(existing), null);
        var members = State.Members.Remove(existing);
        return await CommitAsync(State with { Members = members }, changes, AnnouncementKinds.OrganizationMembers, $"Member removed ({Text.Count(members.Length, "member")})");
    }

    public async Task<CommandResult> SetTwoFactorRequired(bool required, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (required == State.RequireTwoFactor)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("requireTwoFactor", State.RequireTwoFactor ? "true" : "false", required ? "true" : "false");
        return await CommitAsync(
            State with { RequireTwoFactor = required },
            changes,
            AnnouncementKinds.OrganizationUpdated,
            required ? "Two-factor sign-in now required for members" : "Two-factor sign-in no longer required");
    }

    protected override CatalogEntry ToCatalogEntry(OrganizationState state) =>
        new(Key, state.Profile!.Name, state.Profile.Counties, state.Profile.Kind.ToString(), state.Version);

    protected override ImmutableArray<string> TopicsOf(OrganizationState state) =>
        [Topics.Organization(Key), .. state.Profile!.Counties.Select(Topics.County), Topics.Statewide];

    protected override string TitleOf(OrganizationState state) => state.Profile!.Name;

    /// <summary>The current services, populations and languages: one call to the taxonomy grain per edit.</summary>
    private Task<TaxonomyVocabularies> VocabulariesAsync() => GrainFactory.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy).GetVocabularies();

    private static OrganizationProfile Validate(OrganizationProfile? profile, FieldValidator v, TaxonomyVocabularies taxonomy, OrganizationProfile? before)
    {
        if (profile is null)
        {
            v.Add("profile", "The profile is required.");
            return null!;
        }

        var normalized = OrganizationRules.Normalize(profile);
        OrganizationRules.Validate(normalized, v, taxonomy, before);
        return normalized;
    }

    private static void RecordProfile(ChangeLog changes, OrganizationProfile? before, OrganizationProfile after)
    {
        foreach (var ((field, oldValue), (_, newValue)) in OrganizationRules.Fields(before).Zip(OrganizationRules.Fields(after)))
        {
            if (before is null && string.IsNullOrEmpty(newValue))
            {
                continue;
            }

            if (field == "contacts" && before is not null && oldValue == newValue && !Normalize.SameItems(before.Contacts, after.Contacts))
            {
                // Only a confidential value changed: the history says so without copying it.
                changes.Record(field, oldValue, newValue + " (confidential value changed)");
                continue;
            }

            changes.Record(field, before is null ? null : oldValue, newValue);
        }
    }
}
