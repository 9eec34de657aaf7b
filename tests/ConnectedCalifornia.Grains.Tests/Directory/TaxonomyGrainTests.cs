using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Directory.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TaxonomyGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    /// <summary>A taxonomy of its own per test (the network's is <see cref="GrainKeys.Taxonomy"/>).</summary>
    private ITaxonomyGrain NewTaxonomy() => _grains.GetGrain<ITaxonomyGrain>(NewKey("taxonomy"));

    /// <summary>A term the organization tests add to the network's taxonomy, unique per test.</summary>
    private static string NewCode(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..30];

    [Fact]
    public async Task A_new_taxonomy_starts_with_the_seeded_categories()
    {
        var vocabularies = await NewTaxonomy().GetVocabularies();

        Assert.Equal(Taxonomy.Services.Select(t => (t.Code, t.Label)), vocabularies.Services.Select(t => (t.Code, t.Label)));
        Assert.Equal(Taxonomy.Populations.Select(t => t.Code), vocabularies.Populations.Select(t => t.Code));
        Assert.Equal(Taxonomy.Languages.Select(t => t.Code), vocabularies.Languages.Select(t => t.Code));
        Assert.All(vocabularies.Services, t => Assert.False(t.Retired));
        Assert.Equal(0, vocabularies.Version);
    }

    [Fact]
    public async Task Localization_every_seeded_term_has_a_spanish_label_and_a_curator_changes_or_removes_one()
    {
        var taxonomy = NewTaxonomy();
        var seeded = await taxonomy.GetVocabularies();
        Assert.All(seeded.Services.Concat(seeded.Populations).Concat(seeded.Languages), t => Assert.False(string.IsNullOrWhiteSpace(t.Spanish), t.Code));
        Assert.Equal("Albergue y vivienda", seeded.Find(Vocabulary.Services, "shelter-housing")!.LabelIn("es"));
        Assert.Equal("Shelter and housing", seeded.Find(Vocabulary.Services, "shelter-housing")!.LabelIn("en"));

        Assert.True((await taxonomy.SetSpanishLabel(Vocabulary.Services, "shelter-housing", "  Refugio y vivienda ", Curator)).Succeeded);
        var renamed = await taxonomy.GetVocabularies();
        Assert.Equal("Refugio y vivienda", renamed.Find(Vocabulary.Services, "shelter-housing")!.Spanish);
        var history = await taxonomy.GetHistory(5);
        Assert.Contains(history, h => h.Field == "services.shelter-housing.spanish" && h.OldValue == "Albergue y vivienda" && h.NewValue == "Refugio y vivienda");

        // Refused: too long, no letter, another term's Spanish label, an unknown term; nothing changes.
        Assert.Contains((await taxonomy.SetSpanishLabel(Vocabulary.Services, "shelter-housing", new string('a', 81), Curator)).Errors, e => e.Field == "spanish");
        Assert.Contains((await taxonomy.SetSpanishLabel(Vocabulary.Services, "shelter-housing", "--", Curator)).Errors, e => e.Field == "spanish");
        Assert.Contains((await taxonomy.SetSpanishLabel(Vocabulary.Services, "shelter-housing", "ayuda LEGAL", Curator)).Errors, e => e.Field == "spanish");
        Assert.True((await taxonomy.SetSpanishLabel(Vocabulary.Services, "no-such-term", "Algo", Curator)).NotFound);
        Assert.Equal(renamed.Version, (await taxonomy.GetVocabularies()).Version);

        // Empty removes it: the Spanish pages show the English label.
        Assert.True((await taxonomy.SetSpanishLabel(Vocabulary.Services, "shelter-housing", "", Curator)).Succeeded);
        var removed = (await taxonomy.GetVocabularies()).Find(Vocabulary.Services, "shelter-housing")!;
        Assert.Equal(string.Empty, removed.Spanish);
        Assert.Equal("Shelter and housing", removed.LabelIn("es"));
    }

    [Fact]
    public void Localization_vocabularies_stored_before_spanish_labels_take_the_seeds_unless_the_label_was_renamed()
    {
        var old = TaxonomyVocabularies.Seed with
        {
            Services = [.. TaxonomyVocabularies.Seed.Services.Select(t => t.Code == "legal-aid" ? t with { Label = "Legal services", Spanish = null } : t with { Spanish = null })],
        };

        var filled = old.WithSeedSpanish();

        Assert.Equal("Manejo de casos", filled.Find(Vocabulary.Services, "case-management")!.Spanish);
        Assert.Null(filled.Find(Vocabulary.Services, "legal-aid")!.Spanish);
    }

    [Fact]
    public async Task A_curator_adds_a_term_which_is_recorded_and_announced()
    {
        var taxonomy = NewTaxonomy();

        var result = await taxonomy.AddTerm(Vocabulary.Services, " peer-support ", " Peer support ", Curator);

        Assert.True(result.Succeeded);
        Assert.Equal(1, result.Version);
        var vocabularies = await taxonomy.GetVocabularies();
        Assert.Equal(new VocabularyTerm("peer-support", "Peer support"), vocabularies.Services[^1]);
        Assert.Equal(Taxonomy.Services.Count + 1, vocabularies.Services.Length);
        var record = Assert.Single(await taxonomy.GetHistory(10));
        Assert.Equal(("services.peer-support", null, "Peer support", "curator-1", "Casey Curator"), (record.Field, record.OldValue, record.NewValue, record.ActorId, record.ActorName));
        Assert.Equal(ClusterFixture.Clock.GetUtcNow(), record.At);
        var announcement = Assert.Single(await fixture.Node.WaitForAsync(taxonomy.GetPrimaryKeyString(), 1));
        Assert.Equal(AnnouncementKinds.TaxonomyChanged, announcement.Kind);
        Assert.Equal([Topics.Statewide], announcement.Topics.AsEnumerable());
        Assert.Equal("Service term added: Peer support", announcement.Summary);
    }

    public static TheoryData<string, Vocabulary, string, string, string> BadTerms => new()
    {
        { "code missing", Vocabulary.Services, "", "Peer support", "code" },
        { "code with spaces and capitals", Vocabulary.Services, "Peer Support", "Peer support", "code" },
        { "code with a double dash", Vocabulary.Services, "peer--support", "Peer support", "code" },
        { "code too long", Vocabulary.Populations, new string('a', 41), "Elders", "code" },
        { "code already used", Vocabulary.Services, "legal-aid", "Legal help", "code" },
        { "label missing", Vocabulary.Languages, "so", "  ", "label" },
        { "label too long", Vocabulary.Languages, "so", new string('l', 81), "label" },
        { "label already used (any case)", Vocabulary.Services, "legal-help", "LEGAL AID", "label" },
        { "unknown vocabulary", (Vocabulary)9, "peer-support", "Peer support", "vocabulary" },
    };

    [Theory]
    [MemberData(nameof(BadTerms))]
    public async Task A_bad_term_is_refused_with_the_field_to_correct_and_changes_nothing(string _, Vocabulary vocabulary, string code, string label, string field)
    {
        var taxonomy = NewTaxonomy();
        var before = await taxonomy.GetVocabularies();

        var result = await taxonomy.AddTerm(vocabulary, code, label, Curator);

        AssertRefused(result, field);
        var after = await taxonomy.GetVocabularies();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Services.AsEnumerable(), after.Services.AsEnumerable());
        Assert.Equal(before.Populations.AsEnumerable(), after.Populations.AsEnumerable());
        Assert.Equal(before.Languages.AsEnumerable(), after.Languages.AsEnumerable());
        Assert.Empty(await taxonomy.GetHistory(10));
    }

    [Fact]
    public async Task A_change_without_an_actor_is_refused()
    {
        var taxonomy = NewTaxonomy();

        AssertRefused(await taxonomy.AddTerm(Vocabulary.Services, "peer-support", "Peer support", null!), "actor");
        AssertRefused(await taxonomy.RenameTerm(Vocabulary.Services, "legal-aid", "Legal help", new Actor("", "Nobody")), "actor.userId");
        Assert.Equal(0, (await taxonomy.GetVocabularies()).Version);
    }

    [Fact]
    public async Task Renaming_keeps_the_code_and_records_the_old_and_new_label()
    {
        var taxonomy = NewTaxonomy();

        var result = await taxonomy.RenameTerm(Vocabulary.Services, "legal-aid", "Legal services", Curator);

        Assert.True(result.Succeeded);
        var term = (await taxonomy.GetVocabularies()).Find(Vocabulary.Services, "legal-aid");
        Assert.Equal(TaxonomyVocabularies.Seed.Find(Vocabulary.Services, "legal-aid")! with { Label = "Legal services" }, term); // the aliases stay
        var record = Assert.Single(await taxonomy.GetHistory(10));
        Assert.Equal(("services.legal-aid.label", "Legal aid", "Legal services"), (record.Field, record.OldValue, record.NewValue));

        // The same label again changes nothing; an unknown code or a taken label is refused.
        Assert.Equal(1, (await taxonomy.RenameTerm(Vocabulary.Services, "legal-aid", "Legal services", Curator)).Version);
        Assert.True((await taxonomy.RenameTerm(Vocabulary.Services, "spa-days", "Spa days", Curator)).NotFound);
        AssertRefused(await taxonomy.RenameTerm(Vocabulary.Services, "legal-aid", "Medical care", Curator), "label");
        AssertRefused(await taxonomy.RenameTerm(Vocabulary.Services, "legal-aid", "", Curator), "label");
        Assert.Equal(1, (await taxonomy.GetVocabularies()).Version);
    }

    [Fact]
    public async Task Retiring_and_restoring_flips_the_flag_and_keeps_the_term()
    {
        var taxonomy = NewTaxonomy();

        Assert.True((await taxonomy.SetRetired(Vocabulary.Populations, "men", true, Curator)).Succeeded);
        Assert.Equal(TaxonomyVocabularies.Seed.Find(Vocabulary.Populations, "men")! with { Retired = true }, (await taxonomy.GetVocabularies()).Find(Vocabulary.Populations, "men"));
        Assert.Equal(1, (await taxonomy.SetRetired(Vocabulary.Populations, "men", true, Curator)).Version);

        // A retired code stays taken: adding it again points to restoring it.
        var again = await taxonomy.AddTerm(Vocabulary.Populations, "men", "Adult men", Curator);
        AssertRefused(again, "code");
        Assert.Contains("restore", again.Errors[0].Message, StringComparison.Ordinal);

        Assert.True((await taxonomy.SetRetired(Vocabulary.Populations, "men", false, Curator)).Succeeded);
        Assert.False((await taxonomy.GetVocabularies()).Find(Vocabulary.Populations, "men")!.Retired);
        Assert.Equal(["populations.men.retired", "populations.men.retired"], (await taxonomy.GetHistory(10)).Select(r => r.Field));
        Assert.True((await taxonomy.SetRetired(Vocabulary.Populations, "nobody", true, Curator)).NotFound);
    }

    [Fact]
    public async Task A_vocabulary_holds_at_most_64_terms()
    {
        var taxonomy = NewTaxonomy();
        for (var i = Taxonomy.Services.Count; i < TaxonomyGrain.MaxTerms; i++)
        {
            Assert.True((await taxonomy.AddTerm(Vocabulary.Services, $"service-{i}", $"Service {i}", Curator)).Succeeded);
        }

        AssertRefused(await taxonomy.AddTerm(Vocabulary.Services, "one-too-many", "One too many", Curator), "code");
        Assert.Equal(TaxonomyGrain.MaxTerms, (await taxonomy.GetVocabularies()).Services.Length);
    }

    [Fact]
    public async Task An_organization_may_choose_a_newly_added_service_but_not_an_unknown_one()
    {
        var code = NewCode("peer");
        var organization = _grains.GetGrain<IOrganizationGrain>(await CreateOrganizationAsync(_grains));
        var profile = Organization() with { Services = ["shelter-housing", code] };
        AssertRefused(await organization.UpdateProfile(profile, Curator), "services");

        var network = _grains.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy);
        Assert.True((await network.AddTerm(Vocabulary.Services, code, "Peer support " + code, Curator)).Succeeded);

        Assert.True((await organization.UpdateProfile(profile, Curator)).Succeeded);
        Assert.Equal(["shelter-housing", code], (await organization.GetDetails())!.Profile.Services.AsEnumerable());
    }

    [Fact]
    public async Task A_renamed_or_retired_term_keeps_existing_listings_valid_but_is_not_offered_to_new_ones()
    {
        var code = NewCode("drop-in");
        var network = _grains.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy);
        Assert.True((await network.AddTerm(Vocabulary.Services, code, "Drop-in " + code, Curator)).Succeeded);
        var organization = _grains.GetGrain<IOrganizationGrain>(await CreateOrganizationAsync(_grains, Organization() with { Services = ["medical", code] }));

        Assert.True((await network.RenameTerm(Vocabulary.Services, code, "Drop-in center " + code, Curator)).Succeeded);
        Assert.True((await network.SetRetired(Vocabulary.Services, code, true, Curator)).Succeeded);

        // The listing that has it keeps it through an unrelated edit, and stores the same code.
        var edited = Organization() with { Services = ["medical", code], Description = "Open daily." };
        Assert.True((await organization.UpdateProfile(edited, Curator)).Succeeded);
        Assert.Equal(["medical", code], (await organization.GetDetails())!.Profile.Services.AsEnumerable());

        // A listing that does not have it may not choose it now, and is told why.
        var other = _grains.GetGrain<IOrganizationGrain>(NewKey("org"));
        var refused = await other.Create(Organization() with { Services = [code] }, Curator);
        AssertRefused(refused, "services");
        Assert.Contains("retired", refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.Null(await other.GetDetails());
        AssertRefused(await other.CheckProfile(Organization() with { Services = [code] }), "services");
    }
}
