namespace ConnectedCalifornia.Web.Insights;

/// <summary>
/// Small-number suppression over a set of published counts and the additive relations between them
/// (a total equals the sum of its parts). Every count from 1 to 4 is hidden (primary suppression);
/// then more counts are hidden (complementary suppression) until
/// <list type="number">
/// <item>no relation has exactly one hidden count (it would be the total minus the others),</item>
/// <item>no relation with a visible total has hidden parts that add up to 1–4 (their sum would be a small count), and</item>
/// <item>no hidden count can be worked out from all the visible counts and all the relations together
/// (a Gaussian elimination over the hidden counts finds none determined), which also covers
/// attacks that combine several tables.</item>
/// </list>
/// The count chosen to hide next is the cheapest (details before totals, see <see cref="Count"/>), then the smallest,
/// non-zero visible count of a relation that needs it, so as little as possible is lost; zeros are never hidden
/// (a zero is not a small group of people).
/// </summary>
public sealed class Suppression
{
    public const int Below = 5;

    private readonly List<int> _values = [];
    private readonly List<int> _costs = [];
    private readonly List<(int Total, int[] Parts)> _relations = [];
    private bool[] _hidden = [];

    /// <summary>
    /// Adds a published count; returns its index. <paramref name="cost"/> says how much is lost when it is hidden
    /// to protect another (a detail 1, a line's total more, the state's own line most): the cheapest goes first.
    /// </summary>
    public int Count(int value, int cost = 1)
    {
        _values.Add(value);
        _costs.Add(cost);
        return _values.Count - 1;
    }

    /// <summary>Declares that the count <paramref name="total"/> is the sum of <paramref name="parts"/>.</summary>
    public void Relation(int total, IEnumerable<int> parts) => _relations.Add((total, [.. parts]));

    public int Value(int index) => _values[index];

    public bool IsHidden(int index) => _hidden[index];

    /// <summary>How many counts were hidden to protect others (not small themselves).</summary>
    public int Complementary { get; private set; }

    /// <summary>Decides which counts are hidden.</summary>
    public void Solve()
    {
        _hidden = [.. _values.Select(v => v is > 0 and < Below)];
        while (FixOneRelation() || FixOneDetermined())
        {
            Complementary++;
        }
    }

    private bool FixOneRelation()
    {
        foreach (var (total, parts) in _relations)
        {
            var members = parts.Prepend(total).ToArray();
            var hidden = members.Count(i => _hidden[i]);
            if (hidden == 1 && HideSmallest(members))
            {
                return true;
            }

            if (!_hidden[total] && hidden > 0)
            {
                var hiddenSum = parts.Where(i => _hidden[i]).Sum(i => _values[i]);
                if (hiddenSum is > 0 and < Below && (HideSmallest(parts) || Hide(total)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool FixOneDetermined()
    {
        var determined = Determined();
        if (determined.Count == 0)
        {
            return false;
        }

        // For the first count the relations determine, hide the cheapest visible count of a relation it is in
        // whose hiding leaves it undetermined (trying a few in order); failing that, the cheapest anyway, and go on.
        var index = determined[0];
        var candidates = _relations.Where(r => r.Total == index || r.Parts.Contains(index))
            .SelectMany(r => r.Parts.Prepend(r.Total))
            .Distinct()
            .Where(i => !_hidden[i] && _values[i] > 0)
            .OrderBy(i => _costs[i]).ThenBy(i => _values[i]).ThenBy(i => i)
            .ToList();
        foreach (var i in candidates.Take(12))
        {
            _hidden[i] = true;
            if (!Determined().Contains(index))
            {
                return true;
            }

            _hidden[i] = false;
        }

        if (candidates.Count > 0)
        {
            return Hide(candidates[0]);
        }

        // Nothing visible left around it: hide the cheapest visible count anywhere in a relation with a hidden count.
        var anywhere = _relations.Where(r => r.Parts.Prepend(r.Total).Any(i => _hidden[i]))
            .SelectMany(r => r.Parts.Prepend(r.Total))
            .Where(i => !_hidden[i] && _values[i] > 0)
            .OrderBy(i => _costs[i]).ThenBy(i => _values[i]).ThenBy(i => i)
            .Take(1)
            .ToArray();
        return anywhere.Length == 1 && Hide(anywhere[0]);
    }

    private bool HideSmallest(IEnumerable<int> members)
    {
        var next = members.Where(i => !_hidden[i] && _values[i] > 0).OrderBy(i => _costs[i]).ThenBy(i => _values[i]).ThenBy(i => i).Take(1).ToArray();
        return next.Length == 1 && Hide(next[0]);
    }

    private bool Hide(int index)
    {
        if (_hidden[index] || _values[index] == 0)
        {
            return false;
        }

        _hidden[index] = true;
        return true;
    }

    /// <summary>
    /// The hidden counts that the relations determine: the relations restricted to the hidden counts
    /// (the visible ones are known numbers) are brought to reduced row echelon form; a hidden count is
    /// determined exactly when a row of that form has it alone.
    /// </summary>
    public IReadOnlyList<int> Determined()
    {
        var columns = Enumerable.Range(0, _values.Count).Where(i => _hidden[i]).ToArray();
        if (columns.Length == 0)
        {
            return [];
        }

        var position = columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var rows = new List<double[]>();
        foreach (var (total, parts) in _relations)
        {
            var row = new double[columns.Length];
            var any = false;
            if (position.TryGetValue(total, out var t))
            {
                row[t] += 1;
                any = true;
            }

            foreach (var p in parts)
            {
                if (position.TryGetValue(p, out var j))
                {
                    row[j] -= 1;
                    any = true;
                }
            }

            if (any)
            {
                rows.Add(row);
            }
        }

        const double Epsilon = 1e-9;
        var pivotRow = 0;
        var pivots = new List<(int Row, int Column)>();
        for (var col = 0; col < columns.Length && pivotRow < rows.Count; col++)
        {
            var best = -1;
            for (var r = pivotRow; r < rows.Count; r++)
            {
                if (Math.Abs(rows[r][col]) > Epsilon && (best < 0 || Math.Abs(rows[r][col]) > Math.Abs(rows[best][col])))
                {
                    best = r;
                }
            }

            if (best < 0)
            {
                continue;
            }

            (rows[pivotRow], rows[best]) = (rows[best], rows[pivotRow]);
            var pivot = rows[pivotRow];
            var scale = pivot[col];
            for (var k = col; k < columns.Length; k++)
            {
                pivot[k] /= scale;
            }

            for (var r = 0; r < rows.Count; r++)
            {
                if (r == pivotRow || Math.Abs(rows[r][col]) <= Epsilon)
                {
                    continue;
                }

                var factor = rows[r][col];
                var row = rows[r];
                for (var k = col; k < columns.Length; k++)
                {
                    row[k] -= factor * pivot[k];
                }
            }

            pivots.Add((pivotRow, col));
            pivotRow++;
        }

        return [.. pivots.Where(p => rows[p.Row].Count(v => Math.Abs(v) > Epsilon) == 1).Select(p => columns[p.Column])];
    }
}
