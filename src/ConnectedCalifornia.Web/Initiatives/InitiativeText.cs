using System.Globalization;
using ConnectedCalifornia.Initiatives;

namespace ConnectedCalifornia.Web.Initiatives;

/// <summary>How pages write a goal's amounts: "$12,500" for money, "1,200 signatures" otherwise.</summary>
public static class InitiativeText
{
    public static string Amount(InitiativeGoal goal, long amount) =>
        goal.Measure == GoalMeasure.Money
            ? "$" + amount.ToString("N0", CultureInfo.InvariantCulture)
            : $"{amount.ToString("N0", CultureInfo.InvariantCulture)} {goal.Unit}";

    /// <summary>A bare amount beside "of 700,000 signatures": "$12,500" for money, "1,200" otherwise.</summary>
    public static string Number(InitiativeGoal goal, long amount) =>
        goal.Measure == GoalMeasure.Money ? "$" + amount.ToString("N0", CultureInfo.InvariantCulture) : amount.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>How far the counted number (verified when the goal tracks it) is toward the target, 0–100.</summary>
    public static double Percent(InitiativeGoal goal) => goal.Target <= 0 ? 0 : Math.Min(100, goal.Counted * 100.0 / goal.Target);

    public static string Measure(GoalMeasure measure) => measure == GoalMeasure.Money ? "Money (dollars)" : "A number of things";
}
