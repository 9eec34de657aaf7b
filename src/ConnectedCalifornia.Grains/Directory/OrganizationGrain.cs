using System.Collections.Immutable;
using System.Globalization;
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

    public async Task<CommandResult> SubmitProfile(OrganizationProfile profile, Actor actor)
    {
        if (State.Verification != VerificationStatus.Verified)
        {
            return await UpdateProfile(profile, actor);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        var edited = Validate(profile, v, await VocabulariesAsync(), State.Profile);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var listing = State.Profile!;
        var applied = ChangeRequests.ApplyAtOnce(listing, edited);
        var changes = StartChanges(actor);
        RecordProfile(changes, listing, applied);
        var request = ChangeRequests.Merge(State.ChangeRequest, applied, edited, actor, changes.At, State.Version + 1);
        if (changes.IsEmpty && request == State.ChangeRequest)
        {
            return CommandResult.Ok(State.Version);
        }

        var next = State with { Profile = applied, ChangeRequest = request };
        var waiting = request is null ? "No changes waiting for curator review" : $"{Text.Count(request.Fields.Length, "change")} waiting for curator review";
        if (changes.IsEmpty)
        {
            // Nothing visible changed: only the organization and the curators hear of it.
            return await CommitAsync(next, changes, AnnouncementKinds.OrganizationChangeRequest, waiting, onlyTopics: [Topics.Organization(Key), Topics.Curation]);
        }

        var summary = "Profile updated: " + string.Join(", ", changes.Fields.Select(OrganizationRules.Label)) + "; " + waiting.ToLowerInvariant();
        return await CommitAsync(next, changes, AnnouncementKinds.OrganizationUpdated, summary, [Topics.Curation]);
    }

    public Task<OrganizationProfile?> GetRequestedProfile()
    {
        var profile = State.Profile;
        if (profile is not null && State.ChangeRequest is { } request)
        {
            profile = request.Fields.Aggregate(profile, (p, f) => ChangeRequests.Apply(f.Field, p, request.Proposed));
        }

        return Task.FromResult(profile);
    }

    public Task<ChangeReview?> GetChangeReview()
    {
        if (State.Profile is not { } listing)
        {
            return Task.FromResult<ChangeReview?>(null);
        }

        var open = State.ChangeRequest is { } request
            ? new OrganizationChangeRequest(Key, listing.Name, request.Revision, request.OpenedAt, request.UpdatedAt, request.Fields, ChangeRequests.Stale(request, listing))
            : null;
        return Task.FromResult<ChangeReview?>(new ChangeReview(open, [.. State.Decisions.Reverse()]));
    }

    public async Task<CommandResult> DecideChanges(long revision, ImmutableArray<ChangeDecision> decisions, Actor curator)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, curator);
        var request = State.ChangeRequest;
        if (request is null)
        {
            return CommandResult.Invalid("decisions", "No changes are waiting for review: they were decided or withdrawn meanwhile. Nothing was changed.");
        }

        if (revision != request.Revision)
        {
            return CommandResult.Invalid("revision", $"The request changed since you loaded it (revision {revision}, now {request.Revision}): reload it and decide again. Nothing was changed.");
        }

        decisions = Network.Normalize.Array(decisions);
        if (decisions.IsEmpty)
        {
            v.Add("decisions", "Decide at least one field.");
        }

        var listing = State.Profile!;
        var stale = ChangeRequests.Stale(request, listing);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < decisions.Length; i++)
        {
            var decision = decisions[i];
            var field = $"decisions[{i}]";
            if (decision is null)
            {
                v.Add(field, "The decision is empty.");
                continue;
            }

            if (request.Fields.All(f => f.Field != decision.Field))
            {
                v.Add($"{field}.field", $"'{decision.Field}' is not waiting for review.");
            }
            else if (!seen.Add(decision.Field))
            {
                v.Add($"{field}.field", $"'{decision.Field}' is decided twice.");
            }
            else if (decision.Accept && stale.Contains(decision.Field))
            {
                v.Add($"{field}.field", $"{VerifiedFields.Label(decision.Field)} changed on the listing since it was requested (it is now {ChangeRequests.Describe(ChangeRequests.Items(decision.Field, listing))}), so it cannot be accepted. Reject it, or ask the organization to request it again.");
            }

            if (decision.Accept)
            {
                v.MaxLength($"{field}.reason", decision.Reason, VerifiedFields.MaxReasonLength, "The reason");
            }
            else
            {
                v.Required($"{field}.reason", decision.Reason, VerifiedFields.MaxReasonLength, "The reason for rejecting it");
            }
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(curator);
        var profile = listing;
        var decided = ImmutableArray.CreateBuilder<DecidedChange>();
        foreach (var change in request.Fields)
        {
            var decision = decisions.FirstOrDefault(d => d.Field == change.Field);
            if (decision is null)
            {
                continue;
            }

            var reason = Network.Normalize.OptionalText(decision.Reason);
            decided.Add(new DecidedChange(change, decision.Accept, reason, curator.UserId, curator.DisplayName, changes.At));
            if (!decision.Accept)
            {
                continue;
            }

            var next = ChangeRequests.Apply(change.Field, profile, request.Proposed);
            changes.RequestedBy = new Actor(change.RequestedById, change.RequestedByName);
            // Every field the accept changes: its value, and who sees it when the request made it public.
            RecordProfile(changes, profile, next);
            profile = next;
        }

        changes.RequestedBy = null;
        var remaining = request.Fields.Where(f => !seen.Contains(f.Field)).ToImmutableArray();
        var history = State.Decisions.AddRange(decided);
        var nextState = State with
        {
            Profile = profile,
            ChangeRequest = remaining.IsEmpty ? null : request with { Fields = remaining },
            Decisions = history.Length <= ChangeRequests.MaxDecisions ? history : history[^ChangeRequests.MaxDecisions..],
        };
        var accepted = decided.Count(d => d.Accepted);
        var rejected = decided.Count - accepted;
        var summary = "Curator review: " + string.Join(", ", new[]
        {
            accepted > 0 ? $"{Text.Count(accepted, "change")} accepted" : null,
            rejected > 0 ? $"{Text.Count(rejected, "change")} rejected" : null,
            remaining.IsEmpty ? null : $"{Text.Count(remaining.Length, "change")} still waiting",
        }.Where(p => p is not null));
        if (changes.IsEmpty)
        {
            return await CommitAsync(nextState, changes, AnnouncementKinds.OrganizationChangeRequest, summary, onlyTopics: [Topics.Organization(Key), Topics.Curation]);
        }

        var formerCounties = listing.Counties.Select(Topics.County);
        return await CommitAsync(nextState, changes, AnnouncementKinds.OrganizationUpdated, summary, [.. formerCounties, Topics.Curation]);
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

    public async Task<CommandResult> Reverify(Actor actor)
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

        var changes = StartChanges(actor);
        changes.Record("verification", State.Verification.ToString(), nameof(VerificationStatus.Verified));
        changes.Record("verifiedAt", State.VerifiedAt?.ToString("O", CultureInfo.InvariantCulture), changes.At.ToString("O", CultureInfo.InvariantCulture));
        var next = State with { Verification = VerificationStatus.Verified, VerifiedAt = changes.At };
        return await CommitAsync(next, changes, AnnouncementKinds.OrganizationVerification, "Verification: Verified (checked again)");
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
        if (member == existing)
        {
            // Nothing changes here; a retry still brings the person's access in step.
            await GrainFactory.GetGrain<IUserAccessGrain>(member.UserId).SetOrganizationRole(Key, member.Role);
            return CommandResult.Ok(State.Version);
        }

        return await CommitMemberAsync(member, StartChanges(actor), State);
    }

    public async Task<CommandResult> ChangeMemberRole(string userId, OrganizationRole role, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        v.Required("userId", userId, FieldValidator.MaxUserIdLength, "The member's user id");
        v.Defined("role", role, "Role");
        var existing = State.Members.FirstOrDefault(m => m.UserId == userId?.Trim());
        if (!v.HasErrors && existing is null)
        {
            v.Add("userId", "This person is not a member of the organization. Invite people by e-mail address: they become members when they accept.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        return existing!.Role == role ? CommandResult.Ok(State.Version) : await CommitMemberAsync(existing with { Role = role }, StartChanges(actor), State);
    }

    public async Task<CommandResult> InviteMember(string email, OrganizationRole role, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        email = email?.Trim() ?? string.Empty;
        if (email.Length is 0 or > PersonInvitations.MaxEmailLength || !OrganizationRules.IsEmail(email))
        {
            v.Add("email", $"Enter the person's e-mail address, such as name@example.org (at most {PersonInvitations.MaxEmailLength} characters).");
        }

        v.Defined("role", role, "Role");
        var invitations = Network.Normalize.Array(State.MemberInvitations);
        var existing = invitations.FirstOrDefault(i => PersonInvitations.SameAddress(i.Email, email));
        if (existing is null && invitations.Length >= OrganizationRules.MaxMembers)
        {
            v.Add("email", $"An organization has at most {OrganizationRules.MaxMembers:N0} open invitations: withdraw some first.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (existing is not null && existing.Role == role)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        var invitation = new MemberInvitation(existing?.Id ?? Guid.NewGuid().ToString("N"), email, role, changes.At, actor.UserId, actor.DisplayName);
        changes.Record("memberInvitations", existing is null ? null : Describe(existing), Describe(invitation));
        var result = await CommitAsync(
            State with { MemberInvitations = existing is null ? invitations.Add(invitation) : invitations.Replace(existing, invitation) },
            changes,
            AnnouncementKinds.OrganizationMembers,
            "A person was invited to join", // never the address
            onlyTopics: [Topics.Organization(Key)]);
        await UpdatePersonInvitationsAsync(invitation, remove: false);
        return result;
    }

    public async Task<CommandResult> AnswerMemberInvitation(string email, bool accept, Actor person)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, person);
        var invitations = Network.Normalize.Array(State.MemberInvitations);
        var invitation = invitations.FirstOrDefault(i => PersonInvitations.SameAddress(i.Email, email));
        if (invitation is null)
        {
            v.Add("organizationId", "There is no open invitation of this organization for you: it was answered or withdrawn.");
        }
        else if (accept && State.Members.Length >= OrganizationRules.MaxMembers && State.Members.All(m => m.UserId != person?.UserId))
        {
            v.Add("organizationId", $"The organization has {OrganizationRules.MaxMembers:N0} members, the most it can have.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(person);
        changes.Record("memberInvitations", Describe(invitation!), accept ? "accepted" : "declined");
        var next = State with { MemberInvitations = invitations.Remove(invitation!) };
        var result = accept
            ? await CommitMemberAsync(new OrganizationMember(person.UserId, person.DisplayName.Trim(), invitation!.Role), changes, next)
            : await CommitAsync(next, changes, AnnouncementKinds.OrganizationMembers, "An invitation was declined", onlyTopics: [Topics.Organization(Key)]);
        await UpdatePersonInvitationsAsync(invitation!, remove: true);
        return result;
    }

    public async Task<CommandResult> CancelMemberInvitation(string invitationId, Actor actor)
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

        var invitations = Network.Normalize.Array(State.MemberInvitations);
        var invitation = invitations.FirstOrDefault(i => i.Id == invitationId);
        if (invitation is null)
        {
            return CommandResult.Missing("The invitation");
        }

        var changes = StartChanges(actor);
        changes.Record("memberInvitations", Describe(invitation), "withdrawn");
        var result = await CommitAsync(
            State with { MemberInvitations = invitations.Remove(invitation) },
            changes,
            AnnouncementKinds.OrganizationMembers,
            "An invitation was withdrawn",
            onlyTopics: [Topics.Organization(Key)]);
        await UpdatePersonInvitationsAsync(invitation, remove: true);
        return result;
    }

    public Task<ImmutableArray<MemberInvitation>> GetMemberInvitations() => Task.FromResult(Network.Normalize.Array(State.MemberInvitations));

    public async Task<CommandResult> RecordTaskForce(string taskForceId, string? before, string? after, string summary, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        v.Key("taskForceId", taskForceId, "The task force's id");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        changes.Record("taskForces", before, after);
        return changes.IsEmpty
            ? CommandResult.Ok(State.Version)
            // Recorded on the history only: the org: topic is joined by every network member, who may
            // not read the task force, so it carries nothing of the organization's task forces (issue 13).
            : await CommitAsync(State, changes, AnnouncementKinds.OrganizationMembers, summary, onlyTopics: ImmutableArray<string>.Empty);
    }

    /// <summary>
    /// Stores a member, new or with a new role, with <paramref name="next"/> (the rest of the command's state).
    /// Access is taken away before the change is stored and granted after it: a failure in between
    /// leaves a person with less access, never more.
    /// </summary>
    private async Task<CommandResult> CommitMemberAsync(OrganizationMember member, ChangeLog changes, OrganizationState next)
    {
        var existing = State.Members.FirstOrDefault(m => m.UserId == member.UserId);
        var access = GrainFactory.GetGrain<IUserAccessGrain>(member.UserId);
        var lessAccess = existing is not null && member.Role < existing.Role;
        if (lessAccess)
        {
            await access.SetOrganizationRole(Key, member.Role);
        }

        changes.Record("members", existing is null ? null : OrganizationRules.Describe(existing), OrganizationRules.Describe(member));
        var members = existing is null ? State.Members.Add(member) : State.Members.Replace(existing, member);
        var result = await CommitAsync(
            next with { Members = members },
            changes,
            AnnouncementKinds.OrganizationMembers,
            // No count: the member list is for the organization's own circle, these topics are not (issue 13).
            existing is null ? "Member added" : "Member role changed");

        if (!lessAccess)
        {
            await access.SetOrganizationRole(Key, member.Role);
        }

        return result;
    }

    private static string Describe(MemberInvitation invitation) => $"{invitation.Email}: {invitation.Role}";

    /// <summary>Keeps the invited address's list in step; the organization's own invitation decides, so a failure is logged, not returned.</summary>
    private async Task UpdatePersonInvitationsAsync(MemberInvitation invitation, bool remove)
    {
        try
        {
            var list = GrainFactory.GetGrain<IPersonInvitationsGrain>(PersonInvitations.KeyOf(invitation.Email));
            await (remove
                ? list.Remove(Key)
                : list.Invite(new PersonInvitation(Key, invitation.Id, invitation.Role, invitation.InvitedAt, invitation.InvitedByName), invitation.Email, State.Profile!.Name));
        }
        catch (Exception exception)
        {
            GrainLog.PersonInvitationsUpdateFailed(Logger, exception, Key, invitation.Id);
        }
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
        return await CommitAsync(State with { Members = members }, changes, AnnouncementKinds.OrganizationMembers, "Member removed");
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

    /// <summary>Keeps the organization's line in the curators' queue in step with its open request.</summary>
    protected override async Task AfterWriteAsync(OrganizationState previous, OrganizationState stamped)
    {
        var queue = GrainFactory.GetGrain<ICurationQueueGrain>(GrainKeys.CurationQueue);
        try
        {
            if (stamped.ChangeRequest is { } request)
            {
                var latest = request.Fields.MaxBy(f => f.RequestedAt)!;
                await queue.Set(new CurationQueueEntry(Key, stamped.Profile!.Name, request.Fields.Length, latest.RequestedByName, request.OpenedAt, request.UpdatedAt, stamped.Version));
            }
            else if (previous.ChangeRequest is not null)
            {
                await queue.Remove(Key, stamped.Version);
            }
        }
        catch (Exception exception)
        {
            // The request is stored; the queue is a read model that takes the organization's next change.
            GrainLog.CatalogUpdateFailed(Logger, exception, GrainKeys.CurationQueue, Key, stamped.Version);
        }
    }

    protected override CatalogEntry ToCatalogEntry(OrganizationState state) =>
        new(Key, state.Profile!.Name, state.Profile.Counties, state.Profile.Kind.ToString(), state.Version);

    protected override ImmutableArray<string> TopicsOf(OrganizationState state) =>
        [Topics.Organization(Key), .. state.Profile!.Counties.Select(Topics.County), Topics.Statewide];

    protected override string TitleOf(OrganizationState state) => state.Profile!.Name;

    protected override ImmutableArray<ConnectedCalifornia.Notifications.Notification> NotificationsOf(OrganizationState previous, OrganizationState stamped) =>
        DirectoryNotifications.ChangesDecided(Key, previous, stamped);

    /// <summary>The current services, populations and languages: one call to the taxonomy grain per edit.</summary>
    private Task<TaxonomyVocabularies> VocabulariesAsync() => GrainFactory.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy).GetVocabularies();

    private static OrganizationProfile Validate(OrganizationProfile? profile, FieldValidator v, TaxonomyVocabularies taxonomy, OrganizationProfile? before)
    {
        if (profile is null)
        {
            v.Add("profile", "The profile is required.");
            return null!;
        }

        // A profile that does not say who sees its fields keeps what the listing says: leaving it out
        // (an older client, an import) never makes a field public.
        if (profile.FieldVisibility is null && before?.FieldVisibility is { } held)
        {
            profile = profile with { FieldVisibility = held };
        }

        // Likewise a profile without the services' own descriptions (an edit form that does not show them) keeps them.
        if (profile.ServiceDescriptions is null && before?.ServiceDescriptions is { } described)
        {
            profile = profile with { ServiceDescriptions = described };
        }

        // And the description in Spanish: null keeps it, empty removes it.
        if (profile.SpanishDescription is null && before?.SpanishDescription is { } spanish)
        {
            profile = profile with { SpanishDescription = spanish };
        }

        var normalized = OrganizationRules.Normalize(profile);
        OrganizationRules.Validate(normalized, v, taxonomy, before);
        return normalized;
    }

    private static void RecordProfile(ChangeLog changes, OrganizationProfile? before, OrganizationProfile after)
    {
        var revealed = OrganizationRules.Fields(before, reveal: true).Zip(OrganizationRules.Fields(after, reveal: true));
        foreach (var (((field, oldValue), (_, newValue)), ((_, oldRaw), (_, newRaw))) in OrganizationRules.Fields(before).Zip(OrganizationRules.Fields(after)).Zip(revealed))
        {
            if (before is null && string.IsNullOrEmpty(newValue))
            {
                continue;
            }

            if (before is not null && oldValue == newValue && oldRaw != newRaw)
            {
                // Only a confidential value changed: the history says so without copying it.
                changes.Record(field, oldValue, newValue + " (confidential value changed)");
                continue;
            }

            changes.Record(field, before is null ? null : oldValue, newValue);
        }
    }
}
