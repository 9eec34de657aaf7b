using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Directory;

/// <summary>
/// One application to join or one claim of a listing. Curators decide; an approval goes through the
/// organization grain's own commands (<see cref="IOrganizationGrain.Create"/>,
/// <see cref="IOrganizationGrain.SetMember"/>, which also grants the person's access, and the
/// verification commands), so every rule and record of the organization applies as usual.
/// </summary>
public sealed class JoinRequestGrain(
    [PersistentState("join-request", StorageNames.Network)] IPersistentState<JoinRequestState> state,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    INotificationOutbox outbox,
    AnnouncementPublisher publisher,
    ILogger<JoinRequestGrain> logger)
    : Grain, IJoinRequestGrain
{
    public const int MaxNoteLength = 1000;
    public const int MaxReasonLength = 1000;
    public const int MaxApplicantNameLength = 120;
    public const int MaxApplicantEmailLength = 256;

    /// <summary>Who acts in the history of an application made without an account, until approval gives it one.</summary>
    public const string PublicApplicantId = "public-applicant";

    private CommitPipeline<JoinRequestState>? _pipeline;

    private CommitPipeline<JoinRequestState> Pipeline => _pipeline ??= new(state, publisher, logger, FlushOutboxAsync);

    private JoinRequestState State => state.State;

    private string Key => this.GetPrimaryKeyString();

    /// <summary>Hands over notifications a previous activation wrote but could not hand to the outbox.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => FlushOutboxAsync();

    public Task<JoinRequestDetails?> GetDetails() => Task.FromResult(State.Exists ? ToDetails(State) : null);

    public Task<ImmutableArray<ChangeRecord>> GetHistory(int max) => Task.FromResult(ChangeLog.Newest(State.History, max));

    public async Task<CommandResult> SubmitApplication(string organizationId, OrganizationProfile profile, string note, Actor applicant)
    {
        var v = new FieldValidator();
        v.Actor(applicant, "Who makes the request is required.");
        v.MaxLength("note", note, MaxNoteLength, "The note to curators");
        if (!Key.StartsWith(JoinRequestKeys.ApplicationPrefix, StringComparison.Ordinal))
        {
            v.Add("id", "This request id is not an application's.");
        }

        if (State.Exists)
        {
            v.Add("id", "This application was already submitted.");
        }

        var normalized = await CheckProposalAsync(organizationId, profile, v);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = new ChangeLog(applicant, clock.GetUtcNow());
        changes.Record("status", null, nameof(JoinRequestStatus.Submitted));
        changes.Record("organizationId", null, organizationId);
        changes.Record("name", null, normalized.Name);
        changes.Record("note", null, Normalize.OptionalText(note));
        var next = State with
        {
            Kind = JoinRequestKind.NewOrganization,
            OrganizationId = organizationId,
            OrganizationName = normalized.Name,
            Profile = normalized,
            Note = Normalize.Text(note),
            ApplicantId = applicant.UserId.Trim(),
            ApplicantName = applicant.DisplayName.Trim(),
            Status = JoinRequestStatus.Submitted,
            SubmittedAt = changes.At,
        };
        return await CommitAsync(next, changes);
    }

    public async Task<CommandResult> SubmitPublicApplication(string organizationId, OrganizationProfile profile, string note, string applicantName, string applicantEmail, string? language)
    {
        var v = new FieldValidator();
        applicantName = applicantName?.Trim() ?? string.Empty;
        applicantEmail = applicantEmail?.Trim() ?? string.Empty;
        v.Required("applicantName", applicantName, MaxApplicantNameLength, "Your name");
        if (applicantName.Any(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069'))
        {
            v.Add("applicantName", "Your name contains control or direction-override characters; type it again.");
        }

        if (applicantEmail.Length == 0)
        {
            v.Add("applicantEmail", "Your e-mail address is required: we send the link to follow your application there.");
        }
        else if (applicantEmail.Length > MaxApplicantEmailLength || !OrganizationRules.IsEmail(applicantEmail))
        {
            v.Add("applicantEmail", $"Enter your e-mail address, such as name@example.org (at most {MaxApplicantEmailLength} characters).");
        }

        v.MaxLength("note", note, MaxNoteLength, "The note to curators");
        if (!Key.StartsWith(JoinRequestKeys.ApplicationPrefix, StringComparison.Ordinal))
        {
            v.Add("id", "This request id is not an application's.");
        }

        if (State.Exists)
        {
            v.Add("id", "This application was already submitted.");
        }

        var normalized = await CheckProposalAsync(organizationId, profile, v);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var applicant = new Actor(PublicApplicantId, applicantName);
        var changes = new ChangeLog(applicant, clock.GetUtcNow());
        changes.Record("status", null, nameof(JoinRequestStatus.AwaitingEmail));
        changes.Record("organizationId", null, organizationId);
        changes.Record("name", null, normalized.Name);
        changes.Record("applicantName", null, applicantName);
        changes.Record("applicantEmail", null, applicantEmail);
        changes.Record("note", null, Normalize.OptionalText(note));
        var next = State with
        {
            Kind = JoinRequestKind.NewOrganization,
            OrganizationId = organizationId,
            OrganizationName = normalized.Name,
            Profile = normalized,
            Note = Normalize.Text(note),
            ApplicantId = string.Empty,
            ApplicantName = applicantName,
            ApplicantLanguage = language == "es" ? "es" : null,
            ApplicantEmail = applicantEmail,
            Status = JoinRequestStatus.AwaitingEmail,
            SubmittedAt = changes.At,
        };
        return await CommitAsync(next, changes);
    }

    public async Task<CommandResult> ConfirmApplicantEmail()
    {
        if (!State.Exists || !State.IsPublic)
        {
            return CommandResult.Missing("The application");
        }

        if (State.Status == JoinRequestStatus.Withdrawn)
        {
            return CommandResult.Invalid("status", "You withdrew this application: it cannot be sent to the curators. Apply again if you changed your mind.");
        }

        if (State.Status != JoinRequestStatus.AwaitingEmail)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = new ChangeLog(new Actor(PublicApplicantId, State.ApplicantName), clock.GetUtcNow());
        changes.Record("status", State.Status.ToString(), nameof(JoinRequestStatus.Submitted));
        changes.Record("emailConfirmedAt", null, CaliforniaTime.Stamp(changes.At));
        return await CommitAsync(State with { Status = JoinRequestStatus.Submitted, EmailConfirmedAt = changes.At }, changes);
    }

    public Task<CommandResult> ResubmitPublic(OrganizationProfile? profile, string note) =>
        State.Exists && State.IsPublic
            ? ResubmitAsync(profile, note, new Actor(PublicApplicantId, State.ApplicantName))
            : Task.FromResult(CommandResult.Missing("The application"));

    public async Task<CommandResult> WithdrawPublic()
    {
        if (!State.Exists || !State.IsPublic)
        {
            return CommandResult.Missing("The application");
        }

        if (!JoinRequestDetails.IsWithdrawable(State.Status))
        {
            return CommandResult.Invalid("status", $"This application cannot be withdrawn any more: it is {Describe(State.Status)}.");
        }

        var changes = new ChangeLog(new Actor(PublicApplicantId, State.ApplicantName), clock.GetUtcNow());
        changes.Record("status", State.Status.ToString(), nameof(JoinRequestStatus.Withdrawn));
        return await CommitAsync(State with { Status = JoinRequestStatus.Withdrawn }, changes);
    }

    public async Task<CommandResult> SubmitClaim(string organizationId, string note, Actor claimant)
    {
        var v = new FieldValidator();
        v.Actor(claimant, "Who makes the request is required.");
        v.MaxLength("note", note, MaxNoteLength, "The note to curators");
        if (!v.Key("organizationId", organizationId, "The listing's id"))
        {
            return v.ToResult();
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (Key != JoinRequestKeys.Claim(organizationId, claimant.UserId.Trim()))
        {
            v.Add("id", "A claim's id is made of the listing and the person claiming it.");
            return v.ToResult();
        }

        if (State.IsOpen)
        {
            v.Add("organizationId", "You already have an open claim for this listing; curators will answer it.");
            return v.ToResult();
        }

        var details = await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).GetDetails();
        if (details is null)
        {
            return CommandResult.Missing("The listing");
        }

        CheckClaimable(details, v);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        // A claim refused before may be made again: the same grain starts a new round, its history kept.
        var changes = new ChangeLog(claimant, clock.GetUtcNow());
        changes.Record("status", State.Exists ? State.Status.ToString() : null, nameof(JoinRequestStatus.Submitted));
        changes.Record("organizationId", State.Exists ? State.OrganizationId : null, organizationId);
        changes.Record("note", State.Exists ? Normalize.OptionalText(State.Note) : null, Normalize.OptionalText(note));
        var next = State with
        {
            Kind = JoinRequestKind.Claim,
            OrganizationId = organizationId,
            OrganizationName = details.Profile.Name,
            Profile = null,
            Note = Normalize.Text(note),
            ApplicantId = claimant.UserId.Trim(),
            ApplicantName = claimant.DisplayName.Trim(),
            Status = JoinRequestStatus.Submitted,
            Reason = null,
            SubmittedAt = changes.At,
        };
        return await CommitAsync(next, changes);
    }

    public async Task<CommandResult> Resubmit(OrganizationProfile? profile, string note, Actor applicant)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing("The request");
        }

        var v = new FieldValidator();
        v.Actor(applicant, "Who makes the request is required.");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (applicant.UserId.Trim() != State.ApplicantId)
        {
            return CommandResult.Forbidden();
        }

        return await ResubmitAsync(profile, note, applicant);
    }

    private async Task<CommandResult> ResubmitAsync(OrganizationProfile? profile, string note, Actor applicant)
    {
        var v = new FieldValidator();
        v.MaxLength("note", note, MaxNoteLength, "The note to curators");
        if (State.Status != JoinRequestStatus.ChangesRequested)
        {
            v.Add("status", $"Only a request that curators sent back for changes can be submitted again (this one is {Describe(State.Status)}).");
            return v.ToResult();
        }

        var normalized = State.Profile;
        if (State.Kind == JoinRequestKind.NewOrganization)
        {
            normalized = await CheckProposalAsync(State.OrganizationId, profile!, v);
        }
        else if (await GrainFactory.GetGrain<IOrganizationGrain>(State.OrganizationId).GetDetails() is { } details)
        {
            CheckClaimable(details, v);
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = new ChangeLog(applicant, clock.GetUtcNow());
        changes.Record("status", State.Status.ToString(), nameof(JoinRequestStatus.Submitted));
        changes.Record("note", Normalize.OptionalText(State.Note), Normalize.OptionalText(note));
        if (normalized is not null && State.Profile is not null)
        {
            foreach (var ((field, oldValue), (_, newValue)) in OrganizationRules.Fields(State.Profile).Zip(OrganizationRules.Fields(normalized)))
            {
                changes.Record(field, oldValue, newValue);
            }
        }

        var next = State with
        {
            Profile = normalized,
            OrganizationName = normalized?.Name ?? State.OrganizationName,
            Note = Normalize.Text(note),
            Status = JoinRequestStatus.Submitted,
        };
        return await CommitAsync(next, changes);
    }

    public Task<CommandResult> Decide(JoinDecision decision, string? reason, Actor curator) =>
        State.Exists && State.IsPublic && string.IsNullOrEmpty(State.ApplicantId)
            // Without the account of the applicant's address the grain cannot tell whether the curator is deciding
            // their own application: such an application is decided through DecideWithAccount only.
            ? Task.FromResult(CommandResult.Invalid("decision", "This application was made without an account: it is decided with the account of the applicant's e-mail address (if any), so that no curator decides their own application."))
            : DecideWithAccount(decision, reason, curator, null);

    public async Task<CommandResult> DecideWithAccount(JoinDecision decision, string? reason, Actor curator, string? applicantAccountId)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing("The request");
        }

        var v = new FieldValidator();
        v.Actor(curator, "Who makes the request is required.");
        v.Defined("decision", decision, "The decision");
        if (decision != JoinDecision.Approve)
        {
            v.Required("reason", reason, MaxReasonLength, "A reason for the applicant");
        }
        else
        {
            v.MaxLength("reason", reason, MaxReasonLength, "The reason");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (curator.UserId.Trim() == State.ApplicantId)
        {
            v.Add("decision", "A curator does not decide their own request; another curator has to.");
        }
        else if (State.IsPublic && State.ApplicantId!.Length == 0 && applicantAccountId?.Trim() == curator.UserId.Trim())
        {
            // Made without an account under the curator's own address: still their own application.
            v.Add("decision", $"This application was made with your own e-mail address ({State.ApplicantEmail}). A curator never decides "
                + "their own application, so that every organization is checked by someone else: ask another curator to decide it.");
        }
        else if (State.Status == JoinRequestStatus.Withdrawn)
        {
            v.Add("decision", "The applicant withdrew this application: there is nothing left to decide.");
        }
        else if (!State.IsOpen)
        {
            v.Add("decision", $"This request was already decided ({Describe(State.Status)}).");
        }
        else if (decision != JoinDecision.Reject && State.Status == JoinRequestStatus.ChangesRequested)
        {
            v.Add("decision", "The applicant has not submitted the requested changes yet; it can only be rejected meanwhile.");
        }

        // An application made without an account gets its applicant's account when it is approved.
        var applicantId = State.ApplicantId!;
        if (decision == JoinDecision.Approve && State.IsPublic && applicantId.Length == 0)
        {
            applicantId = applicantAccountId?.Trim() ?? string.Empty;
            if (applicantId.Length is 0 or > FieldValidator.MaxUserIdLength)
            {
                v.Add("applicant", "The applicant's account could not be prepared; try again.");
            }
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (decision == JoinDecision.Approve)
        {
            var approved = State.Kind == JoinRequestKind.NewOrganization ? await CreateOrganizationAsync(curator, applicantId) : await GrantClaimAsync(curator);
            if (!approved.Succeeded)
            {
                return approved;
            }
        }

        var status = decision switch
        {
            JoinDecision.Approve => JoinRequestStatus.Approved,
            JoinDecision.RequestChanges => JoinRequestStatus.ChangesRequested,
            _ => JoinRequestStatus.Rejected,
        };
        var changes = new ChangeLog(curator, clock.GetUtcNow());
        changes.Record("status", State.Status.ToString(), status.ToString());
        changes.Record("reason", State.Reason, Normalize.OptionalText(reason));
        if (applicantId != State.ApplicantId)
        {
            changes.Record("applicantId", null, applicantId);
        }

        return await CommitAsync(State with { Status = status, Reason = Normalize.OptionalText(reason), ApprovingById = null, ApplicantId = applicantId }, changes);
    }

    /// <summary>Creates the organization (once, even when an approval is retried), with the applicant as its admin, verified.</summary>
    private async Task<CommandResult> CreateOrganizationAsync(Actor curator, string applicantId)
    {
        var organization = GrainFactory.GetGrain<IOrganizationGrain>(State.OrganizationId);
        if (await organization.GetDetails() is null)
        {
            // Remembered first: if anything below fails, a retried approval knows the organization is its own.
            await state.WriteOrRestoreAsync(State with { ApprovingById = curator.UserId });
            var created = await organization.Create(State.Profile!, curator);
            if (!created.Succeeded)
            {
                await state.WriteOrRestoreAsync(State with { ApprovingById = null });
                return created;
            }
        }
        else if (State.ApprovingById is null)
        {
            return CommandResult.Invalid("organizationId", $"A listing with the id '{State.OrganizationId}' exists now. Ask the applicant for changes (another id, or claim that listing) or reject.");
        }

        var member = await organization.SetMember(new OrganizationMember(applicantId, State.ApplicantName, OrganizationRole.Admin), curator);
        return member.Succeeded ? await organization.SetVerification(VerificationStatus.Verified, curator) : member;
    }

    /// <summary>Makes the claimant the listing's admin and verifies the listing today.</summary>
    private async Task<CommandResult> GrantClaimAsync(Actor curator)
    {
        var organization = GrainFactory.GetGrain<IOrganizationGrain>(State.OrganizationId);
        var details = await organization.GetDetails();
        if (details is null)
        {
            return CommandResult.Invalid("organizationId", "The listing no longer exists; reject the claim.");
        }

        var v = new FieldValidator();
        CheckClaimable(details, v);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var member = await organization.SetMember(new OrganizationMember(State.ApplicantId!, State.ApplicantName, OrganizationRole.Admin), curator);
        return member.Succeeded ? await organization.Reverify(curator) : member;
    }

    private async Task<OrganizationProfile> CheckProposalAsync(string organizationId, OrganizationProfile? profile, FieldValidator v)
    {
        if (!v.Key("organizationId", organizationId, "The organization's id"))
        {
            return profile!;
        }

        if (profile is null)
        {
            v.Add("profile", "The profile is required.");
            return null!;
        }

        var organization = GrainFactory.GetGrain<IOrganizationGrain>(organizationId);
        if (await organization.GetDetails() is { } existing)
        {
            v.Add("organizationId", $"'{existing.Profile.Name}' already has the id '{organizationId}'. Choose another id, or claim that listing if it is yours.");
            return profile;
        }

        var check = await organization.CheckProfile(profile);
        foreach (var error in check.Errors.IsDefault ? [] : check.Errors)
        {
            v.Add(error.Field, error.Message);
        }

        return OrganizationRules.Normalize(profile);
    }

    private static void CheckClaimable(OrganizationDetails details, FieldValidator v)
    {
        if (details.Members.Any(m => m.Role == OrganizationRole.Admin))
        {
            v.Add("organizationId", $"'{details.Profile.Name}' already has an admin. Ask them to add you as a member.");
        }
    }

    private async Task<CommandResult> CommitAsync(JoinRequestState next, ChangeLog changes)
    {
        next = next with { Version = State.Version + 1, UpdatedAt = changes.At, History = changes.AppendTo(State.History) };
        next = next with { Outbox = Normalize.Array(State.Outbox).AddRange(DirectoryNotifications.JoinRequest(Key, State, next)) };
        var details = ToDetails(next);
        var summary = new JoinRequestSummary(
            details.Id, details.Kind, details.OrganizationId, details.OrganizationName, details.ApplicantId, details.ApplicantName, details.Status, details.Reason, details.UpdatedAt);

        // The curators' queue and the applicant's page re-read through their services; an application still
        // waiting for its address to be confirmed is not the curators' yet.
        ImmutableArray<string> topics = next.Status == JoinRequestStatus.AwaitingEmail ? [Topics.JoinRequest(Key)] : [Topics.Curation, Topics.JoinRequest(Key)];
        return await Pipeline.CommitAsync(
            Key,
            next,
            next.Version,
            AnnouncementKinds.JoinRequestChanged,
            changes.Actor,
            [new(JoinRequestKeys.Queue, () => GrainFactory.GetGrain<IJoinRequestQueueGrain>(JoinRequestKeys.Queue).Upsert(summary))],
            new NetworkAnnouncement(topics, AnnouncementKinds.JoinRequestChanged, Key, next.Version, next.OrganizationName, Describe(next.Status), changes.At, changes.Actor.DisplayName));
    }

    private Task FlushOutboxAsync() => FlushOutboxAsync(state);

    private Task FlushOutboxAsync(IPersistentState<JoinRequestState> written) =>
        outbox.FlushAsync(written, s => Normalize.Array(s.Outbox), s => s with { Outbox = [] }, logger, clock.GetUtcNow());

    private JoinRequestDetails ToDetails(JoinRequestState s) => new(
        Key, s.Kind, s.OrganizationId, s.OrganizationName, s.Profile, s.Note, s.ApplicantId!, s.ApplicantName, s.Status, s.Reason, s.SubmittedAt, s.UpdatedAt, s.Version, s.ApplicantEmail);

    private static string Describe(JoinRequestStatus status) => status switch
    {
        JoinRequestStatus.ChangesRequested => "waiting for changes",
        JoinRequestStatus.AwaitingEmail => "waiting for the applicant to confirm their e-mail address",
        JoinRequestStatus.Withdrawn => "withdrawn by the applicant",
        _ => status.ToString().ToLowerInvariant(),
    };
}

/// <summary>Every join request's summary line; open ones for curators, each person's own for them.</summary>
public sealed class JoinRequestQueueGrain(
    [PersistentState("join-requests", StorageNames.Network)] IPersistentState<JoinRequestQueueState> state)
    : Grain, IJoinRequestQueueGrain
{
    /// <summary>How many decided requests are kept (the newest); open ones are always kept.</summary>
    public const int DecidedKept = 2000;

    public async Task Upsert(JoinRequestSummary summary)
    {
        var requests = state.State.Requests.SetItem(summary.Id, summary);
        var decided = requests.Values.Where(r => !r.IsOpen).OrderByDescending(r => r.UpdatedAt).Skip(DecidedKept).Select(r => r.Id).ToList();
        await state.WriteOrRestoreAsync(new JoinRequestQueueState { Requests = requests.RemoveRange(decided) });
    }

    public Task<ImmutableArray<JoinRequestSummary>> ListOpen() =>
        Task.FromResult(state.State.Requests.Values.Where(r => r.IsOpen).OrderBy(r => r.UpdatedAt).ToImmutableArray());

    public Task<ImmutableArray<JoinRequestSummary>> ListByApplicant(string applicantId) =>
        Task.FromResult(state.State.Requests.Values.Where(r => r.ApplicantId == applicantId).OrderByDescending(r => r.UpdatedAt).ToImmutableArray());
}

[GenerateSerializer, Immutable, Alias("cc.JoinRequestQueueState")]
public sealed record JoinRequestQueueState
{
    [Id(0)]
    public ImmutableDictionary<string, JoinRequestSummary> Requests { get; init; } = ImmutableDictionary<string, JoinRequestSummary>.Empty;
}
