using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.TaskForces;

/// <summary>
/// A task force (key: its slug): its profile, its member organizations with their roles, and its
/// people, whose <see cref="IUserAccessGrain"/> it keeps in step. Announces to its own topic, and
/// membership changes of organizations also to those organizations' topics.
/// </summary>
public sealed class TaskForceGrain(
    [PersistentState("task-force", StorageNames.Network)] IPersistentState<TaskForceState> state,
    AnnouncementPublisher publisher,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    ILogger<TaskForceGrain> logger)
    : ParticipantGrain<TaskForceState>(state, publisher, clock, logger), ITaskForceGrain
{
    public const int MaxOrganizations = 200;
    public const int MaxPeople = 1000;

    private const string What = "Task force";

    protected override string CatalogKey => GrainKeys.TaskForceCatalog;

    public Task<TaskForceDetails?> GetDetails() => Task.FromResult(State.Profile is { } profile
        ? new TaskForceDetails(Key, profile, State.Organizations, State.People, State.Version, State.UpdatedAt, Normalize.Array(State.Invitations), Normalize.Array(State.Notices)) { Archived = State.Archived }
        : null);

    public Task<ImmutableArray<ChangeRecord>> GetHistory(int max) => Task.FromResult(ChangeLog.Newest(State.History, max));

    public async Task<CommandResult> Create(TaskForceProfile profile, Actor actor)
    {
        var v = new FieldValidator();
        v.Key("id", Key, "The task force's id");
        ValidateActor(v, actor);
        if (State.Exists)
        {
            v.Add("id", $"A task force with the id '{Key}' already exists.");
        }

        var normalized = Validate(profile, v);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        RecordProfile(changes, null, normalized);
        return await CommitAsync(State with { Profile = normalized, CreatedAt = changes.At }, changes, AnnouncementKinds.TaskForceCreated, "Task force formed");
    }

    public async Task<CommandResult> UpdateProfile(TaskForceProfile profile, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        if (RefusedWhenArchived() is { } archived)
        {
            return archived;
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        var normalized = Validate(profile, v);
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

        return await CommitAsync(State with { Profile = normalized }, changes, AnnouncementKinds.TaskForceUpdated, "Profile updated: " + string.Join(", ", changes.Fields));
    }

    /// <summary>The most leads and lead agencies a task force is formed with.</summary>
    public const int MaxFormationEntries = 20;

    public async Task<CommandResult> Form(TaskForceFormation formation, Actor actor)
    {
        var v = new FieldValidator();
        v.Key("id", Key, "The task force's id");
        ValidateActor(v, actor);
        if (State.Exists)
        {
            v.Add("name", $"A task force with the id '{Key}' already exists: choose another name.");
        }

        if (formation is null)
        {
            v.Add("formation", "The task force is required.");
            return v.ToResult();
        }

        var normalized = Validate(formation.Profile, v);
        var leads = ImmutableArray.CreateBuilder<TaskForcePerson>();
        var leadRefused = false;
        foreach (var lead in Normalize.Array(formation.Leads))
        {
            if (lead is null || string.IsNullOrWhiteSpace(lead.UserId) || lead.UserId.Length > FieldValidator.MaxUserIdLength
                || string.IsNullOrWhiteSpace(lead.DisplayName) || lead.DisplayName.Trim().Length > FieldValidator.MaxDisplayNameLength)
            {
                v.Add("leads", "Each lead needs an account (user id) and a name.");
                leadRefused = true;
                break;
            }

            if (!leads.Any(l => l.UserId == lead.UserId.Trim()))
            {
                leads.Add(new TaskForcePerson(lead.UserId.Trim(), lead.DisplayName.Trim(), TaskForceRole.Lead));
            }
        }

        if (leads.Count == 0 && !leadRefused)
        {
            v.Add("leads", "Choose at least one lead: the person who runs the task force.");
        }
        else if (leads.Count > MaxFormationEntries)
        {
            v.Add("leads", $"A task force is formed with at most {MaxFormationEntries} leads; add more people afterwards.");
        }

        var agencies = Normalize.Array(formation.LeadAgencies).Select(a => a?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal).ToImmutableArray();
        if (agencies.Length > MaxFormationEntries)
        {
            v.Add("leadAgencies", $"A task force is formed with at most {MaxFormationEntries} lead agencies.");
        }
        else
        {
            foreach (var agency in agencies)
            {
                await ExistingOrganizationName(v, "leadAgencies", agency);
            }
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        RecordProfile(changes, null, normalized);
        var people = leads.ToImmutable();
        var invitations = agencies.Select(a => new TaskForceOrganization(a, TaskForceOrganizationRole.LeadAgency)).ToImmutableArray();
        changes.Record("people", null, string.Join("; ", people.Select(Describe)));
        if (!invitations.IsEmpty)
        {
            changes.Record("invitations", null, string.Join("; ", invitations.Select(Describe)));
        }

        var result = await CommitAsync(
            State with { Profile = normalized, CreatedAt = changes.At, People = people, Invitations = invitations },
            changes,
            AnnouncementKinds.TaskForceCreated,
            "Task force formed");
        foreach (var lead in people)
        {
            await GrainFactory.GetGrain<IUserAccessGrain>(lead.UserId).SetTaskForceRole(Key, TaskForceRole.Lead);
        }

        foreach (var invitation in invitations)
        {
            await RecordOnOrganizationAsync(invitation.OrganizationId, null, Invited(invitation), "Invited to a task force", actor, result);
        }

        return result;
    }

    public async Task<CommandResult> SetArchived(bool archived, Actor actor)
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

        if (State.Archived == archived)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("archived", State.Archived ? "archived" : "active", archived ? "archived" : "active");
        return await CommitAsync(State with { Archived = archived }, changes, AnnouncementKinds.TaskForceUpdated, archived ? "Task force archived" : "Task force restored");
    }

    /// <summary>The refusal of a change to an archived task force; null when it is active.</summary>
    private CommandResult? RefusedWhenArchived() => State.Archived
        ? CommandResult.Invalid("archived", "This task force is archived: a curator restores it before anything changes.")
        : null;

    public async Task<CommandResult> SetOrganization(TaskForceOrganization organization, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        if (RefusedWhenArchived() is { } archived)
        {
            return archived;
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        if (organization is null)
        {
            v.Add("organization", "The organization is required.");
            return v.ToResult();
        }

        v.Defined("organization.role", organization.Role, "Role");
        var name = await ExistingOrganizationName(v, "organization.organizationId", organization.OrganizationId);
        var existing = State.Organizations.FirstOrDefault(o => o.OrganizationId == organization.OrganizationId);
        if (name is not null && existing is null)
        {
            v.Add("organization.organizationId", $"{name} is not a member of this task force. Invite it: it joins when one of its own admins accepts (or a curator adds it, with a reason).");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (organization == existing)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("organizations", Describe(existing!), Describe(organization));
        var organizations = State.Organizations.Replace(existing!, organization);
        var result = await CommitAsync(
            State with { Organizations = organizations },
            changes,
            AnnouncementKinds.TaskForceMembers,
            $"{name} is now {TaskForceRoleWords.Of(organization.Role)}");
        await RecordOnOrganizationAsync(organization.OrganizationId, Membership(existing!), Membership(organization), "Its role in a task force changed", actor, result);
        return result;
    }

    /// <summary>The longest reason a curator gives for adding an organization directly.</summary>
    public const int MaxReasonLength = 500;

    public async Task<CommandResult> AddOrganization(TaskForceOrganization organization, string reason, Actor curator)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        if (RefusedWhenArchived() is { } archived)
        {
            return archived;
        }

        var v = new FieldValidator();
        ValidateActor(v, curator);
        if (organization is null)
        {
            v.Add("organization", "The organization is required.");
            return v.ToResult();
        }

        v.Defined("organization.role", organization.Role, "Role");
        var trimmed = Normalize.Text(reason);
        v.Required("reason", trimmed, MaxReasonLength, "The reason for adding it without its acceptance");
        var name = await ExistingOrganizationName(v, "organization.organizationId", organization.OrganizationId);
        if (State.Organizations.Any(o => o.OrganizationId == organization.OrganizationId))
        {
            v.Add("organization.organizationId", "This organization is already a member of the task force; change its role instead.");
        }
        else if (State.Organizations.Length >= MaxOrganizations)
        {
            v.Add("organization", $"A task force has at most {MaxOrganizations} organizations.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(curator);
        var invitations = Normalize.Array(State.Invitations);
        var invitation = invitations.FirstOrDefault(i => i.OrganizationId == organization.OrganizationId);
        if (invitation is not null)
        {
            changes.Record("invitations", Describe(invitation), "replaced by a curator's addition");
        }

        changes.Record("organizations", null, $"{Describe(organization)} (added by a curator: {trimmed})");
        var organizations = State.Organizations.Add(organization);
        var result = await CommitAsync(
            State with { Organizations = organizations, Invitations = invitation is null ? invitations : invitations.Remove(invitation) },
            changes,
            AnnouncementKinds.TaskForceMembers,
            $"{name} joined as {TaskForceRoleWords.Of(organization.Role)} ({Text.Count(organizations.Length, "organization")})");
        await RecordOnOrganizationAsync(
            organization.OrganizationId,
            invitation is null ? null : Invited(invitation),
            $"{Membership(organization)} (added by a curator: {trimmed})",
            "Added to a task force by a curator",
            curator,
            result);
        return result;
    }

    public Task<CommandResult> RemoveOrganization(string organizationId, Actor actor) => RemoveAsync(organizationId, actor, left: false);

    public Task<CommandResult> Leave(string organizationId, Actor actor) => RemoveAsync(organizationId, actor, left: true);

    private async Task<CommandResult> RemoveAsync(string organizationId, Actor actor, bool left)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        v.Key("organizationId", organizationId, "The organization's id");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var existing = State.Organizations.FirstOrDefault(o => o.OrganizationId == organizationId);
        if (existing is null)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("organizations", Describe(existing), left ? "left on its own" : null);
        var organizations = State.Organizations.Remove(existing);
        var result = await CommitAsync(
            State with { Organizations = organizations },
            changes,
            AnnouncementKinds.TaskForceMembers,
            $"An organization left ({Text.Count(organizations.Length, "organization")})");
        await RecordOnOrganizationAsync(
            organizationId,
            Membership(existing),
            left ? $"{Key}: left" : $"{Key}: removed by the task force",
            left ? "Left a task force" : "Removed from a task force",
            actor,
            result);
        return result;
    }

    public async Task<CommandResult> SetPerson(TaskForcePerson person, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        if (RefusedWhenArchived() is { } archived)
        {
            return archived;
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        if (person is null)
        {
            v.Add("person", "The person is required.");
            return v.ToResult();
        }

        v.Required("person.userId", person.UserId, FieldValidator.MaxUserIdLength, "The person's user id");
        v.Required("person.displayName", person.DisplayName, FieldValidator.MaxDisplayNameLength, "The person's name");
        v.Defined("person.role", person.Role, "Role");
        var existing = State.People.FirstOrDefault(p => p.UserId == person.UserId?.Trim());
        if (existing is null && State.People.Length >= MaxPeople)
        {
            v.Add("person", $"A task force has at most {MaxPeople:N0} people.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        person = person with { UserId = person.UserId.Trim(), DisplayName = person.DisplayName.Trim() };
        var access = GrainFactory.GetGrain<IUserAccessGrain>(person.UserId);
        if (person == existing)
        {
            await access.SetTaskForceRole(Key, person.Role);
            return CommandResult.Ok(State.Version);
        }

        // Less access is applied before the change is stored, more access after it.
        var lessAccess = existing is not null && person.Role < existing.Role;
        if (lessAccess)
        {
            await access.SetTaskForceRole(Key, person.Role);
        }

        var changes = StartChanges(actor);
        changes.Record("people", existing is null ? null : Describe(existing), Describe(person));
        var people = existing is null ? State.People.Add(person) : State.People.Replace(existing, person);
        var result = await CommitAsync(
            State with { People = people },
            changes,
            AnnouncementKinds.TaskForceMembers,
            existing is null ? $"Member added ({Text.Count(people.Length, "person", "people")})" : $"Member role changed ({Text.Count(people.Length, "person", "people")})");

        if (!lessAccess)
        {
            await access.SetTaskForceRole(Key, person.Role);
        }

        return result;
    }

    public async Task<CommandResult> RemovePerson(string userId, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        v.Required("userId", userId, FieldValidator.MaxUserIdLength, "The person's user id");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        userId = userId.Trim();
        await GrainFactory.GetGrain<IUserAccessGrain>(userId).SetTaskForceRole(Key, null);
        var existing = State.People.FirstOrDefault(p => p.UserId == userId);
        if (existing is null)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("people", Describe(existing), null);
        var people = State.People.Remove(existing);
        return await CommitAsync(State with { People = people }, changes, AnnouncementKinds.TaskForceMembers, $"Member removed ({Text.Count(people.Length, "person", "people")})");
    }

    /// <summary>How many notices a task force keeps (the newest).</summary>
    public const int MaxNotices = 50;

    /// <summary>The longest notice.</summary>
    public const int MaxNoticeLength = 1000;

    public async Task<CommandResult> PostNotice(string text, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        if (RefusedWhenArchived() is { } archived)
        {
            return archived;
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            v.Add("text", "Write the notice.");
        }
        else if (trimmed.Length > MaxNoticeLength)
        {
            v.Add("text", $"A notice has at most {MaxNoticeLength} characters (this one has {trimmed.Length}).");
        }

        v.NoSurvivorIdentity("text", trimmed, PiiField.TaskForceNotice);

        if (actor is not null && !State.People.Any(p => p.UserId == actor.UserId))
        {
            v.Add("author", "Only the task force's members and leads post notices to it.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor!);
        changes.Record("notices", null, trimmed);
        var notices = Normalize.Array(State.Notices).Add(new TaskForceNotice(changes.At, actor!.UserId, actor.DisplayName, trimmed));
        return await CommitAsync(
            State with { Notices = notices.Length <= MaxNotices ? notices : notices[^MaxNotices..] },
            changes,
            AnnouncementKinds.TaskForceNotice,
            "New notice"); // never the text: a notice is free text, and announcements carry no person's details
    }

    public async Task<CommandResult> InviteOrganization(TaskForceOrganization invitation, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        if (RefusedWhenArchived() is { } archived)
        {
            return archived;
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        if (invitation is null)
        {
            v.Add("invitation", "The invitation is required.");
            return v.ToResult();
        }

        v.Defined("invitation.role", invitation.Role, "Role");
        var invitations = Normalize.Array(State.Invitations);
        var existing = invitations.FirstOrDefault(i => i.OrganizationId == invitation.OrganizationId);
        if (State.Organizations.Any(o => o.OrganizationId == invitation.OrganizationId))
        {
            v.Add("invitation.organizationId", "This organization is already a member of the task force.");
        }
        else if (existing is null && invitations.Length >= MaxOrganizations)
        {
            v.Add("invitation", $"A task force has at most {MaxOrganizations} open invitations.");
        }

        var name = await ExistingOrganizationName(v, "invitation.organizationId", invitation.OrganizationId);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (existing == invitation)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("invitations", existing is null ? null : Describe(existing), Describe(invitation));
        var result = await CommitAsync(
            State with { Invitations = existing is null ? invitations.Add(invitation) : invitations.Replace(existing, invitation) },
            changes,
            AnnouncementKinds.TaskForceMembers,
            $"{name} invited as {TaskForceRoleWords.Of(invitation.Role)}");
        await RecordOnOrganizationAsync(invitation.OrganizationId, existing is null ? null : Invited(existing), Invited(invitation), "Invited to a task force", actor, result);
        return result;
    }

    public async Task<CommandResult> AnswerInvitation(string organizationId, bool accept, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        if (accept && RefusedWhenArchived() is { } archived)
        {
            return archived;
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        var invitations = Normalize.Array(State.Invitations);
        var invitation = invitations.FirstOrDefault(i => i.OrganizationId == organizationId);
        if (invitation is null)
        {
            v.Add("organizationId", "This organization has no open invitation to the task force.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        changes.Record("invitations", Describe(invitation!), accept ? "accepted" : "declined");
        var organizations = State.Organizations;
        if (accept && !organizations.Any(o => o.OrganizationId == organizationId))
        {
            changes.Record("organizations", null, Describe(invitation!));
            organizations = organizations.Add(invitation!);
        }

        var result = await CommitAsync(
            State with { Invitations = invitations.Remove(invitation!), Organizations = organizations },
            changes,
            AnnouncementKinds.TaskForceMembers,
            accept ? $"An invited organization joined as {TaskForceRoleWords.Of(invitation!.Role)} ({Text.Count(organizations.Length, "organization")})" : "An invitation was declined");
        await RecordOnOrganizationAsync(
            organizationId,
            Invited(invitation!),
            accept ? Membership(organizations.First(o => o.OrganizationId == organizationId)) + " (accepted)" : $"{Key}: invitation declined",
            accept ? "Joined a task force" : "Declined a task force's invitation",
            actor,
            result);
        return result;
    }

    public async Task<CommandResult> WithdrawInvitation(string organizationId, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        var invitations = Normalize.Array(State.Invitations);
        var invitation = invitations.FirstOrDefault(i => i.OrganizationId == organizationId);
        if (invitation is null)
        {
            v.Add("organizationId", State.Organizations.Any(o => o.OrganizationId == organizationId)
                ? "This organization already accepted: it is a member now. Remove it from the members instead."
                : "This organization has no open invitation to the task force (it may have answered it already).");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        changes.Record("invitations", Describe(invitation!), "withdrawn");
        var result = await CommitAsync(
            State with { Invitations = invitations.Remove(invitation!) },
            changes,
            AnnouncementKinds.TaskForceMembers,
            "An invitation was withdrawn");
        await RecordOnOrganizationAsync(organizationId, Invited(invitation!), $"{Key}: invitation withdrawn", "A task force withdrew its invitation", actor, result);
        return result;
    }

    /// <summary>
    /// Every organization whose invitation or membership changed hears of it on its own invitations topic, which
    /// only its admins join: their open invitations page and Task forces panel reload at once.
    /// </summary>
    protected override Task AfterWriteAsync(TaskForceState previous, TaskForceState stamped)
    {
        if (stamped.Profile is null)
        {
            return Task.CompletedTask;
        }

        var before = Normalize.Array(previous.Invitations).Select(i => ("invited", i)).Concat(previous.Organizations.Select(o => ("member", o))).ToHashSet();
        var after = Normalize.Array(stamped.Invitations).Select(i => ("invited", i)).Concat(stamped.Organizations.Select(o => ("member", o))).ToHashSet();
        var changed = before.Except(after).Concat(after.Except(before)).Select(e => e.Item2.OrganizationId).Distinct(StringComparer.Ordinal)
            .Select(Topics.TaskForceInvitations).ToImmutableArray();
        // Awaited like every announcement: the change is answered only once this one is journaled too.
        return changed.IsEmpty
            ? Task.CompletedTask
            : Publisher.Publish(new NetworkAnnouncement(
                changed, AnnouncementKinds.TaskForceInvitation, Key, stamped.Version, stamped.Profile.Name, "Invitations or membership changed", stamped.UpdatedAt, string.Empty));
    }

    protected override CatalogEntry ToCatalogEntry(TaskForceState state) =>
        new(Key, state.Profile!.Name, state.Profile.Counties, "task-force", state.Version);

    protected override ImmutableArray<string> TopicsOf(TaskForceState state) => [Topics.TaskForce(Key)];

    protected override ImmutableArray<ConnectedCalifornia.Notifications.Notification> NotificationsOf(TaskForceState previous, TaskForceState stamped) =>
        TaskForceNotifications.Between(Key, previous, stamped);

    protected override string TitleOf(TaskForceState state) => state.Profile!.Name;

    private static string Describe(TaskForceOrganization organization) => $"{organization.OrganizationId}: {organization.Role}";

    // How the organization's own history names its place in this task force.
    private string Membership(TaskForceOrganization organization) => $"{Key}: member as {organization.Role}";

    private string Invited(TaskForceOrganization invitation) => $"{Key}: invited as {invitation.Role}";

    /// <summary>
    /// Records a stored change of an organization's place in this task force on the organization's own
    /// history. The task force's change is stored either way; a failure is logged with ids only.
    /// </summary>
    private async Task RecordOnOrganizationAsync(string organizationId, string? before, string? after, string summary, Actor actor, CommandResult stored)
    {
        if (!stored.Succeeded)
        {
            return;
        }

        try
        {
            var recorded = await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).RecordTaskForce(Key, before, after, summary, actor);
            if (!recorded.Succeeded)
            {
                throw new InvalidOperationException("The organization refused the record: " + string.Join(", ", recorded.Errors.Select(e => e.Field)));
            }
        }
        catch (Exception exception)
        {
            GrainLog.OrganizationHistoryFailed(Logger, exception, Key, stored.Version, organizationId);
        }
    }

    private static string Describe(TaskForcePerson person) => $"{person.DisplayName} ({person.UserId}): {person.Role}";

    private Task<string?> ExistingOrganizationName(FieldValidator v, string field, string? organizationId) =>
        ExistingOrganization.NameAsync(GrainFactory, v, field, organizationId);

    private static TaskForceProfile Validate(TaskForceProfile? profile, FieldValidator v)
    {
        if (profile is null)
        {
            v.Add("profile", "The profile is required.");
            return null!;
        }

        var normalized = profile with
        {
            Name = Normalize.Text(profile.Name),
            Description = Normalize.Text(profile.Description),
            Counties = Normalize.Codes(profile.Counties),
        };
        v.Required("name", normalized.Name, FieldValidator.MaxNameLength, "Name");
        v.MaxLength("description", normalized.Description, FieldValidator.MaxDescriptionLength, "Description");
        v.Counties("counties", normalized.Counties);
        return normalized;
    }

    private static void RecordProfile(ChangeLog changes, TaskForceProfile? before, TaskForceProfile after)
    {
        changes.Record("name", before?.Name, after.Name);
        changes.Record("description", before?.Description, before is null && after.Description.Length == 0 ? null : after.Description);
        changes.Record("counties", before is null ? null : ChangeLog.Join(before.Counties), ChangeLog.Join(after.Counties));
    }
}
