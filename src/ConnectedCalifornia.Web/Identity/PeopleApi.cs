using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;

namespace ConnectedCalifornia.Web.Identity;

public static class PeopleApi
{
    public sealed record CreatePersonRequest(string? Email, string? DisplayName, bool Curator = false, string? TemporaryPassword = null);

    public sealed record CuratorRequest(bool Curator);

    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/people").WithTags("People").RequireNetwork(NetworkAction.Administer);
        api.MapGet("/", ListAsync).WithName("ListPeople").WithSummary("Accounts of the network (system admins).");
        api.MapPost("/", CreateAsync).WithName("CreatePerson").WithSummary("Invites a person by e-mail: their account is created without a password and they choose one through the one-time link in the invitation (valid 7 days).");
        api.MapPut("/{userId}/curator", SetCuratorAsync).WithName("SetCurator").WithSummary("Grants or removes the curator role.");
        return app;
    }

    private static async Task<IResult> ListAsync(PeopleService people, string? search, int page = 1, int pageSize = 50)
    {
        if (ApiResults.CheckPaging(page, pageSize, PeopleService.MaxPageSize) is { } invalid)
        {
            return invalid;
        }

        if (search is { Length: > 200 })
        {
            return ApiResults.Invalid("search", "Search text can be at most 200 characters.");
        }

        var (items, total) = await people.ListAsync(search, page, pageSize);
        return TypedResults.Ok(new { items, pageNumber = page, pageSize, totalItems = total });
    }

    private static async Task<IResult> CreateAsync(PeopleService people, HttpContext http, CreatePersonRequest request)
    {
        if (request.TemporaryPassword is not null)
        {
            return ApiResults.Invalid("temporaryPassword", "Temporary passwords are no longer used: the person chooses their own password through the invitation e-mail. Leave this field out.");
        }

        var (person, errors) = await people.InviteAsync(request.Email, request.DisplayName, request.Curator, http.User.DisplayName());
        return person is null
            ? TypedResults.ValidationProblem(errors, title: "The request was not accepted; nothing was changed.")
            : TypedResults.Ok(person);
    }

    private static async Task<IResult> SetCuratorAsync(PeopleService people, string userId, CuratorRequest request) =>
        ApiResults.From(await people.SetCuratorAsync(userId, request.Curator));
}
