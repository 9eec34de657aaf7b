using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace ConnectedCalifornia.Capacity;

/// <summary>
/// The fixed vocabulary of what a site counts: six kinds of beds and two kinds of non-bed capacity
/// (people and slots). Every category is counted the same way (total, available, held), so a
/// case-management intake slot can be held for a referral just like a bed.
/// </summary>
public static class CapacityCategories
{
    public const string AdultWomen = "adult-women";
    public const string AdultMen = "adult-men";
    public const string Minors = "minors";
    public const string Families = "families";
    public const string Lgbtq = "lgbtq";
    public const string EmergencyOvernight = "emergency-overnight";
    public const string AdvocatesOnCall = "advocates-on-call";
    public const string CaseManagementIntake = "case-management-intake";

    /// <summary>The bed categories, in the order boards show them.</summary>
    public static ImmutableArray<string> Beds { get; } = [AdultWomen, AdultMen, Minors, Families, Lgbtq, EmergencyOvernight];

    /// <summary>Capacity that is not a bed: advocates on call, case-management intake slots.</summary>
    public static ImmutableArray<string> NonBed { get; } = [AdvocatesOnCall, CaseManagementIntake];

    /// <summary>Every category, beds first, in the order boards show them.</summary>
    public static ImmutableArray<string> All { get; } = [.. Beds, .. NonBed];

    private static readonly FrozenDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [AdultWomen] = "adult women",
        [AdultMen] = "adult men",
        [Minors] = "minors",
        [Families] = "families",
        [Lgbtq] = "LGBTQ+",
        [EmergencyOvernight] = "emergency overnight",
        [AdvocatesOnCall] = "advocates on call",
        [CaseManagementIntake] = "case-management intake",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsKnown([NotNullWhen(true)] string? category) => category is not null && Labels.ContainsKey(category);

    public static bool IsBed([NotNullWhen(true)] string? category) => category is not null && Beds.Contains(category);

    /// <summary>How a category reads in a sentence: "adult women", "case-management intake".</summary>
    public static string LabelOf(string category) => Labels.TryGetValue(category, out var label) ? label : category;

    /// <summary>The position of a category in <see cref="All"/> (unknown ones last), for stable ordering.</summary>
    public static int OrderOf(string category)
    {
        var index = All.IndexOf(category);
        return index < 0 ? int.MaxValue : index;
    }
}
