using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>ASP.NET Core Identity's tables, in the same database as the grain state.</summary>
public sealed class NetworkDbContext(DbContextOptions<NetworkDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<ApplicationUser>().Property(u => u.DisplayName).HasMaxLength(120);
    }
}
