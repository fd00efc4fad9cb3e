using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Persistence;

public sealed class MedicalInsuranceDbContext(DbContextOptions<MedicalInsuranceDbContext> options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();

    public DbSet<Person> Persons => Set<Person>();

    public DbSet<Coverage> Coverages => Set<Coverage>();

    public DbSet<ClaimSummary> ClaimSummaries => Set<ClaimSummary>();

    public DbSet<RepairPayment> RepairPayments => Set<RepairPayment>();

    public DbSet<Registration> Registrations => Set<Registration>();

    public DbSet<ComputedResult> ComputedResults => Set<ComputedResult>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ParameterRow> PolicyParameters => Set<ParameterRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MedicalInsuranceDbContext).Assembly);
    }
}
