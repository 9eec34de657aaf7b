using System.Collections.Immutable;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Referrals;

/// <summary>
/// One referral (key: its id). It decides every step alone, single-threaded: validate → (hold) →
/// write → audit → index → announce. Time-driven steps (escalation, expiry, consent lapse, purge)
/// are caught up before every call and by the silo's sweep.
/// </summary>
public sealed class ReferralGrain(
    [PersistentState("referral", StorageNames.Network)] IPersistentState<ReferralState> state,
    AnnouncementPublisher publisher,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    IOptions<ReferralOptions> options,
    IOptions<CapacityOptions> capacityOptions,
    ISurvivorDataScrubber scrubber,
    INotificationOutbox outbox,
    ILogger<ReferralGrain> logger)
    : Grain, IReferralGrain
{
    private const string What = "Referral";

    private readonly ReferralOptions _options = options.Value;
    private CommitPipeline<ReferralState>? _pipeline;

    private CommitPipeline<ReferralState> Pipeline => _pipeline ??= new(state, publisher, logger, FlushOutboxAsync);

    private ReferralState State => state.State;

    private string Key => this.GetPrimaryKeyString();

    private ReferralDraft Draft => State.Draft!;

    /// <summary>The name and contact the person agreed to share, while they are held: found in any other text, they are refused.</summary>
    private string?[] ConsentedDetails => State.Details is { } d ? [d.Name, d.Contact] : [];

    /// <summary>Hands over notifications a previous activation wrote but could not hand to the outbox.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => FlushOutboxAsync();

    public Task<ReferralParties?> GetParties() =>
        Task.FromResult(State.Exists ? new ReferralParties(Draft.FromOrganizationId, Draft.ToOrganizationId) : null);

    public async Task<CommandResult> Send(ReferralDraft draft, ReferralActor actor)
    {
        var v = new FieldValidator();
        v.Key("id", Key, "The referral's id");
        ValidateActor(v, actor);
        if (draft is null)
        {
            v.Add("referral", "The referral is required.");
            return v.ToResult();
        }

        if (State.Exists)
        {
            return draft.FromOrganizationId == Draft.FromOrganizationId && draft.ToOrganizationId == Draft.ToOrganizationId && actor?.OrganizationId == Draft.FromOrganizationId
                ? CommandResult.Ok(State.Version)
                : CommandResult.Invalid("id", "A different referral already has this id.");
        }

        draft = Clean(draft);
        Validate(draft, v, await GrainFactory.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy).GetVocabularies());
        if (actor is not null && actor.OrganizationId != draft.FromOrganizationId)
        {
            v.Add("fromOrganizationId", "A referral is sent from the organization you act for.");
        }

        OrganizationDetails? from = null, to = null;
        if (!v.HasErrors)
        {
            from = await GrainFactory.GetGrain<IOrganizationGrain>(draft.FromOrganizationId).GetDetails();
            to = await GrainFactory.GetGrain<IOrganizationGrain>(draft.ToOrganizationId).GetDetails();
            if (from is null)
            {
                v.Add("fromOrganizationId", $"The organization '{draft.FromOrganizationId}' does not exist.");
            }

            if (to is null)
            {
                v.Add("toOrganizationId", $"The organization '{draft.ToOrganizationId}' does not exist.");
            }
            else if (!to.Profile.AcceptingReferrals)
            {
                v.Add("toOrganizationId", $"{to.Profile.Name} is not accepting referrals right now.");
            }
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var now = clock.GetUtcNow();
        var due = AnswerDeadline.For(draft.Urgency, now, _options);
        ReferralHold? hold = null;
        if (draft.HoldCategory is { } category)
        {
            hold = await PlaceHoldAsync(draft, category, due, actor!.Actor);
            if (hold is null)
            {
                return CommandResult.Invalid(
                    "holdCategory",
                    $"No {CapacityCategories.LabelOf(category)} capacity is free to hold at {to!.Profile.Name} right now. Send without a hold to join their waitlist.");
            }
        }

        var next = new ReferralState
        {
            Draft = draft,
            FromOrganizationName = from!.Profile.Name,
            ToOrganizationName = to!.Profile.Name,
            Status = ReferralStatus.Sent,
            Timeline = [new ReferralEvent(now, ReferralStatus.Sent, actor!.Actor.UserId, actor.Actor.DisplayName, actor.OrganizationId)],
            Hold = hold,
            SentAt = now,
            AnswerDueAt = due,
        };
        next = Audited(next, actor, now, "sent", $"services: {string.Join(", ", draft.Services)}; urgency: {draft.Urgency}; hold: {(hold is null ? "none" : hold.Category)}");
        try
        {
            return await CommitAsync(next, now, actor.Actor, AnnouncementKinds.ReferralSent, $"Sent by {next.FromOrganizationName} to {next.ToOrganizationName}");
        }
        catch when (hold is not null)
        {
            await ReleaseHoldAsync(hold, actor.Actor);
            throw;
        }
    }

    public async Task<ReferralRecord?> Read(ReferralActor reader)
    {
        await CatchUpAsync();
        if (!State.Exists || reader?.Actor is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var side = SideOf(reader.OrganizationId);
        var next = State;
        var firstView = side == ReferralSide.Receiver && next.Status == ReferralStatus.Sent;
        if (firstView)
        {
            next = next with
            {
                Status = ReferralStatus.Viewed,
                Timeline = next.Timeline.Add(new ReferralEvent(now, ReferralStatus.Viewed, reader.Actor.UserId, reader.Actor.DisplayName, reader.OrganizationId)),
            };
        }

        var view = View(next, side, now);
        next = Audited(next, reader, now, firstView ? "viewed" : "read", view.Details is null ? "record" : "record with identifying details");
        if (firstView)
        {
            await CommitAsync(next, now, reader.Actor, AnnouncementKinds.ReferralStatus, $"Viewed by {next.ToOrganizationName}");
            return View(State, side, now);
        }

        await WriteAsync(next);
        return view with { Version = State.Version };
    }

    public async Task<CommandResult> Transition(ReferralTransition transition, ReferralActor actor)
    {
        await CatchUpAsync();
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        if (transition is null)
        {
            v.Add("to", "The step is required.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var side = SideOf(actor.OrganizationId);
        if (side == ReferralSide.None)
        {
            return NotAParty();
        }

        v.Defined("to", transition!.To, "The new status");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var to = transition.To;
        var owner = ReferralVocabulary.Owner(to);
        if (owner == ReferralSide.None)
        {
            return CommandResult.Invalid("to", to == ReferralStatus.Sent ? "A referral is sent once." : "Only the network expires a referral, when it goes unanswered.");
        }

        if (owner != side)
        {
            var whose = owner == ReferralSide.Receiver ? $"the receiving organization ({State.ToOrganizationName})" : $"the sending organization ({State.FromOrganizationName})";
            return CommandResult.Invalid("to", $"Only {whose} can mark a referral {ReferralVocabulary.Label(to).ToLowerInvariant()}.");
        }

        var text = Normalize.OptionalText(transition.Text);
        if (to == ReferralStatus.Declined)
        {
            if (transition.Reason is not { } reason)
            {
                v.Add("reason", "Choose why you decline: " + string.Join(", ", Enum.GetValues<DeclineReason>().Select(ReferralVocabulary.Label)) + ".");
            }
            else
            {
                v.Defined("reason", reason, "The reason");
                if (reason == DeclineReason.Other && text is null)
                {
                    v.Add("text", "Say in a few words why you decline when the reason is 'Other'.");
                }
            }

            v.MaxLength("text", text, ReferralVocabulary.MaxTextLength, "The explanation");
            v.NoSurvivorIdentity("text", text, PiiField.Referral, ConsentedDetails);
        }
        else if (text is not null)
        {
            v.Add("text", "Only a decline takes an explanation; use a secure note for anything else.");
        }

        if (to is ReferralStatus.Completed or ReferralStatus.Closed)
        {
            if (transition.Outcome is not { } outcome)
            {
                v.Add("outcome", "Choose the outcome: " + string.Join(", ", Enum.GetValues<ReferralOutcome>().Select(ReferralVocabulary.Label)) + ".");
            }
            else
            {
                v.Defined("outcome", outcome, "The outcome");
            }
        }
        else if (transition.Outcome is not null)
        {
            v.Add("outcome", "Only completing or closing a referral records an outcome.");
        }

        if (to != ReferralStatus.Declined && transition.Reason is not null)
        {
            v.Add("reason", "Only a decline takes a reason.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (State.Status == to)
        {
            // Asked again: nothing changes twice. A different reason or outcome is a contradiction.
            var same = to switch
            {
                ReferralStatus.Declined => State.DeclineReason == transition.Reason && State.DeclineText == text,
                ReferralStatus.Completed or ReferralStatus.Closed => State.Outcome == transition.Outcome,
                _ => true,
            };
            return same
                ? CommandResult.Ok(State.Version)
                : CommandResult.Invalid("to", $"The referral is already {ReferralVocabulary.Label(to).ToLowerInvariant()} with a different {(to == ReferralStatus.Declined ? "reason" : "outcome")}.");
        }

        if (!ReferralVocabulary.From(to).Contains(State.Status))
        {
            return CommandResult.Invalid("to", $"A referral that is {ReferralVocabulary.Label(State.Status).ToLowerInvariant()} cannot become {ReferralVocabulary.Label(to).ToLowerInvariant()}.");
        }

        var now = clock.GetUtcNow();
        var hold = State.Hold;
        if (hold is { Status: nameof(HoldStatus.Active) })
        {
            hold = to switch
            {
                ReferralStatus.Accepted => await ConvertHoldAsync(hold, actor.Actor),
                ReferralStatus.Declined or ReferralStatus.Withdrawn => await ReleaseHoldAsync(hold, actor.Actor),
                _ => hold,
            };
        }

        var detail = to switch
        {
            ReferralStatus.Declined => ReferralVocabulary.Label(transition.Reason!.Value),
            ReferralStatus.Completed or ReferralStatus.Closed => ReferralVocabulary.Label(transition.Outcome!.Value),
            ReferralStatus.Accepted when hold is not null => $"held {CapacityCategories.LabelOf(hold.Category)} bed: {hold.Status.ToLowerInvariant()}",
            _ => null,
        };
        var next = State with
        {
            Status = to,
            DeclineReason = to == ReferralStatus.Declined ? transition.Reason : State.DeclineReason,
            DeclineText = to == ReferralStatus.Declined ? text : State.DeclineText,
            Outcome = to is ReferralStatus.Completed or ReferralStatus.Closed ? transition.Outcome : State.Outcome,
            AnsweredAt = State.AnsweredAt ?? (to is ReferralStatus.Accepted or ReferralStatus.Declined ? now : null),
            Hold = hold,
            Timeline = State.Timeline.Add(new ReferralEvent(now, to, actor.Actor.UserId, actor.Actor.DisplayName, actor.OrganizationId, detail)),
        };
        next = Closed(next, now);
        next = Audited(next, actor, now, "status", $"{State.Status} -> {to}" + (detail is null ? string.Empty : $" ({detail})"));
        var by = side == ReferralSide.Receiver ? State.ToOrganizationName : State.FromOrganizationName;
        return await CommitAsync(next, now, actor.Actor, AnnouncementKinds.ReferralStatus, $"{ReferralVocabulary.Label(to)} by {by}");
    }

    public async Task<CommandResult> RecordConsent(ConsentDraft consent, ReferralActor actor)
    {
        await CatchUpAsync();
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

        var side = SideOf(actor.OrganizationId);
        if (side == ReferralSide.None)
        {
            return NotAParty();
        }

        if (side != ReferralSide.Sender)
        {
            return CommandResult.Invalid("consent", $"Consent is recorded by the referring organization ({State.FromOrganizationName}), which has it from the person.");
        }

        if (consent is null)
        {
            return CommandResult.Invalid("consent", "The consent is required.");
        }

        var now = clock.GetUtcNow();
        if (ReferralVocabulary.IsTerminal(State.Status))
        {
            v.Add("consent", $"The referral is {ReferralVocabulary.Label(State.Status).ToLowerInvariant()}; identifying details are no longer shared.");
        }

        if (consent.RecipientOrganizationId != Draft.ToOrganizationId)
        {
            v.Add("recipientOrganizationId", $"Consent must name the receiving organization ({State.ToOrganizationName}, '{Draft.ToOrganizationId}').");
        }

        var purpose = Normalize.Text(consent.Purpose);
        v.Required("purpose", purpose, ReferralVocabulary.MaxPurposeLength, "The purpose the person agreed to");
        if (!consent.WrittenConsentConfirmed)
        {
            v.Add("writtenConsentConfirmed", "Record consent only when the person gave it informed and in writing; services never depend on it.");
        }

        if (consent.ExpiresAt <= now)
        {
            v.Add("expiresAt", "The consent's expiry must be in the future.");
        }
        else if (consent.ExpiresAt > now + ReferralVocabulary.MaxConsentDuration)
        {
            v.Add("expiresAt", "Consent lasts at most one year; ask the person again after that.");
        }

        var name = Normalize.OptionalText(consent.Details?.Name);
        var contact = Normalize.OptionalText(consent.Details?.Contact);
        if (name is null && contact is null)
        {
            v.Add("details", "Give the name, the contact or both that the person agreed to share.");
        }

        v.MaxLength("details.name", name, ReferralVocabulary.MaxNameLength, "The name");
        v.MaxLength("details.contact", contact, ReferralVocabulary.MaxContactLength, "The contact");
        // The purpose outlives the details (a withdrawal deletes only them), so it must not carry them.
        v.NoSurvivorIdentity("purpose", purpose, PiiField.Referral, [.. ConsentedDetails, name, contact]);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var details = new IdentifyingDetails(name, contact);
        ImmutableArray<string> scope = [.. new[] { name is null ? null : "name", contact is null ? null : "contact" }.OfType<string>()];
        if (State.Consent is { } current && current.IsActiveAt(now) && current.Purpose == purpose && current.ExpiresAt == consent.ExpiresAt && State.Details == details)
        {
            return CommandResult.Ok(State.Version);
        }

        var record = new ConsentRecord(Draft.ToOrganizationId, purpose, scope, consent.ExpiresAt, now, actor.Actor.DisplayName);
        var next = State with { Consent = record, Details = details };
        next = Audited(next, actor, now, "consent-recorded", $"scope: {string.Join(", ", scope)}; until {Time(consent.ExpiresAt)}");
        return await CommitAsync(next, now, actor.Actor, AnnouncementKinds.ReferralConsent, $"Consent recorded until {Time(consent.ExpiresAt)}");
    }

    public async Task<CommandResult> RevokeConsent(ReferralActor actor)
    {
        await CatchUpAsync();
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

        if (SideOf(actor.OrganizationId) == ReferralSide.None)
        {
            return NotAParty();
        }

        var now = clock.GetUtcNow();
        if (State.Consent is not { } consent || !consent.IsActiveAt(now))
        {
            return CommandResult.Ok(State.Version);
        }

        var next = State with
        {
            Consent = consent with { RevokedAt = now, RevokedByName = actor.Actor.DisplayName },
            Details = null,
        };
        next = Audited(next, actor, now, "consent-revoked", "identifying details deleted");
        var result = await CommitAsync(next, now, actor.Actor, AnnouncementKinds.ReferralConsent, "Consent withdrawn: identifying details deleted");
        await ScrubStorageAsync();
        return result;
    }

    public async Task<CommandResult> AddNote(string text, ReferralActor actor)
    {
        await CatchUpAsync();
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

        var side = SideOf(actor.OrganizationId);
        if (side == ReferralSide.None)
        {
            return NotAParty();
        }

        text = Normalize.Text(text);
        v.Required("text", text, ReferralVocabulary.MaxNoteLength, "The note");
        v.NoSurvivorIdentity("text", text, PiiField.Referral, ConsentedDetails);
        if (State.Purged)
        {
            v.Add("text", "This referral's notes were purged after its retention time; it takes no new notes.");
        }
        else if (State.Notes.Length >= ReferralVocabulary.MaxNotes)
        {
            v.Add("text", $"A referral holds at most {ReferralVocabulary.MaxNotes} notes.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var now = clock.GetUtcNow();
        var number = State.Notes.Length + 1;
        var next = State with { Notes = State.Notes.Add(new ReferralNote(number, now, actor.OrganizationId, actor.Actor.DisplayName, text)) };
        next = Audited(next, actor, now, "note-added", $"note {number} ({text.Length} characters)");
        var by = side == ReferralSide.Receiver ? State.ToOrganizationName : State.FromOrganizationName;
        return await CommitAsync(next, now, actor.Actor, AnnouncementKinds.ReferralNote, $"New secure note from {by}");
    }

    public async Task<ImmutableArray<ReferralAuditEntry>> ReadAudit(ReferralActor reader)
    {
        await CatchUpAsync();
        if (!State.Exists || reader?.Actor is null)
        {
            return [];
        }

        await WriteAsync(Audited(State, reader, clock.GetUtcNow(), "audit-read", $"{State.Audit.Length} entries"));
        return State.Audit;
    }

    public async Task<ReferralTickResult> Tick() => await CatchUpAsync();

    /// <summary>Takes the steps the time calls for, in one change: escalate, expire, lapse consent, purge.</summary>
    private async Task<ReferralTickResult> CatchUpAsync()
    {
        if (!State.Exists)
        {
            return new ReferralTickResult(false, false, false, false);
        }

        var now = clock.GetUtcNow();
        var system = new ReferralActor(Actor.System, string.Empty);
        var next = State;
        bool escalated = false, expired = false, lapsed = false, purged = false;
        if (ReferralVocabulary.IsAwaitingAnswer(next.Status) && now >= next.AnswerDueAt && next.EscalatedAt is null)
        {
            escalated = true;
            next = Audited(next with { EscalatedAt = now }, system, now, "escalated", $"unanswered since {Time(next.SentAt)}; due {Time(next.AnswerDueAt)}");
        }

        var warnFrom = next.SentAt + _options.ExpireUnansweredAfter - _options.ExpiryNoticeBefore;
        if (ReferralVocabulary.IsAwaitingAnswer(next.Status) && now >= warnFrom && now < next.SentAt + _options.ExpireUnansweredAfter && next.ExpiryWarnedAt is null)
        {
            next = Audited(next with { ExpiryWarnedAt = now }, system, now, "expiry-notice", $"unanswered; expires {Time(next.SentAt + _options.ExpireUnansweredAfter)}");
        }

        if (ReferralVocabulary.IsAwaitingAnswer(next.Status) && now >= next.SentAt + _options.ExpireUnansweredAfter)
        {
            expired = true;
            var hold = next.Hold is { Status: nameof(HoldStatus.Active) } active ? await ReleaseHoldAsync(active, Actor.System) : next.Hold;
            next = Closed(
                next with
                {
                    Status = ReferralStatus.Expired,
                    Hold = hold,
                    Timeline = next.Timeline.Add(new ReferralEvent(now, ReferralStatus.Expired, Actor.System.UserId, Actor.System.DisplayName, string.Empty, "unanswered")),
                },
                now);
            next = Audited(next, system, now, "status", $"{State.Status} -> {ReferralStatus.Expired} (unanswered)");
        }

        if (next.Details is not null && next.Consent is { RevokedAt: null } consent && now >= consent.ExpiresAt)
        {
            lapsed = true;
            next = Audited(next with { Details = null }, system, now, "consent-lapsed", $"consent ended {Time(consent.ExpiresAt)}; identifying details deleted");
        }

        if (next.PurgeAt is { } purgeAt && now >= purgeAt && !next.Purged)
        {
            purged = true;
            next = next with
            {
                Draft = next.Draft! with { Needs = null, SafetyNotes = null },
                Details = null,
                Consent = next.Consent is null ? null : next.Consent with { Purpose = string.Empty },
                DeclineText = null,
                Notes = [],
                Purged = true,
            };
            next = Audited(next, system, now, "purged", "identifying details, needs, safety notes and secure notes deleted after the retention time");
        }

        if (next == State)
        {
            return new ReferralTickResult(false, false, false, false);
        }

        var (kind, summary) = purged ? (AnnouncementKinds.ReferralPurged, "Details purged after the retention time")
            : expired ? (AnnouncementKinds.ReferralStatus, "Expired unanswered")
            : escalated ? (AnnouncementKinds.ReferralOverdue, $"Overdue: no answer from {next.ToOrganizationName}; escalated to its admins")
            : lapsed ? (AnnouncementKinds.ReferralConsent, "Consent ended: identifying details deleted")
            : (AnnouncementKinds.ReferralStatus, $"Unanswered: expires {Time(next.SentAt + _options.ExpireUnansweredAfter)}");
        await CommitAsync(next, now, Actor.System, kind, summary);
        if (lapsed || purged)
        {
            await ScrubStorageAsync();
        }

        return new ReferralTickResult(escalated, expired, lapsed, purged);
    }

    private ReferralState Closed(ReferralState next, DateTimeOffset now) =>
        ReferralVocabulary.IsTerminal(next.Status) && next.ClosedAt is null
            ? next with { ClosedAt = now, PurgeAt = now + _options.RetainDetailsAfterClose }
            : next;

    private ReferralSide SideOf(string? organizationId) =>
        string.IsNullOrEmpty(organizationId) ? ReferralSide.None
        : organizationId == Draft.FromOrganizationId ? ReferralSide.Sender
        : organizationId == Draft.ToOrganizationId ? ReferralSide.Receiver
        : ReferralSide.None;

    private static CommandResult NotAParty() =>
        new([new FieldError("organizationId", "Only the two organizations of a referral can act on it.")], 0, Denied: true);

    private ReferralRecord View(ReferralState s, ReferralSide side, DateTimeOffset now)
    {
        var party = side != ReferralSide.None;
        var consentActive = s.Consent?.IsActiveAt(now) == true;
        var details = side == ReferralSide.Sender || (side == ReferralSide.Receiver && consentActive && s.Consent!.RecipientOrganizationId == s.Draft!.ToOrganizationId)
            ? (consentActive ? s.Details : null)
            : null;
        var d = s.Draft!;
        return new ReferralRecord(
            Key,
            ReferralVocabulary.CodeOf(Key),
            d.FromOrganizationId,
            s.FromOrganizationName,
            d.ToOrganizationId,
            s.ToOrganizationName,
            d.Services,
            d.AgeBracket,
            d.Gender,
            d.Language,
            d.County,
            party ? d.Needs : null,
            d.Urgency,
            party ? d.SafetyNotes : null,
            s.Status,
            s.DeclineReason,
            party ? s.DeclineText : null,
            s.Outcome,
            s.Timeline,
            party ? s.Consent : null,
            details,
            party ? s.Notes : [],
            // The site's id names the receiver's site, which may be a confidential shelter: only the receiver sees it.
            side == ReferralSide.Receiver || s.Hold is null ? s.Hold : s.Hold with { SiteId = string.Empty },
            s.SentAt,
            s.AnswerDueAt,
            s.EscalatedAt,
            ReferralVocabulary.IsAwaitingAnswer(s.Status) && now >= s.AnswerDueAt,
            s.ClosedAt,
            s.PurgeAt,
            s.Purged,
            side,
            s.Version,
            now);
    }

    private ReferralSummary Summary(ReferralState s) => new(
        Key,
        s.Draft!.FromOrganizationId,
        s.FromOrganizationName,
        s.Draft.ToOrganizationId,
        s.ToOrganizationName,
        s.Draft.Services,
        s.Draft.County,
        s.Draft.AgeBracket,
        s.Draft.Urgency,
        s.Status,
        s.SentAt,
        s.AnsweredAt,
        s.AnswerDueAt,
        s.EscalatedAt,
        s.ClosedAt,
        s.PurgeAt,
        s.Purged,
        s.Outcome,
        s.DeclineReason,
        s.Details is not null && s.Consent is { RevokedAt: null } c ? c.ExpiresAt : null,
        s.Hold is not null,
        s.Version,
        s.UpdatedAt,
        s.ExpiryWarnedAt);

    private ReferralState Audited(ReferralState s, ReferralActor actor, DateTimeOffset at, string action, string detail)
    {
        var previous = s.Audit.IsDefaultOrEmpty ? ReferralAuditChain.Genesis(Key) : s.Audit[^1].Hash;
        var entry = ReferralAuditChain.Append(
            previous, s.Audit.Length + 1, at, actor.Actor.UserId, actor.Actor.DisplayName, actor.OrganizationId ?? string.Empty, action, detail);
        return s with { Audit = s.Audit.Add(entry) };
    }

    /// <summary>Writes without a new version (a read's audit entry): nothing is announced.</summary>
    private Task WriteAsync(ReferralState next) => state.WriteOrRestoreAsync(next);

    /// <summary>Writes the next version, then updates the three indexes, then announces on both organizations' referral topics and the referral's own.</summary>
    private async Task<CommandResult> CommitAsync(ReferralState next, DateTimeOffset at, Actor actor, string kind, string summary)
    {
        var stamped = next with { Version = State.Version + 1, UpdatedAt = at };
        stamped = stamped with { Outbox = Normalize.Array(State.Outbox).AddRange(ReferralNotifications.Between(Key, State, stamped, _options.ExpireUnansweredAfter)) };
        var row = Summary(stamped);
        var result = await Pipeline.CommitAsync(
            Key,
            stamped,
            stamped.Version,
            kind,
            actor,
            new[] { stamped.Draft!.FromOrganizationId, stamped.Draft.ToOrganizationId, ReferralKeys.Registry }
                .Select(index => new ReadModelWrite(index, () => GrainFactory.GetGrain<IReferralIndexGrain>(index).Upsert(row))),
            new NetworkAnnouncement(
                [Topics.Referrals(stamped.Draft.FromOrganizationId), Topics.Referrals(stamped.Draft.ToOrganizationId), Topics.Referral(Key)],
                kind,
                Key,
                stamped.Version,
                "Referral " + ReferralVocabulary.CodeOf(Key),
                summary,
                at,
                actor.DisplayName));
        ReferralLog.Changed(logger, Key, stamped.Status, stamped.Version, actor.UserId);
        return result;
    }

    private Task FlushOutboxAsync() => FlushOutboxAsync(state);

    private Task FlushOutboxAsync(IPersistentState<ReferralState> written) =>
        outbox.FlushAsync(written, s => Normalize.Array(s.Outbox), s => s with { Outbox = [] }, logger, clock.GetUtcNow());

    /// <summary>After details were deleted from the state: the storage keeps no copy of them either (its write-ahead log). A failure is logged, not thrown: the deletion itself is done.</summary>
    private async Task ScrubStorageAsync()
    {
        try
        {
            await scrubber.ScrubAsync();
        }
        catch (Exception exception)
        {
            ReferralLog.ScrubFailed(logger, exception, Key);
        }
    }

    private async Task<ReferralHold?> PlaceHoldAsync(ReferralDraft draft, string category, DateTimeOffset due, Actor actor)
    {
        var rows = await GrainFactory.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex).GetSitesOf([draft.ToOrganizationId]);
        var now = clock.GetUtcNow();
        var length = due - now;
        var max = capacityOptions.Value.MaxHoldDuration;
        length = length > max ? max : length < TimeSpan.FromMinutes(30) ? TimeSpan.FromMinutes(30) : length;
        var candidates = rows
            .Where(r => r.OrganizationId == draft.ToOrganizationId)
            .Select(r => (Row: r, Count: r.Categories.FirstOrDefault(c => c.Category == category)))
            .Where(x => x.Count is { AvailableNow: > 0 })
            .OrderByDescending(x => x.Row.County == draft.County)
            .ThenByDescending(x => x.Count!.AvailableNow);
        foreach (var (row, _) in candidates)
        {
            var result = await GrainFactory.GetGrain<ISiteCapacityGrain>(row.SiteId).PlaceHold(
                category, draft.FromOrganizationId, actor, length, new HoldPurpose("A bed for a referral", HoldBasis.Referral, Key));
            if (result.Succeeded)
            {
                return new ReferralHold(row.SiteId, result.HoldId!, category, result.ExpiresAt!.Value, nameof(HoldStatus.Active));
            }
        }

        return null;
    }

    private async Task<ReferralHold> ConvertHoldAsync(ReferralHold hold, Actor actor)
    {
        var site = GrainFactory.GetGrain<ISiteCapacityGrain>(hold.SiteId);
        var result = await site.ConvertHold(hold.HoldId, Key, actor);
        if (result.Succeeded)
        {
            return hold with { Status = nameof(HoldStatus.Converted) };
        }

        ReferralLog.HoldFailed(logger, null, hold.HoldId, Key, "converted");
        var current = await site.GetHold(hold.HoldId);
        return hold with { Status = current?.Status.ToString() ?? nameof(HoldStatus.Expired) };
    }

    private async Task<ReferralHold> ReleaseHoldAsync(ReferralHold hold, Actor actor)
    {
        try
        {
            var site = GrainFactory.GetGrain<ISiteCapacityGrain>(hold.SiteId);
            await site.ReleaseHold(hold.HoldId, actor);
            var current = await site.GetHold(hold.HoldId);
            return hold with { Status = current?.Status.ToString() ?? nameof(HoldStatus.Released) };
        }
        catch (Exception exception)
        {
            // The hold still expires by itself at the site.
            ReferralLog.HoldFailed(logger, exception, hold.HoldId, Key, "released");
            return hold;
        }
    }

    private static ReferralDraft Clean(ReferralDraft d) => d with
    {
        FromOrganizationId = Normalize.Text(d.FromOrganizationId),
        ToOrganizationId = Normalize.Text(d.ToOrganizationId),
        Services = [.. Normalize.Codes(d.Services).Distinct(StringComparer.Ordinal)],
        Gender = Normalize.OptionalText(d.Gender),
        Language = Normalize.Text(d.Language),
        County = Normalize.Text(d.County),
        Needs = Normalize.OptionalText(d.Needs),
        SafetyNotes = Normalize.OptionalText(d.SafetyNotes),
        HoldCategory = Normalize.OptionalText(d.HoldCategory),
    };

    /// <summary>Services and language are the curators' current terms (<paramref name="taxonomy"/>): an added one is accepted, a retired one no longer.</summary>
    private static void Validate(ReferralDraft d, FieldValidator v, TaxonomyVocabularies taxonomy)
    {
        v.Key("fromOrganizationId", d.FromOrganizationId, "The referring organization");
        if (v.Key("toOrganizationId", d.ToOrganizationId, "The receiving organization") && d.ToOrganizationId == d.FromOrganizationId)
        {
            v.Add("toOrganizationId", "A referral goes to another organization.");
        }

        if (d.Services.IsDefaultOrEmpty)
        {
            v.Add("services", "Name at least one service the person needs.");
        }
        else
        {
            v.Codes("services", d.Services, code => taxonomy.Find(Vocabulary.Services, code) is { Retired: false }, "services", ReferralVocabulary.MaxServices);
        }

        v.Defined("ageBracket", d.AgeBracket, "The age bracket");
        if (d.Gender is not null && !ReferralVocabulary.Genders.Contains(d.Gender))
        {
            v.Add("gender", $"Gender is left empty unless eligibility depends on it; then one of: {string.Join(", ", ReferralVocabulary.Genders)}.");
        }

        if (string.IsNullOrEmpty(d.Language))
        {
            v.Add("language", "The person's language is required (e.g. es for Spanish).");
        }
        else if (taxonomy.Find(Vocabulary.Languages, d.Language) is not { Retired: false })
        {
            v.Add("language", $"Unknown or retired language '{Shorten(d.Language)}'.");
        }

        if (!California.IsCounty(d.County))
        {
            v.Add("county", "County must be a California FIPS code such as 06019 (Fresno).");
        }

        v.MaxLength("needs", d.Needs, ReferralVocabulary.MaxNeedsLength, "Needs");
        v.NoSurvivorIdentity("needs", d.Needs, PiiField.Referral);
        v.Defined("urgency", d.Urgency, "The urgency");
        v.MaxLength("safetyNotes", d.SafetyNotes, ReferralVocabulary.MaxSafetyNotesLength, "Safety notes");
        v.NoSurvivorIdentity("safetyNotes", d.SafetyNotes, PiiField.Referral);
        if (d.HoldCategory is not null && !CapacityCategories.IsKnown(d.HoldCategory))
        {
            v.Add("holdCategory", $"Unknown capacity category '{Shorten(d.HoldCategory)}'; one of: {string.Join(", ", CapacityCategories.All)}.");
        }
    }

    private static void ValidateActor(FieldValidator v, ReferralActor? actor)
    {
        v.Actor(actor?.Actor, "Who acts is required.");
        if (actor?.Actor is not null)
        {
            v.Key("actor.organizationId", actor.OrganizationId, "The organization you act for");
        }
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;

    private static string Time(DateTimeOffset at) => CaliforniaTime.Stamp(at);
}
