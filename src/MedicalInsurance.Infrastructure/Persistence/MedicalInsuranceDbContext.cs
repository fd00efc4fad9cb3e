using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Reviews;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>
/// The product's database, Identity's tables and the data-protection key ring included: every process that serves the
/// app (a rebuilt container, a second instance) reads the same keys, so sign-in cookies and antiforgery tokens stay valid.
/// </summary>
public sealed class MedicalInsuranceDbContext(DbContextOptions<MedicalInsuranceDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Region> Regions => Set<Region>();

    public DbSet<Township> Townships => Set<Township>();

    public DbSet<Person> Persons => Set<Person>();

    public DbSet<NewbornFile> NewbornFiles => Set<NewbornFile>();

    public DbSet<Coverage> Coverages => Set<Coverage>();

    public DbSet<ClaimSummary> ClaimSummaries => Set<ClaimSummary>();

    public DbSet<RepairPayment> RepairPayments => Set<RepairPayment>();

    public DbSet<Registration> Registrations => Set<Registration>();

    public DbSet<ComputedResult> ComputedResults => Set<ComputedResult>();

    public DbSet<Dashboards.DashboardFigure> DashboardFigures => Set<Dashboards.DashboardFigure>();

    public DbSet<Dashboards.DashboardRefresh> DashboardRefreshes => Set<Dashboards.DashboardRefresh>();

    public DbSet<Dashboards.DashboardPending> DashboardPending => Set<Dashboards.DashboardPending>();

    public DbSet<Imports.ImportRun> ImportRuns => Set<Imports.ImportRun>();

    public DbSet<Imports.ImportError> ImportErrors => Set<Imports.ImportError>();

    public DbSet<Results.YearEndRun> YearEndRuns => Set<Results.YearEndRun>();

    public DbSet<RecomputeRun> RecomputeRuns => Set<RecomputeRun>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ParameterRow> PolicyParameters => Set<ParameterRow>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    /// <summary>The data-protection key ring (ASP.NET Core's XML elements); the app role may read and add, never change or remove.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<NoticeVersion> NoticeVersions => Set<NoticeVersion>();

    public DbSet<Review> Reviews => Set<Review>();

    public DbSet<ReviewEvidence> ReviewEvidence => Set<ReviewEvidence>();

    public DbSet<ReviewQueueItem> ReviewQueueItems => Set<ReviewQueueItem>();

    public DbSet<Population.SmsTemplate> SmsTemplates => Set<Population.SmsTemplate>();

    public DbSet<Dashboards.EnrollmentTarget> EnrollmentTargets => Set<Dashboards.EnrollmentTarget>();

    public DbSet<Dashboards.CityTarget> CityTargets => Set<Dashboards.CityTarget>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Identity names its tables itself; keep them snake_case like every other table.
        modelBuilder.Entity<AppUser>().ToTable("asp_net_users");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityRole>().ToTable("asp_net_roles");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserRole<string>>().ToTable("asp_net_user_roles");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<string>>().ToTable("asp_net_user_claims");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<string>>().ToTable("asp_net_user_logins");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<string>>().ToTable("asp_net_user_tokens");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityRoleClaim<string>>().ToTable("asp_net_role_claims");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MedicalInsuranceDbContext).Assembly);
    }
}
