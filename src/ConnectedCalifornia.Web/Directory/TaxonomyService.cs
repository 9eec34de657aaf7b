using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// What the taxonomy page and API do: read the vocabularies (anyone) and, for curators, add, rename,
/// retire and restore terms through the taxonomy grain. This node's <see cref="TaxonomyCache"/> is
/// refreshed right after a change, so the curator's next screen shows it at once.
/// </summary>
public sealed class TaxonomyService(IGrainFactory grains, NetworkAuthorizer authorizer, TaxonomyCache cache)
{
    private ITaxonomyGrain Grain => grains.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy);

    /// <summary>"services", "populations" or "languages" (any case) as a vocabulary.</summary>
    public static bool TryParseVocabulary(string? name, out Vocabulary vocabulary)
    {
        vocabulary = default;
        return name is not null && !int.TryParse(name, out _) && Enum.TryParse(name, ignoreCase: true, out vocabulary) && Enum.IsDefined(vocabulary);
    }

    public async Task<TaxonomyVocabularies> GetAsync() => (await cache.GetAsync()).Vocabularies;

    public Task<CommandResult> AddAsync(ClaimsPrincipal user, Vocabulary vocabulary, string code, string label) =>
        RunAsync(user, () => Grain.AddTerm(vocabulary, code ?? string.Empty, label ?? string.Empty, user.ToActor()));

    public Task<CommandResult> RenameAsync(ClaimsPrincipal user, Vocabulary vocabulary, string code, string label) =>
        RunAsync(user, () => Grain.RenameTerm(vocabulary, code ?? string.Empty, label ?? string.Empty, user.ToActor()));

    public Task<CommandResult> SetSpanishAsync(ClaimsPrincipal user, Vocabulary vocabulary, string code, string? spanish) =>
        RunAsync(user, () => Grain.SetSpanishLabel(vocabulary, code ?? string.Empty, spanish, user.ToActor()));

    public Task<CommandResult> SetRetiredAsync(ClaimsPrincipal user, Vocabulary vocabulary, string code, bool retired) =>
        RunAsync(user, () => Grain.SetRetired(vocabulary, code ?? string.Empty, retired, user.ToActor()));

    public Task<CommandResult> SetAliasesAsync(ClaimsPrincipal user, Vocabulary vocabulary, string code, IEnumerable<string> aliases) =>
        RunAsync(user, () => Grain.SetAliases(vocabulary, code ?? string.Empty, [.. aliases], user.ToActor()));

    /// <summary>The newest changes (who, when, old and new label), newest first: curators only.</summary>
    public async Task<ImmutableArray<ChangeRecord>?> HistoryAsync(ClaimsPrincipal user, int max) =>
        await authorizer.IsAllowedAsync(user, NetworkAction.ManageTaxonomy) ? await Grain.GetHistory(max) : null;

    private async Task<CommandResult> RunAsync(ClaimsPrincipal user, Func<Task<CommandResult>> command)
    {
        var result = await authorizer.WhenAllowedAsync(user, NetworkAction.ManageTaxonomy, null, command);
        if (result.Succeeded)
        {
            // The change is stored: a failed read here must not report it as failed.
            await cache.TryRefreshAsync();
        }

        return result;
    }
}
