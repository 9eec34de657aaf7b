using System.Buffers;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// The free-text part of a <see cref="DirectorySnapshot"/>: an inverted index of word stems (each
/// listing's best field per stem: name, services, populations, languages and counties, description)
/// and the curated phrases of the taxonomy (labels and aliases). A query is read into clauses, one
/// per meaningful word or recognized phrase; a listing's rank is how many clauses it matches, then
/// where they matched (field weight × match quality: exact stem, prefix, one or two typing mistakes).
/// </summary>
internal sealed class DirectoryTextIndex
{
    // Field weights: where a word occurs in a listing.
    public const int NameWeight = 10;
    public const int ServiceWeight = 6;
    public const int PopulationWeight = 5;
    public const int LanguageWeight = 4;
    public const int CountyWeight = 4;
    public const int DescriptionWeight = 2;

    // Match qualities (out of 10): how well the typed word matched the listing's word.
    public const int Exact = 10;
    public const int Prefix = 7;
    public const int OneEdit = 6;
    public const int TwoEdits = 4;

    private const int MaxWords = 16;
    private const int MaxExpansions = 24;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly string[] _tokens;
    private readonly int[][] _postings;
    private readonly byte[][] _weights;
    private readonly string[] _sorted; // tokens in ordinal order, for prefixes
    private readonly int[] _sortedIds;
    private readonly List<int>[] _byLength;
    private readonly Dictionary<string, List<(string[] Stems, int Concept)>> _phrases = new(StringComparer.Ordinal);
    private readonly List<Concept> _concepts = [];
    private readonly ulong[][] _columns;
    private readonly int _count;

    public DirectoryTextIndex(
        IReadOnlyList<DirectoryDocument> documents,
        TaxonomyView taxonomy,
        Func<Vocabulary, string, int> bitOf,
        ulong[] services,
        ulong[] populations,
        ulong[] languages)
    {
        _count = documents.Count;
        _columns = [services, populations, languages];
        var postings = new List<List<int>>();
        var weights = new List<List<byte>>();
        var best = new Dictionary<int, byte>();
        for (var i = 0; i < documents.Count; i++)
        {
            var d = documents[i];
            best.Clear();
            Add(best, d.Name, NameWeight);
            foreach (var c in d.Services)
            {
                Add(best, taxonomy.Label(Vocabulary.Services, c), ServiceWeight);
            }

            foreach (var c in d.Populations)
            {
                Add(best, taxonomy.Label(Vocabulary.Populations, c), PopulationWeight);
            }

            foreach (var c in d.Languages)
            {
                Add(best, taxonomy.Label(Vocabulary.Languages, c), LanguageWeight);
            }

            foreach (var c in d.Counties)
            {
                Add(best, California.NameOf(c), CountyWeight);
            }

            Add(best, d.Description, DescriptionWeight);
            if (d.SpanishDescription is { Length: > 0 } spanish)
            {
                Add(best, spanish, DescriptionWeight);
            }
            foreach (var (id, weight) in best)
            {
                while (postings.Count <= id)
                {
                    postings.Add([]);
                    weights.Add([]);
                }

                postings[id].Add(i);
                weights[id].Add(weight);
            }
        }

        _tokens = new string[_ids.Count];
        foreach (var (token, id) in _ids)
        {
            _tokens[id] = token;
        }

        _postings = new int[_tokens.Length][];
        _weights = new byte[_tokens.Length][];
        for (var id = 0; id < _tokens.Length; id++)
        {
            _postings[id] = id < postings.Count ? [.. postings[id]] : [];
            _weights[id] = id < weights.Count ? [.. weights[id]] : [];
        }

        _sortedIds = [.. Enumerable.Range(0, _tokens.Length).OrderBy(id => _tokens[id], StringComparer.Ordinal)];
        _sorted = [.. _sortedIds.Select(id => _tokens[id])];
        _byLength = new List<int>[65];
        for (var l = 0; l < _byLength.Length; l++)
        {
            _byLength[l] = [];
        }

        for (var id = 0; id < _tokens.Length; id++)
        {
            _byLength[Math.Min(_tokens[id].Length, 64)].Add(id);
        }

        // The curated phrases: every term's label and aliases find the term.
        foreach (var vocabulary in new[] { Vocabulary.Services, Vocabulary.Populations, Vocabulary.Languages })
        {
            var facetWeight = vocabulary switch
            {
                Vocabulary.Services => ServiceWeight,
                Vocabulary.Populations => PopulationWeight,
                _ => LanguageWeight,
            };
            foreach (var term in taxonomy.All(vocabulary))
            {
                var phrases = new[] { term.Label }.Concat(string.IsNullOrEmpty(term.Spanish) ? [] : [term.Spanish]).Concat(term.Synonyms)
                    .Select(Stems)
                    .Where(s => s.Length > 0)
                    .DistinctBy(s => string.Join(' ', s))
                    .ToList();
                var concept = new Concept(term.Label, (int)vocabulary, 1UL << bitOf(vocabulary, term.Code), facetWeight, [.. phrases.Select(TokenIds).OfType<int[]>()]);
                _concepts.Add(concept);
                foreach (var stems in phrases)
                {
                    if (!_phrases.TryGetValue(stems[0], out var list))
                    {
                        _phrases[stems[0]] = list = [];
                    }

                    list.Add((stems, _concepts.Count - 1));
                }
            }
        }
    }

    /// <summary>How many distinct word stems the listings have.</summary>
    public int WordCount => _tokens.Length;

    /// <summary>Reads a query: a place it names, and one clause per meaningful word or recognized phrase.</summary>
    public TextQuery Parse(string? text)
    {
        var words = SearchText.Words(text);
        if (words.Length > MaxWords)
        {
            words = words[..MaxWords];
        }

        // A place: a California ZIP code, or the longest city or county name.
        Place? place = null;
        var used = new bool[words.Length];
        var bonus = new List<string>();
        for (var i = 0; i < words.Length && place is null; i++)
        {
            if (CaliforniaPlaces.Zip(words[i]) is { } zip)
            {
                place = zip;
                used[i] = true;
                break;
            }

            for (var n = Math.Min(CaliforniaPlaces.LongestName, words.Length - i); n >= 1; n--)
            {
                if (CaliforniaPlaces.Named(string.Join(' ', words, i, n)) is { } named)
                {
                    place = named;
                    for (var k = i; k < i + n; k++)
                    {
                        used[k] = true;
                        bonus.Add(words[k]); // also a word of names ("Sierra Mirador Police"), but it does not count as a match
                    }

                    break;
                }
            }
        }

        var remaining = words.Where((w, i) => !used[i] && !SearchText.IsStopWord(w)).ToArray();
        var stems = remaining.Select(SearchText.Stem).ToArray();
        var clauses = new List<Clause>();
        for (var i = 0; i < stems.Length;)
        {
            // The longest curated phrase starting here ("violencia domestica", "t visa", "abogado").
            var matched = 0;
            var concepts = new List<int>();
            if (_phrases.TryGetValue(stems[i], out var candidates))
            {
                foreach (var (phrase, concept) in candidates)
                {
                    if (phrase.Length >= matched && phrase.Length <= stems.Length - i && phrase.AsSpan().SequenceEqual(stems.AsSpan(i, phrase.Length)))
                    {
                        if (phrase.Length > matched)
                        {
                            concepts.Clear();
                            matched = phrase.Length;
                        }

                        concepts.Add(concept);
                    }
                }
            }

            if (matched > 0)
            {
                var clause = new Clause(string.Join(' ', remaining, i, matched), false);
                foreach (var c in concepts.Distinct())
                {
                    AddConcept(clause, _concepts[c], Exact);
                }

                // The words themselves too (a description that says "shelter" when no service is marked).
                if (TokenIds(stems[i..(i + matched)]) is { } ids)
                {
                    clause.Alternatives.Add(new Alternative(ids, Exact));
                }

                clauses.Add(clause);
                i += matched;
                continue;
            }

            clauses.Add(WordClause(remaining[i], stems[i], false));
            i++;
        }

        foreach (var word in bonus.Where(w => !SearchText.IsStopWord(w)))
        {
            clauses.Add(WordClause(word, SearchText.Stem(word), true));
        }

        return new TextQuery(clauses, place);
    }

    /// <summary>
    /// The listings that match enough clauses (all of one or two, at least half of more), each with
    /// how many clauses it matched and its weighted score. Arrays are rented and handed back.
    /// </summary>
    public List<TextMatch> Evaluate(TextQuery query)
    {
        var counted = query.Clauses.Count(c => !c.Bonus);
        var required = counted <= 2 ? 1 : (counted + 1) / 2;
        var result = new List<TextMatch>();
        if (counted == 0)
        {
            return result;
        }

        var score = ArrayPool<int>.Shared.Rent(_count);
        var count = ArrayPool<byte>.Shared.Rent(_count);
        var best = ArrayPool<int>.Shared.Rent(_count);
        var facet = ArrayPool<int>.Shared.Rent(_count);
        Array.Clear(score, 0, _count);
        Array.Clear(count, 0, _count);
        Array.Clear(best, 0, _count);
        Array.Clear(facet, 0, _count);
        var touched = new List<int>();
        var inClause = new List<int>();
        try
        {
            foreach (var clause in query.Clauses.OrderBy(c => c.Bonus))
            {
                inClause.Clear();
                foreach (var alternative in clause.Alternatives)
                {
                    Offer(alternative, best, inClause);
                }

                foreach (var (column, bit, weight) in clause.Facets)
                {
                    var values = _columns[column];
                    for (var e = 0; e < _count; e++)
                    {
                        if ((values[e] & bit) != 0)
                        {
                            if (best[e] == 0 && facet[e] == 0)
                            {
                                inClause.Add(e);
                            }

                            facet[e] = Math.Max(facet[e], weight);
                        }
                    }
                }

                // A clause's score: its best match in the text plus the term the listing carries, if any.
                foreach (var e in inClause)
                {
                    var points = best[e] + facet[e];
                    if (clause.Bonus)
                    {
                        if (count[e] > 0)
                        {
                            score[e] += points / 2;
                        }
                    }
                    else
                    {
                        if (count[e] == 0)
                        {
                            touched.Add(e);
                        }

                        count[e]++;
                        score[e] += points;
                    }

                    best[e] = 0;
                    facet[e] = 0;
                }
            }

            foreach (var e in touched)
            {
                if (count[e] >= required)
                {
                    result.Add(new TextMatch(e, count[e], score[e]));
                }
            }

            return result;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(score);
            ArrayPool<byte>.Shared.Return(count);
            ArrayPool<int>.Shared.Return(best);
            ArrayPool<int>.Shared.Return(facet);
        }
    }

    private void Offer(Alternative alternative, int[] best, List<int> inClause)
    {
        var ids = alternative.Tokens;
        if (ids.Length == 1)
        {
            var postings = _postings[ids[0]];
            var weights = _weights[ids[0]];
            for (var k = 0; k < postings.Length; k++)
            {
                Take(postings[k], weights[k] * alternative.Quality, best, inClause);
            }

            return;
        }

        // Every word of a phrase must occur: walk the rarest one and look the others up.
        var rarest = ids.MinBy(id => _postings[id].Length);
        var first = _postings[rarest];
        for (var k = 0; k < first.Length; k++)
        {
            var e = first[k];
            var weight = (int)_weights[rarest][k];
            var all = true;
            foreach (var id in ids)
            {
                if (id == rarest)
                {
                    continue;
                }

                var at = Array.BinarySearch(_postings[id], e);
                if (at < 0)
                {
                    all = false;
                    break;
                }

                weight = Math.Min(weight, _weights[id][at]);
            }

            if (all)
            {
                Take(e, weight * alternative.Quality, best, inClause);
            }
        }
    }

    private static void Take(int e, int weight, int[] best, List<int> inClause)
    {
        if (best[e] == 0)
        {
            inClause.Add(e);
        }

        if (weight > best[e])
        {
            best[e] = weight;
        }
    }

    private Clause WordClause(string word, string stem, bool bonus)
    {
        var clause = new Clause(word, bonus);
        if (_ids.TryGetValue(stem, out var exact))
        {
            clause.Alternatives.Add(new Alternative([exact], Exact));
            return clause; // a word the directory knows is taken as it is ("men" is not "mental")
        }

        if (word.Length >= 3 && !word.All(char.IsDigit))
        {
            // Still being typed: words that start with it.
            var from = LowerBound(word);
            for (var k = from; k < _sorted.Length && k - from < MaxExpansions && _sorted[k].StartsWith(word, StringComparison.Ordinal); k++)
            {
                clause.Alternatives.Add(new Alternative([_sortedIds[k]], Prefix));
            }
        }

        var tolerance = SearchText.Tolerance(stem.Length);
        if (tolerance > 0 && !stem.All(char.IsDigit))
        {
            var found = 0;
            for (var length = Math.Max(1, stem.Length - tolerance); length <= Math.Min(64, stem.Length + tolerance) && found < MaxExpansions; length++)
            {
                foreach (var id in _byLength[length])
                {
                    var token = _tokens[id];
                    if (token[0] != stem[0] && (token.Length < 2 || stem.Length < 2 || token[1] != stem[1]))
                    {
                        continue; // a typo rarely hits both of the first two letters
                    }

                    if (SearchText.WithinEdits(stem, token, 1))
                    {
                        clause.Alternatives.Add(new Alternative([id], OneEdit));
                        found++;
                    }
                    else if (tolerance > 1 && SearchText.WithinEdits(stem, token, 2))
                    {
                        clause.Alternatives.Add(new Alternative([id], TwoEdits));
                        found++;
                    }
                }
            }

            // A misspelt alias or label ("abogdo", "refugo") finds its term.
            foreach (var (first, list) in _phrases)
            {
                if (Math.Abs(first.Length - stem.Length) <= tolerance && SearchText.WithinEdits(stem, first, tolerance))
                {
                    foreach (var (phrase, concept) in list)
                    {
                        if (phrase.Length == 1)
                        {
                            AddConcept(clause, _concepts[concept], OneEdit);
                        }
                    }
                }
            }
        }

        return clause;
    }

    private static void AddConcept(Clause clause, Concept concept, int quality)
    {
        clause.Facets.Add((concept.Column, concept.Bit, concept.FacetWeight * quality));
        foreach (var ids in concept.Phrases)
        {
            clause.Alternatives.Add(new Alternative(ids, quality));
        }
    }

    private int LowerBound(string prefix)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (string.CompareOrdinal(_sorted[mid], prefix) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private int[]? TokenIds(string[] stems)
    {
        var ids = new int[stems.Length];
        for (var k = 0; k < stems.Length; k++)
        {
            if (!_ids.TryGetValue(stems[k], out ids[k]))
            {
                return null;
            }
        }

        return ids;
    }

    private static string[] Stems(string phrase) =>
        [.. SearchText.Words(phrase).Where(w => !SearchText.IsStopWord(w)).Select(SearchText.Stem)];

    private void Add(Dictionary<int, byte> best, string text, int weight)
    {
        foreach (var word in SearchText.Words(text))
        {
            if (SearchText.IsStopWord(word))
            {
                continue;
            }

            var stem = SearchText.Stem(word);
            if (!_ids.TryGetValue(stem, out var id))
            {
                id = _ids.Count;
                _ids[stem] = id;
            }

            if (!best.TryGetValue(id, out var held) || held < weight)
            {
                best[id] = (byte)weight;
            }
        }
    }

    private sealed record Concept(string Label, int Column, ulong Bit, int FacetWeight, int[][] Phrases);
}

/// <summary>One way a listing can satisfy a clause: all of these stems, at this quality.</summary>
internal sealed record Alternative(int[] Tokens, int Quality);

/// <summary>One meaningful word or curated phrase of a query. A bonus clause (a place name) adds to the score but is not counted as a match.</summary>
internal sealed class Clause(string text, bool bonus)
{
    public string Text { get; } = text;

    public bool Bonus { get; } = bonus;

    public List<Alternative> Alternatives { get; } = [];

    /// <summary>Listings carrying a taxonomy term: facet column (0 services, 1 populations, 2 languages), bit, weight.</summary>
    public List<(int Column, ulong Bit, int Weight)> Facets { get; } = [];
}

internal sealed record TextQuery(List<Clause> Clauses, Place? Place)
{
    public bool HasWords => Clauses.Any(c => !c.Bonus);
}

internal readonly record struct TextMatch(int Index, int Count, int Score);
