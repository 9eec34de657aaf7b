using ConnectedCalifornia.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Network;

/// <summary>Turns a grain's <see cref="CommandResult"/> into the API's answer: 200 with the new version, 404, or a ValidationProblem.</summary>
public static class ApiResults
{
    public sealed record Accepted(long Version);

    public static Results<Ok<Accepted>, NotFound<ProblemDetailsBody>, ProblemHttpResult, ValidationProblem> From(CommandResult result)
    {
        if (result.Denied)
        {
            return TypedResults.Problem(title: "Forbidden", detail: "You may not do this; nothing was changed.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (result.NotFound)
        {
            return TypedResults.NotFound(new ProblemDetailsBody("Not found", result.Errors.FirstOrDefault()?.Message ?? "Not found."));
        }

        return result.Succeeded
            ? TypedResults.Ok(new Accepted(result.Version))
            : TypedResults.ValidationProblem(result.ToDictionary(), title: "The request was not accepted; nothing was changed.");
    }

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request was not accepted; nothing was changed.");

    /// <summary>A small ProblemDetails body for 404s.</summary>
    public sealed record ProblemDetailsBody(string Title, string Detail)
    {
        public int Status => StatusCodes.Status404NotFound;
    }

    /// <summary>Checks paging arguments; null when they are fine.</summary>
    public static ValidationProblem? CheckPaging(int page, int pageSize, int maxPageSize)
    {
        if (page < 1 || page > 100_000)
        {
            return Invalid("page", "Page must be between 1 and 100000.");
        }

        return pageSize < 1 || pageSize > maxPageSize
            ? Invalid("pageSize", $"Page size must be between 1 and {maxPageSize}.")
            : null;
    }
}
