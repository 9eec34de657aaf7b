using System.Collections.Immutable;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Directory;

/// <summary>What the taxonomy grain stores: the vocabularies (null until first seeded) and their history.</summary>
[GenerateSerializer, Immutable, Alias("cc.TaxonomyState")]
public sealed record TaxonomyState
{
    [Id(0)]
    public TaxonomyVocabularies? Vocabularies { get; init; }

    /// <summary>The newest change records, oldest first.</summary>
    [Id(1)]
    public ImmutableArray<ChangeRecord> History { get; init; } = [];
}

/// <summary>
/// The directory's curated vocabularies (key <see cref="GrainKeys.Taxonomy"/>). Seeded from
/// <see cref="Taxonomy"/> on its first activation. Codes never change and are never removed, so a
/// listing stays valid whatever happens to a label; a retired term is only no longer offered.
/// </summary>
public sealed partial class TaxonomyGrain(
    [PersistentState("taxonomy", StorageNames.Network)] IPersistentState<TaxonomyState> state,
    AnnouncementPublisher publisher,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    ILogger<TaxonomyGrain> logger)
    : Grain, ITaxonomyGrain
{
    public const int MaxCodeLength = 40;
    public const int MaxLabelLength = 80;

    /// <summary>The search index keeps each facet in one 64-bit mask, so a vocabulary holds at most 64 terms (retired ones included).</summary>
    public const int MaxTerms = 64;

    private readonly CommitPipeline<TaxonomyState> _pipeline = new(state, publisher, logger);

    private TaxonomyVocabularies Current => _current ??= (state.State.Vocabularies ?? TaxonomyVocabularies.Seed).WithSeedSpanish();

    private TaxonomyVocabularies? _current;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Vocabularies is null)
        {
            state.State = state.State with { Vocabularies = TaxonomyVocabularies.Seed };
            await state.WriteStateAsync(cancellationToken);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public Task<TaxonomyVocabularies> GetVocabularies() => Task.FromResult(Current);

    public Task<ImmutableArray<ChangeRecord>> GetHistory(int max) => Task.FromResult(ChangeLog.Newest(state.State.History, max));

    public async Task<CommandResult> AddTerm(Vocabulary vocabulary, string code, string label, Actor actor)
    {
        var v = new FieldValidator();
        Check(v, vocabulary, actor);
        code = Normalize.Text(code);
        label = Normalize.Text(label);
        if (!v.HasErrors)
        {
            var terms = Current.Of(vocabulary);
            if (CheckCode(v, code) && terms.Any(t => t.Code == code))
            {
                var held = terms.First(t => t.Code == code);
                v.Add("code", $"The code '{code}' is already used by \"{held.Label}\"{(held.Retired ? " (retired: restore it instead)" : string.Empty)}.");
            }

            CheckLabel(v, terms, label, exceptCode: null);
            if (terms.Length >= MaxTerms)
            {
                v.Add("code", $"A vocabulary holds at most {MaxTerms} terms, retired ones included.");
            }
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        changes.Record(Field(vocabulary, code), null, label);
        var next = Current.With(vocabulary, Current.Of(vocabulary).Add(new VocabularyTerm(code, label, false, [])));
        return await CommitAsync(next, changes, $"{Name(vocabulary)} term added: {label}");
    }

    public async Task<CommandResult> RenameTerm(Vocabulary vocabulary, string code, string label, Actor actor)
    {
        var v = new FieldValidator();
        Check(v, vocabulary, actor);
        label = Normalize.Text(label);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (Current.Find(vocabulary, code) is not { } term)
        {
            return CommandResult.Missing($"The {Name(vocabulary).ToLowerInvariant()} term '{Short(code)}'");
        }

        CheckLabel(v, Current.Of(vocabulary), label, exceptCode: term.Code);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (term.Label == label)
        {
            return CommandResult.Ok(Current.Version);
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        changes.Record(Field(vocabulary, code) + ".label", term.Label, label);
        var next = Current.With(vocabulary, Current.Of(vocabulary).Replace(term, term with { Label = label }));
        return await CommitAsync(next, changes, $"{Name(vocabulary)} term renamed: {term.Label} is now {label}");
    }

    public async Task<CommandResult> SetRetired(Vocabulary vocabulary, string code, bool retired, Actor actor)
    {
        var v = new FieldValidator();
        Check(v, vocabulary, actor);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (Current.Find(vocabulary, code) is not { } term)
        {
            return CommandResult.Missing($"The {Name(vocabulary).ToLowerInvariant()} term '{Short(code)}'");
        }

        if (term.Retired == retired)
        {
            return CommandResult.Ok(Current.Version);
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        changes.Record(Field(vocabulary, code) + ".retired", term.Retired ? "true" : "false", retired ? "true" : "false");
        var next = Current.With(vocabulary, Current.Of(vocabulary).Replace(term, term with { Retired = retired }));
        return await CommitAsync(next, changes, $"{Name(vocabulary)} term {(retired ? "retired" : "restored")}: {term.Label}");
    }

    public async Task<CommandResult> SetAliases(Vocabulary vocabulary, string code, ImmutableArray<string> aliases, Actor actor)
    {
        var v = new FieldValidator();
        Check(v, vocabulary, actor);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (Current.Find(vocabulary, code) is not { } term)
        {
            return CommandResult.Missing($"The {Name(vocabulary).ToLowerInvariant()} term '{Short(code)}'");
        }

        var cleaned = (aliases.IsDefault ? [] : aliases).Select(a => Normalize.Text(a ?? string.Empty)).Where(a => a.Length > 0).ToList();
        if (cleaned.Count > VocabularyTerm.MaxAliases)
        {
            v.Add("aliases", $"A term has at most {VocabularyTerm.MaxAliases} aliases.");
        }
        else if (cleaned.FirstOrDefault(a => a.Length > VocabularyTerm.MaxAliasLength) is { } tooLong)
        {
            v.Add("aliases", $"An alias is at most {VocabularyTerm.MaxAliasLength} characters: \"{tooLong[..VocabularyTerm.MaxAliasLength]}…\" is longer.");
        }
        else if (cleaned.FirstOrDefault(a => !a.Any(char.IsLetterOrDigit)) is { } empty)
        {
            v.Add("aliases", $"The alias \"{empty}\" has no letter or digit.");
        }
        else if (cleaned.GroupBy(a => a, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            v.Add("aliases", $"The alias \"{twice.Key}\" is given twice.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var next = cleaned.ToImmutableArray();
        if (next.SequenceEqual(term.Synonyms, StringComparer.Ordinal))
        {
            return CommandResult.Ok(Current.Version);
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        changes.Record(Field(vocabulary, code) + ".aliases", string.Join(", ", term.Synonyms), string.Join(", ", next));
        var vocabularies = Current.With(vocabulary, Current.Of(vocabulary).Replace(term, term with { Aliases = next }));
        return await CommitAsync(vocabularies, changes, $"{Name(vocabulary)} term aliases changed: {term.Label}");
    }

    public async Task<CommandResult> SetSpanishLabel(Vocabulary vocabulary, string code, string? label, Actor actor)
    {
        var v = new FieldValidator();
        Check(v, vocabulary, actor);
        var spanish = Normalize.Text(label ?? string.Empty);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (Current.Find(vocabulary, code) is not { } term)
        {
            return CommandResult.Missing($"The {Name(vocabulary).ToLowerInvariant()} term '{Short(code)}'");
        }

        v.MaxLength("spanish", spanish, MaxLabelLength, "The Spanish label");
        if (spanish.Length > 0 && !spanish.Any(char.IsLetterOrDigit))
        {
            v.Add("spanish", "The Spanish label needs at least one letter or digit.");
        }
        else if (spanish.Length is > 0 and <= MaxLabelLength
            && Current.Of(vocabulary).FirstOrDefault(t => t.Code != term.Code && string.Equals(t.Spanish, spanish, StringComparison.OrdinalIgnoreCase)) is { } same)
        {
            v.Add("spanish", $"The Spanish label \"{spanish}\" is already used by the term '{same.Code}'.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        // Empty, not null: a removed Spanish label stays removed (null is "never given", which takes the seed's).
        var next = spanish;
        if ((term.Spanish ?? string.Empty) == next && term.Spanish is not null)
        {
            return CommandResult.Ok(Current.Version);
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        changes.Record(Field(vocabulary, code) + ".spanish", term.Spanish, next);
        var vocabularies = Current.With(vocabulary, Current.Of(vocabulary).Replace(term, term with { Spanish = next }));
        return await CommitAsync(vocabularies, changes, $"{Name(vocabulary)} term's Spanish label changed: {term.Label}");
    }

    /// <summary>"services", "populations" or "languages": how history names a vocabulary.</summary>
    public static string Field(Vocabulary vocabulary, string code) => $"{vocabulary.ToString().ToLowerInvariant()}.{code}";

    private static string Name(Vocabulary vocabulary) => vocabulary switch
    {
        Vocabulary.Services => "Service",
        Vocabulary.Populations => "Population",
        _ => "Language",
    };

    private static void Check(FieldValidator v, Vocabulary vocabulary, Actor? actor)
    {
        v.Defined("vocabulary", vocabulary, "Vocabulary");
        v.Actor(actor);
    }

    private static bool CheckCode(FieldValidator v, string code)
    {
        if (code.Length == 0)
        {
            v.Add("code", "The code is required.");
            return false;
        }

        if (code.Length > MaxCodeLength || !CodePattern().IsMatch(code))
        {
            v.Add("code", $"A code is 1 to {MaxCodeLength} lowercase letters and digits in words joined by single dashes, such as peer-support (languages: the ISO 639 code, such as so).");
            return false;
        }

        return true;
    }

    private static void CheckLabel(FieldValidator v, ImmutableArray<VocabularyTerm> terms, string label, string? exceptCode)
    {
        v.Required("label", label, MaxLabelLength, "The label");
        if (label.Length is > 0 and <= MaxLabelLength
            && terms.FirstOrDefault(t => t.Code != exceptCode && string.Equals(t.Label, label, StringComparison.OrdinalIgnoreCase)) is { } same)
        {
            v.Add("label", $"The label \"{label}\" is already used by the term '{same.Code}'.");
        }
    }

    private static string Short(string? code) => code is null ? string.Empty : code.Length > 40 ? code[..40] + "…" : code;

    private async Task<CommandResult> CommitAsync(TaxonomyVocabularies vocabularies, ChangeLog changes, string summary)
    {
        var previous = state.State;
        var next = vocabularies with { Version = Current.Version + 1 };
        _current = null;
        return await _pipeline.CommitAsync(
            this.GetPrimaryKeyString(),
            previous with { Vocabularies = next, History = changes.AppendTo(previous.History) },
            next.Version,
            AnnouncementKinds.TaxonomyChanged,
            changes.Actor,
            CommitPipeline<TaxonomyState>.None,
            new NetworkAnnouncement([Topics.Statewide], AnnouncementKinds.TaxonomyChanged, this.GetPrimaryKeyString(), next.Version, "Directory taxonomy", summary, changes.At, changes.Actor.DisplayName));
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();
}
