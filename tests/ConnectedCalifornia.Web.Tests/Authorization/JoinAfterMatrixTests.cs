namespace ConnectedCalifornia.Web.Tests.Authorization;

/// <summary>
/// The matrix checks catching up (<c>hub JoinAfter</c>) on every topic it checks joining on, with the same roles:
/// a topic's journal is never open to someone its live group is closed to.
/// </summary>
public sealed class JoinAfterMatrixTests
{
    [Fact]
    public void Every_hub_join_row_has_a_join_after_row_with_the_same_topic_and_roles()
    {
        var rows = AuthorizationMatrix.HubMethods;
        var joins = rows.Where(r => r.Key.StartsWith("hub Join(", StringComparison.Ordinal)).ToList();
        foreach (var join in joins)
        {
            var joinAfter = Assert.Single(rows, r => r.Key == "hub JoinAfter(" + join.Key["hub Join(".Length..]);
            Assert.Equal(join.Path, joinAfter.Path);
            Assert.Equal(join.Allowed.Order(), joinAfter.Allowed.Order());
        }

        // The topics the first JoinAfter rows left out are all there.
        foreach (var prefix in new[] { "referral:", "referrals:", "operation:", "operations:", "task-force-invitations:", "person:", "join-request:", "library:curators", "event:", "referral-inbox:" })
        {
            Assert.Contains(rows, r => r.Key.StartsWith("hub JoinAfter(", StringComparison.Ordinal) && r.Path.StartsWith(prefix, StringComparison.Ordinal));
        }

        Assert.Equal(rows.Length, rows.Select(r => r.Key).Distinct().Count());
    }
}
