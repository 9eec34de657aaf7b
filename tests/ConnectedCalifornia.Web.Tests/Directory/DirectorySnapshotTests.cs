using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Seeding;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>The search read model's query engine against a plain LINQ filter over the same (demo) listings.</summary>
public sealed class DirectorySnapshotTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly ImmutableArray<DirectoryDocument> Documents = [.. DemoNetworkData.Organizations.Select((o, i) => DirectoryDocument.From(
        new OrganizationDetails(o.Key, o.Profile, o.Verified ? VerificationStatus.Verified : VerificationStatus.Unverified, o.Verified ? At : null, [], false, i + 1, At)))];

    [Fact]
    public void Random_faceted_queries_find_exactly_what_a_plain_filter_finds_with_counts_that_apply_every_other_filter()
    {
        var snapshot = new DirectorySnapshot(Documents);
        var random = new Random(20260501);
        for (var i = 0; i < 400; i++)
        {
            var query = new DirectoryQuery
            {
                // Free text has its own rules and tests (SearchRelevanceTests); facets are compared here.
                Services = Some(random, Taxonomy.Services.Select(t => t.Code)),
                Populations = Some(random, Taxonomy.Populations.Select(t => t.Code)),
                Languages = Some(random, Taxonomy.Languages.Select(t => t.Code)),
                Counties = Some(random, California.Counties.Select(c => c.Fips)),
                AcceptingReferralsOnly = random.Next(3) == 0,
                VerifiedOnly = random.Next(4) == 0,
                Sort = DirectorySort.Name,
                PageSize = 100,
            };

            var expected = DirectoryBaseline.Filter(Documents, query);
            var results = snapshot.Search(query);
            Assert.Equal(expected.Select(d => d.Id), results.Items.Select(h => h.Id));
            Assert.Equal(expected.Count, results.TotalItems);

            // A language's count is what choosing only that language (with every other filter kept) would find.
            foreach (var language in results.Facets.Languages.Where(f => f.Count > 0).Take(3))
            {
                Assert.Equal(DirectoryBaseline.Filter(Documents, query with { Languages = [language.Code] }).Count, language.Count);
            }
        }
    }

    [Fact]
    public void A_Spanish_speaking_service_for_minors_in_Fresno_is_found_and_pages_cut_the_results_in_order()
    {
        var snapshot = new DirectorySnapshot(Documents);
        var query = new DirectoryQuery { Languages = ["es"], Populations = ["minors-csec"], Counties = ["06019"], Sort = DirectorySort.Name, PageSize = 2 };

        var first = snapshot.Search(query);
        var second = snapshot.Search(query with { Page = 2 });

        Assert.Contains(DemoNetworkData.FresnoMinorsShelterKey, DirectoryBaseline.Filter(Documents, query).Select(d => d.Id));
        Assert.True(first.TotalItems >= 3, $"Expected several Fresno services for Spanish-speaking minors, found {first.TotalItems}.");
        Assert.Equal(2, first.Items.Length);
        Assert.Equal(DirectoryBaseline.Filter(Documents, query).Skip(2).Take(2).Select(d => d.Id), second.Items.Select(h => h.Id));
        Assert.All(first.Items, h => Assert.Contains(h.Languages, l => l.Label == "Spanish"));
    }

    [Fact]
    public void Relevance_puts_a_name_match_before_a_description_match_and_text_most_of_whose_words_match_nothing_finds_nothing()
    {
        var snapshot = new DirectorySnapshot(Documents);

        var results = snapshot.Search(new DirectoryQuery { Text = "bright orchard", PageSize = 5 });
        var none = snapshot.Search(new DirectoryQuery { Text = "bright zzzz-no-such-word" });

        Assert.Equal(DemoNetworkData.FresnoMinorsShelterKey, results.Items[0].Id);
        Assert.Equal(0, none.TotalItems);
    }

    [Fact]
    public void Only_public_contacts_enter_the_index()
    {
        var shelter = DemoNetworkData.FindOrganization(DemoNetworkData.FresnoMinorsShelterKey)!;
        Assert.Contains(shelter.Profile.Contacts, c => c.Visibility != Visibility.Public);

        var document = Documents.Single(d => d.Id == shelter.Key);

        Assert.All(document.PublicContacts, c => Assert.Equal(Visibility.Public, c.Visibility));
        Assert.DoesNotContain(document.PublicContacts, c => shelter.Profile.Contacts.Any(x => x.Visibility != Visibility.Public && x.Value == c.Value));
    }

    [Fact]
    public void A_query_with_unknown_codes_or_out_of_range_paging_names_each_wrong_field()
    {
        var errors = new DirectoryQuery
        {
            Text = new string('x', 201),
            Services = ["no-such-service"],
            Counties = ["99999"],
            Languages = ["xx"],
            Page = 0,
            PageSize = 1000,
        }.Validate();

        Assert.Equal(["county", "language", "page", "pageSize", "q", "service"], errors.Keys.Order());
    }

    private static ImmutableArray<string> Some(Random random, IEnumerable<string> codes)
    {
        var all = codes.ToArray();
        return random.Next(3) == 0 ? [] : [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => all[random.Next(all.Length)]).Distinct()];
    }
}
