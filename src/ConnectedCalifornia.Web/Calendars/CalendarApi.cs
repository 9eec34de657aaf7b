using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Hardening;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Calendars;

/// <summary>
/// The calendars' REST API under <c>/api/calendar</c>, the certificate check under
/// <c>/api/certificates</c>, and the iCalendar feeds under <c>/calendars</c>. Reads are open to
/// everyone but filtered by each event's audience (a restricted event answers 401/403, the same as
/// a policy would); commands are authorized by policies and again in <see cref="CalendarService"/>.
/// </summary>
public static class CalendarApi
{
    private const int MaxBodyBytes = 32 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Registers the calendars' services (one line in NetworkWebExtensions).</summary>
    public static IServiceCollection AddCalendars(this IServiceCollection services)
    {
        services.AddScoped<CalendarService>();
        services.AddScoped<CalendarFeeds>();
        return services;
    }

    public static IEndpointRouteBuilder MapCalendars(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/calendar").WithTags("Calendars");
        api.MapGet("/events", ListAsync).WithName("ListEvents").AllowAnonymous()
            .WithSummary("Events the caller may see; filters: kind, county, audience, organizationId, initiativeId, taskForceId, from, to.");
        api.MapGet("/events/{eventId}", GetAsync).WithName("GetEvent").AllowAnonymous()
            .WithSummary("One event; 401/403 when its audience does not include the caller. Hidden addresses and links only for registrants and hosts.");
        api.MapPost("/events", CreateAsync).WithName("CreateEvent").Accepts<EventForm>("application/json").Produces<EventCreated>(StatusCodes.Status201Created).RequireNetwork(NetworkAction.CreateEvent);
        api.MapPut("/events/{eventId}", UpdateAsync).WithName("UpdateEvent").Accepts<EventForm>("application/json").RequireNetwork(NetworkAction.ManageEvent);
        api.MapPost("/events/{eventId}/cancel", CancelAsync).WithName("CancelEvent").Accepts<ConfirmBody>("application/json").RequireNetwork(NetworkAction.ManageEvent)
            .WithSummary("Cancels the event: { \"confirm\": true }. It stays in calendars and feeds as cancelled.");
        api.MapPost("/events/{eventId}/registrations", RegisterAsync).WithName("RegisterForEvent").Accepts<RegistrationForm>("application/json").AllowAnonymous().RequireRateLimiting(EdgePolicies.PublicForms)
            .WithSummary("Registers: { \"name\", \"email\" } (members may omit both to use their account). A seat, or the waitlist.");
        api.MapGet("/events/{eventId}/registrations/{registrationId}", RegistrationAsync).WithName("GetRegistration").AllowAnonymous()
            .WithSummary("A registration's status, for whoever holds its id.");
        api.MapDelete("/events/{eventId}/registrations/{registrationId}", CancelRegistrationAsync).WithName("CancelRegistration").AllowAnonymous()
            .WithSummary("Cancels a registration (its id is the registrant's ticket); the next on the waitlist gets the seat.");
        api.MapGet("/events/{eventId}/roster", RosterAsync).WithName("GetEventRoster").RequireNetwork(NetworkAction.ManageEvent)
            .WithSummary("The registrants (names, e-mails, registration ids): the event's hosts only; curators get 403 and see the counts on the event.");
        api.MapPut("/events/{eventId}/registrations/{registrationId}/attendance", AttendanceAsync).WithName("MarkAttendance").Accepts<AttendanceBody>("application/json").RequireNetwork(NetworkAction.ManageEvent)
            .WithSummary("{ \"attended\": true }; at a training with credit hours this issues a certificate.");
        api.MapPut("/events/{eventId}/promotions/{organizationId}", (CalendarService s, HttpContext h, string eventId, string organizationId) => PromoteAsync(s, h, eventId, organizationId, true))
            .WithName("PromoteEvent").RequireNetwork(NetworkAction.EditOrganization).WithSummary("Puts a partner's event on the organization's calendar.");
        api.MapDelete("/events/{eventId}/promotions/{organizationId}", (CalendarService s, HttpContext h, string eventId, string organizationId) => PromoteAsync(s, h, eventId, organizationId, false))
            .WithName("UnpromoteEvent").RequireNetwork(NetworkAction.EditOrganization);
        api.MapGet("/task-forces/{taskForceId}/completions", CompletionsAsync).WithName("GetTrainingCompletions").RequireNetwork(NetworkAction.ViewTrainingCompletions);
        api.MapPost("/task-forces/{taskForceId}/feed-token", IssueTokenAsync).WithName("IssueTaskForceFeedToken").Accepts<IssueBody>("application/json").RequireNetwork(NetworkAction.ViewTaskForce)
            .WithSummary("{ \"issue\": true } gives the caller a new feed token (the old one stops working) and the feed's address.");
        api.MapDelete("/task-forces/{taskForceId}/feed-token", RevokeTokenAsync).WithName("RevokeTaskForceFeedToken").RequireNetwork(NetworkAction.ViewTaskForce);

        // Recurring series: each occurrence is an event (register, cancel a registration, roster... through /events/{eventId}).
        api.MapPost("/series", CreateSeriesAsync).WithName("CreateEventSeries").Accepts<SeriesForm>("application/json").Produces<SeriesCreated>(StatusCodes.Status201Created).RequireNetwork(NetworkAction.CreateEvent)
            .WithSummary("Publishes a recurring series: { \"event\": the first occurrence, \"recurrence\": { \"frequency\": \"Weekly\"|\"Monthly\", \"interval\", \"weekdays\", \"count\" or \"until\" } }; at most 52 occurrences within a year.");
        api.MapGet("/series/{seriesId}", GetSeriesAsync).WithName("GetEventSeries").AllowAnonymous().Produces<SeriesView>()
            .WithSummary("A series, its rule and its occurrences (times, status, seats); 401/403 when its audience does not include the caller.");
        api.MapPut("/series/{seriesId}", UpdateSeriesAsync).WithName("UpdateEventSeries").Accepts<EventForm>("application/json").RequireNetwork(NetworkAction.ManageSeries)
            .WithSummary("Changes the whole series (title, description, place, seats, hosts; start and end stay those of the first occurrence): its occurrences not yet started take the change.");
        api.MapPost("/series/{seriesId}/occurrences/{eventId}/cancel", CancelOccurrenceAsync).WithName("CancelSeriesOccurrence").Accepts<ConfirmBody>("application/json").RequireNetwork(NetworkAction.ManageSeries)
            .WithSummary("Cancels one upcoming occurrence: { \"confirm\": true }. Its registrants are told; the rest of the series stays.");
        api.MapPost("/series/{seriesId}/occurrences/{eventId}/move", MoveOccurrenceAsync).WithName("MoveSeriesOccurrence").Accepts<MoveOccurrenceBody>("application/json").RequireNetwork(NetworkAction.ManageSeries)
            .WithSummary("Moves one upcoming occurrence: { \"start\", \"end\" }. The rest of the series stays; feeds show it with its RECURRENCE-ID.");

        app.MapGet("/api/certificates/{code}", VerifyAsync).WithTags("Calendars").WithName("VerifyCertificate").AllowAnonymous();

        var feeds = app.MapGroup("/calendars").WithTags("Calendar feeds").AllowAnonymous();
        feeds.MapGet("/statewide.ics", async (CalendarFeeds f, HttpContext h) => Ics(await f.StatewideAsync(BaseUrl(h)))).WithName("StatewideFeed");
        feeds.MapGet("/counties/{fips}.ics", async (CalendarFeeds f, HttpContext h, string fips) => Ics(await f.CountyAsync(fips, BaseUrl(h)))).WithName("CountyFeed");
        feeds.MapGet("/organizations/{organizationId}.ics", async (CalendarFeeds f, HttpContext h, string organizationId) => Ics(await f.OrganizationAsync(organizationId, BaseUrl(h)))).WithName("OrganizationFeed");
        feeds.MapGet("/initiatives/{initiativeId}.ics", async (CalendarFeeds f, HttpContext h, string initiativeId) => Ics(await f.InitiativeAsync(initiativeId, BaseUrl(h)))).WithName("InitiativeFeed");
        feeds.MapGet("/events/{eventId}.ics", EventIcsAsync).WithName("EventIcs")
            .WithSummary("One event as an .ics file (Add to calendar): public events for anyone, others for those who may see the event (401/403 otherwise).");
        feeds.MapGet("/series/{seriesId}.ics", SeriesIcsAsync).WithName("SeriesIcs")
            .WithSummary("A recurring series as an .ics file: one VEVENT with RRULE (EXDATE for cancelled occurrences) and a VEVENT with RECURRENCE-ID for each moved one.");
        feeds.MapGet("/task-forces/{taskForceId}.ics", TaskForceFeedAsync).WithName("TaskForceFeed")
            .WithSummary("The task force's feed; ?token= a member's feed token. 401 without a valid, unrevoked token.");
        return app;
    }

    public sealed record EventCreated(string EventId, long Version);

    /// <summary>A public registration's answer: its link was e-mailed to this address (202).</summary>
    public sealed record RegistrationSent(string SentTo, string Message);

    public sealed record FeedToken(string Token, string FeedUrl);

    public static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    private static async Task<Ok<ImmutableArray<CalendarEventRow>>> ListAsync(
        CalendarService service, HttpContext http, EventKind? kind, string? county, EventAudience? audience,
        string? organizationId, string? initiativeId, string? taskForceId, DateTimeOffset? from, DateTimeOffset? to) =>
        TypedResults.Ok(await service.ListAsync(http.User, new CalendarFilter(kind, county, audience, organizationId, initiativeId, taskForceId, from, to)));

    private static async Task<IResult> GetAsync(CalendarService service, HttpContext http, string eventId, string? registration)
    {
        var lookup = await service.GetEventAsync(http.User, eventId, registration);
        return lookup.View is { } view ? TypedResults.Ok(view) : Refused(http, lookup.Exists);
    }

    private static async Task<IResult> CreateAsync(CalendarService service, HttpContext http)
    {
        var (form, error) = await ReadAsync<EventForm>(http.Request, "event", "The event needs title, kind, hostOrganizationIds, county, start, end, capacity and audience.");
        if (error is not null)
        {
            return error;
        }

        var (result, id) = await service.CreateAsync(http.User, form!);
        return result.Succeeded ? TypedResults.Created($"/api/calendar/events/{id}", new EventCreated(id!, result.Version)) : ApiResults.From(result);
    }

    private static async Task<IResult> UpdateAsync(CalendarService service, HttpContext http, string eventId)
    {
        var (form, error) = await ReadAsync<EventForm>(http.Request, "event", "The event needs title, kind, hostOrganizationIds, county, start, end, capacity and audience.");
        return error ?? ApiResults.From(await service.UpdateAsync(http.User, eventId, form!));
    }

    private static async Task<IResult> CancelAsync(CalendarService service, HttpContext http, string eventId)
    {
        var (body, error) = await ReadAsync<ConfirmBody>(http.Request, "confirm", "Send { \"confirm\": true } to cancel the event.");
        if (error is not null)
        {
            return error;
        }

        return body!.Confirm
            ? ApiResults.From(await service.CancelEventAsync(http.User, eventId))
            : ApiResults.Invalid("confirm", "Send { \"confirm\": true } to cancel the event; nothing was changed.");
    }

    private static async Task<IResult> RegisterAsync(CalendarService service, HttpContext http, string eventId)
    {
        var (form, error) = await ReadAsync<RegistrationForm>(http.Request, "registration", "Send { \"name\": \"...\", \"email\": \"...\" }.");
        if (error is not null)
        {
            return error;
        }

        var outcome = await service.RegisterAsync(http.User, eventId, form!);
        if (outcome.Result.Denied)
        {
            return Refused(http, exists: true);
        }

        if (outcome is { Succeeded: true, SentTo: { } sentTo })
        {
            // The public registration's link went by e-mail only; the answer is the same for a new and a known address.
            return TypedResults.Accepted((string?)null, new RegistrationSent(sentTo, outcome.CheckEmailMessage!));
        }

        return outcome.Succeeded ? TypedResults.Ok(outcome.Registration) : ApiResults.From(outcome.Result);
    }

    private static async Task<IResult> RegistrationAsync(CalendarService service, string eventId, string registrationId) =>
        await service.GetRegistrationAsync(eventId, registrationId) is { } registration ? TypedResults.Ok(registration) : TypedResults.NotFound();

    private static async Task<IResult> CancelRegistrationAsync(CalendarService service, HttpContext http, string eventId, string registrationId) =>
        ApiResults.From(await service.CancelRegistrationAsync(http.User, eventId, registrationId));

    private static async Task<IResult> RosterAsync(CalendarService service, HttpContext http, string eventId)
    {
        var lookup = await service.GetEventAsync(http.User, eventId);
        return lookup.View switch
        {
            { SeesRoster: true } view => TypedResults.Ok(view.Roster),
            { CanManage: true } => TypedResults.Problem(
                "The roster (registrants' names and e-mails) is for the event's hosts; the event shows curators its counts.",
                statusCode: StatusCodes.Status403Forbidden, title: "Hosts only"),
            _ => Refused(http, lookup.Exists),
        };
    }

    private static async Task<IResult> AttendanceAsync(CalendarService service, HttpContext http, string eventId, string registrationId)
    {
        var (body, error) = await ReadAsync<AttendanceBody>(http.Request, "attended", "Send { \"attended\": true } or false.");
        return error ?? ApiResults.From(await service.MarkAttendanceAsync(http.User, eventId, registrationId, body!.Attended));
    }

    private static async Task<IResult> PromoteAsync(CalendarService service, HttpContext http, string eventId, string organizationId, bool promoted) =>
        ApiResults.From(await service.SetPromotionAsync(http.User, eventId, organizationId, promoted));

    private static async Task<IResult> CompletionsAsync(CalendarService service, HttpContext http, string taskForceId) =>
        await service.CompletionsAsync(http.User, taskForceId) is { } report ? TypedResults.Ok(report) : TypedResults.NotFound();

    private static async Task<IResult> IssueTokenAsync(CalendarService service, IGrainFactory grains, HttpContext http, string taskForceId)
    {
        var (body, error) = await ReadAsync<IssueBody>(http.Request, "issue", "Send { \"issue\": true } to get a new feed token.");
        if (error is not null)
        {
            return error;
        }

        if (!body!.Issue)
        {
            return ApiResults.Invalid("issue", "Send { \"issue\": true } to get a new feed token; nothing was changed.");
        }

        var token = await service.IssueFeedTokenAsync(http.User, taskForceId);
        return token.Result.Succeeded
            ? TypedResults.Ok(new FeedToken(token.Token!, $"{BaseUrl(http)}/calendars/task-forces/{taskForceId}.ics?token={token.Token}"))
            : ApiResults.From(token.Result);
    }

    private static async Task<IResult> RevokeTokenAsync(CalendarService service, HttpContext http, string taskForceId) =>
        ApiResults.From(await service.RevokeFeedTokenAsync(http.User, taskForceId));

    private static async Task<IResult> VerifyAsync(CalendarService service, string code) =>
        await service.VerifyAsync(code) is { } certificate
            ? TypedResults.Ok(certificate)
            : TypedResults.Problem("No certificate has this verification code. Check the code (CC-XXXX-XXXX).", statusCode: StatusCodes.Status404NotFound, title: "Unknown certificate");

    private static async Task<IResult> EventIcsAsync(CalendarService service, HttpContext http, string eventId)
    {
        var (ics, exists) = await service.EventIcsAsync(http.User, eventId, BaseUrl(http));
        if (ics is null)
        {
            return Refused(http, exists);
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{eventId}.ics\"";
        return Results.Text(ics, CalendarFeeds.ContentType);
    }

    private static async Task<IResult> CreateSeriesAsync(CalendarService service, HttpContext http)
    {
        var (form, error) = await ReadAsync<SeriesForm>(http.Request, "series", "Send { \"event\": { ...the first occurrence... }, \"recurrence\": { \"frequency\", \"interval\", \"weekdays\", \"count\" or \"until\" } }.");
        if (error is not null)
        {
            return error;
        }

        var (result, created) = await service.CreateSeriesAsync(http.User, form!);
        return created is not null ? TypedResults.Created($"/api/calendar/series/{created.SeriesId}", created) : ApiResults.From(result);
    }

    private static async Task<IResult> GetSeriesAsync(CalendarService service, HttpContext http, string seriesId)
    {
        var (view, exists) = await service.GetSeriesAsync(http.User, seriesId);
        return view is not null ? TypedResults.Ok(view) : Refused(http, exists);
    }

    private static async Task<IResult> UpdateSeriesAsync(CalendarService service, HttpContext http, string seriesId)
    {
        var (form, error) = await ReadAsync<EventForm>(http.Request, "event", "The series needs title, kind, hostOrganizationIds, county, start, end (those of its first occurrence), capacity and audience.");
        return error ?? ApiResults.From(await service.UpdateSeriesAsync(http.User, seriesId, form!));
    }

    private static async Task<IResult> CancelOccurrenceAsync(CalendarService service, HttpContext http, string seriesId, string eventId)
    {
        var (body, error) = await ReadAsync<ConfirmBody>(http.Request, "confirm", "Send { \"confirm\": true } to cancel the occurrence.");
        if (error is not null)
        {
            return error;
        }

        return body!.Confirm
            ? ApiResults.From(await service.CancelOccurrenceAsync(http.User, seriesId, eventId))
            : ApiResults.Invalid("confirm", "Send { \"confirm\": true } to cancel the occurrence; nothing was changed.");
    }

    private static async Task<IResult> MoveOccurrenceAsync(CalendarService service, HttpContext http, string seriesId, string eventId)
    {
        var (body, error) = await ReadAsync<MoveOccurrenceBody>(http.Request, "start", "Send { \"start\": \"2030-03-12T18:00:00-07:00\", \"end\": \"...\" }.");
        return error ?? ApiResults.From(await service.MoveOccurrenceAsync(http.User, seriesId, eventId, body!.Start, body.End));
    }

    private static async Task<IResult> SeriesIcsAsync(CalendarService service, HttpContext http, string seriesId)
    {
        var (ics, exists) = await service.SeriesIcsAsync(http.User, seriesId, BaseUrl(http));
        if (ics is null)
        {
            return Refused(http, exists);
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{seriesId}.ics\"";
        return Results.Text(ics, CalendarFeeds.ContentType);
    }

    private static async Task<IResult> TaskForceFeedAsync(CalendarFeeds feeds, HttpContext http, string taskForceId, string? token) =>
        await feeds.TaskForceAsync(taskForceId, token, BaseUrl(http)) is { } text
            ? Results.Text(text, CalendarFeeds.ContentType)
            : TypedResults.Problem("This feed needs a current feed token of a task-force member (?token=...). Tokens are issued and revoked on the task force's calendar.", statusCode: StatusCodes.Status401Unauthorized, title: "Feed token required");

    private static IResult Ics(string? text) =>
        text is null
            ? TypedResults.Problem("No such calendar.", statusCode: StatusCodes.Status404NotFound)
            : Results.Text(text, CalendarFeeds.ContentType);

    /// <summary>401 for the anonymous and 403 for others when an event exists but is not for them; 404 otherwise.</summary>
    private static IResult Refused(HttpContext http, bool exists) =>
        !exists
            ? TypedResults.Problem("No such event.", statusCode: StatusCodes.Status404NotFound)
            : http.User.UserId() is null
                ? TypedResults.Problem("Sign in to see this event.", statusCode: StatusCodes.Status401Unauthorized)
                : TypedResults.Problem("This event is for another audience.", statusCode: StatusCodes.Status403Forbidden);

    private sealed record ConfirmBody(bool Confirm);

    private sealed record AttendanceBody(bool Attended);

    private sealed record IssueBody(bool Issue);

    private static Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, string field, string shape)
        where T : class => JsonBody.ReadAsync<T>(request, MaxBodyBytes, Json, shape, field);
}
